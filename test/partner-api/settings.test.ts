import { expect, it } from 'vitest';
import { describeApi } from '../support/api-harness.ts';

describeApi(
  'GET/PUT /v1.0/settings',
  (harness) => {
    const put = (body: unknown) => harness().call('PUT', '/v1.0/settings', { body });

    it('shows the service domain and callback from configuration, and no allowed origins at first', async () => {
      const response = await harness().call('GET', '/v1.0/settings');
      expect(response.status).toBe(200);
      expect(response.json()).toEqual({
        ServiceDomain: 'http://plugboard.test',
        CallbackUrl: 'http://plugboard.test/connector/callback',
        AllowedOrigins: [],
        AllowedOutboundHosts: [],
        AllowPrivateAddresses: false,
        PartnerName: null,
        PartnerLogo: null,
        PartnerColour: null,
        ConsoleOriginAdded: false,
      });
    });

    it('stores allowed origins normalised and de-duplicated', async () => {
      const response = await put({
        AllowedOrigins: ['HTTPS://App.Example.com:443/', 'https://app.example.com', 'http://localhost:5173'],
      });
      expect(response.status).toBe(200);
      expect(response.json().AllowedOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
      expect((await harness().call('GET', '/v1.0/settings')).json().AllowedOrigins).toEqual([
        'https://app.example.com',
        'http://localhost:5173',
      ]);
      expect(await harness().app.services.settings.allowedOrigins()).toEqual([
        'https://app.example.com',
        'http://localhost:5173',
      ]);
    });

    it('names every bad origin and why in one 400, changing nothing', async () => {
      const response = await put({
        AllowedOrigins: [
          'https://ok.example.com',
          'http://plain.example.com',
          'https://x.example.com/app',
          'https://*.example.com',
          '7',
        ],
      });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({
        Message:
          'AllowedOrigins must hold exact origins (scheme://host[:port], https except for localhost): "http://plain.example.com" must use https (http is allowed only for localhost); "https://x.example.com/app" must not have a path; "https://*.example.com" must not contain a wildcard; "7" must start with https:// (or http:// for localhost).',
      });
      expect((await harness().call('GET', '/v1.0/settings')).json().AllowedOrigins).toEqual([
        'https://app.example.com',
        'http://localhost:5173',
      ]);
    });

    it('refuses an origin that is not text, naming the entry, instead of reading it as text', async () => {
      const response = await put({ AllowedOrigins: ['https://ok.example.com', 7] });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ Message: 'AllowedOrigins[1] must be a string.' });
      expect((await harness().call('GET', '/v1.0/settings')).json().AllowedOrigins).toHaveLength(2);
    });

    it('is partial: a body without AllowedOrigins keeps them, null empties them', async () => {
      expect((await put({})).json().AllowedOrigins).toHaveLength(2);
      expect((await put({ AllowedOrigins: null })).json().AllowedOrigins).toEqual([]);
    });

    it('accepts the read-only fields sent back unchanged and refuses a change to them', async () => {
      const current = (await harness().call('GET', '/v1.0/settings')).json();
      const echoed = await put({ ...current, AllowedOrigins: ['https://app.example.com'] });
      expect(echoed.status).toBe(200);
      expect(echoed.json().AllowedOrigins).toEqual(['https://app.example.com']);
      const changed = await put({ ServiceDomain: 'https://elsewhere.example.com', AllowedOrigins: [] });
      expect(changed.status).toBe(400);
      expect(changed.json()).toEqual({
        Message:
          'ServiceDomain is read-only: it is set by PLUGBOARD_PUBLIC_URL and cannot be changed through the API.',
      });
      const callback = await put({ CallbackUrl: 'https://elsewhere.example.com/cb' });
      expect(callback.status).toBe(400);
      expect(callback.json().Message).toMatch(/^CallbackUrl is read-only/);
      expect((await harness().call('GET', '/v1.0/settings')).json().AllowedOrigins).toEqual([
        'https://app.example.com',
      ]);
    });

    it('stores the partner name, logo and colour for the LAUNCH page, and clears one with null', async () => {
      const logo = `data:image/png;base64,${Buffer.from('not really a png').toString('base64')}`;
      const response = await put({ PartnerName: '  Acme CRM ', PartnerLogo: logo, PartnerColour: '#0B5CAD' });
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({
        PartnerName: 'Acme CRM',
        PartnerLogo: logo,
        PartnerColour: '#0b5cad',
      });
      const cleared = await put({ PartnerLogo: null });
      expect(cleared.json()).toMatchObject({
        PartnerName: 'Acme CRM',
        PartnerLogo: null,
        PartnerColour: '#0b5cad',
      });
    });

    it('refuses a logo that is not a data:image URI and a colour that is not #rrggbb, changing nothing', async () => {
      const before = (await harness().call('GET', '/v1.0/settings')).json();
      const cases: [unknown, string][] = [
        [{ PartnerLogo: 'https://cdn.example/logo.png' }, 'PartnerLogo must be a data:image/'],
        [{ PartnerLogo: 'data:text/html;base64,PGgxPg==' }, 'PartnerLogo must be a data:image/'],
        [{ PartnerColour: 'red' }, 'PartnerColour must be a colour in the form #rrggbb'],
        [{ PartnerName: 'x'.repeat(101) }, 'PartnerName must be at most 100 characters'],
        [{ AllowedOrigins: ['https://ok.example'], PartnerColour: 'blue' }, 'PartnerColour'],
      ];
      for (const [body, message] of cases) {
        const response = await put(body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.json().Message).toContain(message);
      }
      expect((await harness().call('GET', '/v1.0/settings')).json()).toEqual(before);
    });

    it('refuses AllowedOrigins that is not a list', async () => {
      const response = await put({ AllowedOrigins: { first: 'https://app.example.com' } });
      expect(response.status).toBe(400);
      expect(Object.keys(response.json())).toEqual(['Message']);
    });

    it('stores AllowedOutboundHosts normalised and de-duplicated', async () => {
      const response = await put({
        AllowedOutboundHosts: [
          'API.Example.com',
          'api.example.com',
          'hooks.example.com:8443',
          '*.Example.org',
        ],
      });
      expect(response.status).toBe(200);
      expect(response.json().AllowedOutboundHosts).toEqual([
        'api.example.com',
        'hooks.example.com:8443',
        '*.example.org',
      ]);
      expect(await harness().app.services.settings.allowedOutboundHosts()).toEqual([
        'api.example.com',
        'hooks.example.com:8443',
        '*.example.org',
      ]);
    });

    it('names every bad outbound host in one 400 and changes nothing, not even the valid fields', async () => {
      const response = await put({
        AllowedOrigins: ['https://changed.example.com'],
        AllowedOutboundHosts: ['ok.example.com', 'https://x.example.com', '*.com'],
      });
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({
        Message:
          'AllowedOutboundHosts must hold host, host:port or *.example.com: "https://x.example.com" must be host, host:port or *.example.com (no scheme, path or wildcard inside); "*.com" a wildcard must cover a domain with at least two labels, e.g. *.example.com.',
      });
      const after = (await harness().call('GET', '/v1.0/settings')).json();
      expect(after.AllowedOrigins).not.toContain('https://changed.example.com');
      expect(after.AllowedOutboundHosts).toHaveLength(3);
    });

    it('AllowPrivateAddresses defaults to false on a public service domain, can be set, and null restores the default', async () => {
      expect((await put({ AllowPrivateAddresses: true })).json().AllowPrivateAddresses).toBe(true);
      expect(await harness().app.services.settings.allowPrivateAddresses()).toBe(true);
      expect((await put({ AllowPrivateAddresses: null })).json().AllowPrivateAddresses).toBe(false);
      const bad = await put({ AllowPrivateAddresses: 'yes' });
      expect(bad.status).toBe(400);
      expect(bad.json().Message).toMatch(/AllowPrivateAddresses/);
    });
  },
  { allowPrivateAddresses: null },
);

describeApi(
  "PUT /v1.0/settings and the console's own origin",
  (harness) => {
    const put = (body: unknown) => harness().call('PUT', '/v1.0/settings', { body });
    const CONSOLE = 'http://localhost:4123';

    it('remembers that the console origin was added, and says so when a list drops it', async () => {
      const added = await put({ AllowedOrigins: ['https://app.example.com', CONSOLE] });
      expect(added.status).toBe(200);
      expect(added.json().ConsoleOriginAdded).toBe(true);
      expect(added.headers['plugboard-notice']).toBeUndefined();

      const dropped = await put({ AllowedOrigins: ['https://app.example.com'] });
      expect(dropped.status).toBe(200);
      expect(dropped.json().AllowedOrigins).toEqual(['https://app.example.com']);
      expect(dropped.headers['plugboard-notice']).toMatch(
        /^Removed the console's own origin http:\/\/localhost:4123 from AllowedOrigins; the console will not add it again/,
      );
      // Still remembered, so the console does not add it back.
      expect((await harness().call('GET', '/v1.0/settings')).json().ConsoleOriginAdded).toBe(true);
      expect(
        (await put({ AllowedOrigins: ['https://other.example.com'] })).headers['plugboard-notice'],
      ).toBeUndefined();
    });
  },
  { env: { PLUGBOARD_PUBLIC_URL: 'http://localhost:4123' } },
);
