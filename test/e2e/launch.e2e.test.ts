import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleTemplate } from '../support/example-template.ts';
import { FlowFixture } from '../support/flow-fixture.ts';
import { freePort } from '../support/free-port.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { seriousAxeViolations } from './support/accessibility.ts';
import { ConsoleWatch, Screenshots } from './support/browser.ts';
import { checkEachTest, chromiumForFile } from './support/test-lifecycle.ts';

/**
 * LAUNCH and Cyclr's embedded sign-in link in Chromium, at a phone's width: the partner's page opens
 * the LAUNCH link in a popup, the end user connects Capsule through the sandbox's consent page and
 * finishes with the keyboard alone, and the partner's page receives Cyclr's result. Every page passes
 * axe with no serious or critical violation.
 */

const PHONE = { width: 390, height: 844 };
const LOGO =
  'data:image/svg+xml;base64,' +
  Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"><circle cx="16" cy="16" r="14" fill="#7a4b00"/></svg>',
  ).toString('base64');
const toDocs = process.env.PLUGBOARD_DOCS_SCREENSHOTS === '1';

/** The partner's own page: opens the LAUNCH link in a popup and shows what it posts back. */
function partnerPage(plugboardOrigin: string): string {
  return `<!doctype html><html lang="en"><head><title>Partner</title></head><body><main>
<button id="launch">Set up integrations</button>
<p id="result">waiting</p>
<script>
const params = new URLSearchParams(location.search);
document.getElementById('launch').addEventListener('click', () => {
  window.open(params.get('link'), 'plugboard-launch', 'popup,width=390,height=844');
});
window.addEventListener('message', (event) => {
  if (event.origin !== ${JSON.stringify(plugboardOrigin)}) return;
  document.getElementById('result').textContent = JSON.stringify(event.data);
});
</script></main></body></html>`;
}

const browser = chromiumForFile({ withConsoleBuild: true });

for (const kind of testDatabaseKinds()) {
  describe.sequential(`LAUNCH and the account page in Chromium [${kind.kind}]`, { timeout: 60_000 }, () => {
    let database: TestDatabase;
    let fixture: FlowFixture;
    let partnerServer: Server;
    let partnerOrigin: string;
    let context: BrowserContext;
    const consoleWatch = new ConsoleWatch();
    const shots = new Screenshots(`launch-${kind.kind}`, toDocs && kind.kind === 'sqlite');

    const launchLink = async (account: string, body: Record<string, unknown> = {}) => {
      const response = await fixture.partner.call('POST', `/v1.0/accounts/${account}/launch`, { body });
      if (response.status !== 200) throw new Error(`launch: ${response.text}`);
      return response.json() as { AccountId: string; LaunchUrl: string; Token: string };
    };
    const newPage = async () => {
      const page = await context.newPage();
      consoleWatch.watch(page);
      return page;
    };
    /** Presses Tab until the focused element has this accessible label (or text); fails after 15 presses. */
    const tabTo = async (page: Page, label: string) => {
      for (let presses = 0; presses < 15; presses++) {
        await page.keyboard.press('Tab');
        const focused = await page.evaluate<string>(
          "(e => e?.getAttribute('aria-label') ?? e?.labels?.[0]?.textContent ?? e?.textContent ?? '')(document.activeElement)",
        );
        if (focused.trim() === label) return;
      }
      throw new Error(`could not reach "${label}" with the Tab key`);
    };

    beforeAll(async () => {
      database = await kind.create();
      const port = await freePort();
      partnerOrigin = `http://localhost:${port}`;
      fixture = await FlowFixture.start(database);
      const settings = await fixture.partner.call('PUT', '/v1.0/settings', {
        body: {
          AllowedOrigins: [partnerOrigin],
          PartnerName: 'Acme CRM',
          PartnerColour: '#ffcc00',
          PartnerLogo: LOGO,
        },
      });
      if (settings.status !== 200) throw new Error(settings.text);
      for (const template of [
        exampleTemplate(),
        { ...exampleTemplate({ Name: 'Not for LAUNCH' }), Tags: ['other'] },
      ]) {
        const imported = await fixture.partner.call('POST', '/v1.0/templates/import', { body: template });
        if (imported.status !== 200) throw new Error(imported.text);
      }
      partnerServer = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' }).end(partnerPage(fixture.app.baseUrl));
      });
      await new Promise<void>((resolve) => partnerServer.listen(port, '127.0.0.1', resolve));
      context = await browser().newContext({ viewport: PHONE, deviceScaleFactor: 1 });
      context.setDefaultTimeout(15_000);
    }, 60_000);
    checkEachTest(consoleWatch, () => undefined);
    afterAll(async () => {
      await context?.close();
      partnerServer?.close();
      await fixture?.close();
      await database?.drop();
    });

    it('opens from the partner’s page, connects Capsule and reports the result, with the keyboard alone at 390 px', async () => {
      const link = await launchLink('new-customer', {
        AccountName: 'New Customer',
        CompleteParameter: 'order-42',
        Tags: ['contacts'],
        ConnectorAuthentications: [{ Name: 'Capsule', Version: 'v2' }],
      });
      const partner = await newPage();
      await partner.goto(`${partnerOrigin}/?link=${encodeURIComponent(link.LaunchUrl)}`);
      const [launch] = await Promise.all([partner.waitForEvent('popup'), partner.click('#launch')]);
      consoleWatch.watch(launch);
      await launch.getByRole('heading', { level: 1, name: 'Set up your integrations' }).waitFor();
      expect(new URL(launch.url()).pathname).toBe('/launch');
      expect(launch.url()).not.toContain(link.Token);
      await launch.getByText('Not connected').waitFor();
      await launch.getByRole('heading', { level: 3, name: 'New Capsule contacts to my app' }).waitFor();
      expect(await launch.getByText('Not for LAUNCH').count()).toBe(0);
      expect(await launch.locator('header').textContent()).toContain('Acme CRM');
      expect(await seriousAxeViolations(launch)).toEqual([]);
      expect(await launch.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
        PHONE.width,
      );
      await shots.take(launch, 'launch-page');

      await tabTo(launch, 'Connect Capsule v2');
      const [signIn] = await Promise.all([launch.waitForEvent('popup'), launch.keyboard.press('Enter')]);
      await signIn.locator('button[value="allow"]').focus();
      await signIn.keyboard.press('Enter');
      await launch.getByText('Connected', { exact: true }).waitFor();
      await launch.getByText('Capsule v2 is connected.').waitFor({ state: 'attached' });
      expect(await seriousAxeViolations(launch)).toEqual([]);
      await shots.take(launch, 'launch-connected');

      const integration = 'New Capsule contacts to my app';
      await tabTo(launch, "Your app's URL");
      await launch.keyboard.type(`${partnerOrigin}/hook`);
      await tabTo(launch, `Switch on ${integration}`);
      await launch.keyboard.press('Enter');
      await launch.getByRole('button', { name: `Switch off ${integration}` }).waitFor();
      await launch.getByText(`${integration} is on.`).waitFor({ state: 'attached' });
      expect(await seriousAxeViolations(launch)).toEqual([]);
      await shots.take(launch, 'launch-switched-on', { docs: true, fullPage: true });
      const cycles = (await fixture.partner.call('GET', '/v1.0/cycles', { account: 'new-customer' })).json();
      expect(cycles).toHaveLength(1);
      expect(cycles[0]).toMatchObject({ Status: 'Active' });
      const variables = (
        await fixture.partner.call('GET', `/v1.0/cycles/${cycles[0].Id}/variables`, {
          account: 'new-customer',
        })
      ).json();
      expect(JSON.stringify(variables)).toContain(`${partnerOrigin}/hook`);

      await tabTo(launch, 'Done');
      await Promise.all([launch.waitForEvent('close'), launch.keyboard.press('Enter').catch(() => {})]);
      await partner.waitForFunction("document.getElementById('result').textContent !== 'waiting'");
      expect(JSON.parse((await partner.textContent('#result')) ?? '')).toEqual({
        accountId: 'new-customer',
        cycleId: cycles[0].Id,
        status: 'Completed',
        templateId: cycles[0].TemplateId,
        errors: [],
        completeParameter: 'order-42',
      });
      const connectors = await fixture.partner.call('GET', '/v1.0/account/connectors', {
        account: 'new-customer',
      });
      expect(connectors.json()).toMatchObject([{ Authenticated: true, Connector: { Name: 'Capsule' } }]);
    });

    it('works once: the same LAUNCH link again, or a made-up one, ends on a page that says why', async () => {
      const link = await launchLink('new-customer');
      const page = await newPage();
      await page.goto(link.LaunchUrl);
      await page.getByRole('heading', { level: 1, name: 'Set up your integrations' }).waitFor();
      consoleWatch.allow(/status of 403/);
      expect((await page.goto(link.LaunchUrl))?.status()).toBe(403);
      expect(await page.textContent('h1')).toContain('already been used');
      expect(
        (await page.goto(`${fixture.app.baseUrl}/account/signinwithtoken?token=made-up`))?.status(),
      ).toBe(403);
      expect(await page.textContent('h1')).toContain('not valid');
      await page.close();
    });

    it('without an opener, sends the browser back to TargetOrigin with the result in the query', async () => {
      const link = await launchLink('new-customer', {
        TargetOrigin: `${partnerOrigin}/integrations/done`,
        CompleteParameter: 'x',
      });
      const page = await newPage();
      await page.goto(link.LaunchUrl);
      await page.getByRole('button', { name: 'Switch off New Capsule contacts to my app' }).click();
      await page.getByRole('button', { name: 'Switch on New Capsule contacts to my app' }).waitFor();
      const cycles = (await fixture.partner.call('GET', '/v1.0/cycles', { account: 'new-customer' })).json();
      expect(cycles[0]).toMatchObject({ Status: 'Paused' });
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.waitForURL(`${partnerOrigin}/integrations/done?**`);
      const result = JSON.parse(new URL(page.url()).searchParams.get('plugboardLaunchResult') ?? '');
      expect(result).toMatchObject({
        accountId: 'new-customer',
        status: 'Cancelled',
        completeParameter: 'x',
      });
      await page.close();
    });

    it('signs the account user in to their own account page with Cyclr’s embedded sign-in link, and nowhere else', async () => {
      await fixture.createAccount('acme');
      const mine = await fixture.install('acme', 'Capsule at Acme');
      await fixture.createAccount('globex');
      const theirs = await fixture.install('globex', 'Capsule at Globex');
      const token = await fixture.signInToken('acme', 'jo@acme.example');
      const templateId = (await fixture.partner.call('GET', '/v1.0/templates?tag=contacts')).json()[0]
        .Id as string;
      const page = await newPage();
      await page.goto(`${fixture.app.baseUrl}/account/signinwithtoken?token=${encodeURIComponent(token)}`);
      await page.getByRole('heading', { level: 1, name: 'Your integrations' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/account');
      await page.getByText('Capsule at Acme').waitFor();
      expect(await page.getByText('Capsule at Globex').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Done' }).count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shots.take(page, 'account-page');
      const cookie = (await context.cookies(fixture.app.baseUrl)).find(
        (c) => c.name === 'pb_account_session',
      );
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

      consoleWatch.allow(/status of (401|403|404)/);
      const calls = await page.evaluate(
        async ({ mine, theirs, templateId }) => {
          const session = (await (await fetch('/account-api/session')).json()) as { CsrfToken: string };
          const post = (path: string, csrf: string | null) =>
            fetch(path, { method: 'POST', headers: csrf ? { 'x-csrf-token': csrf } : {} }).then(
              (r) => r.status,
            );
          return {
            noCsrf: await post(`/account-api/connectors/${mine}/authorize`, null),
            ownConnector: await post(`/account-api/connectors/${mine}/authorize`, session.CsrfToken),
            otherAccount: await post(`/account-api/connectors/${theirs}/authorize`, session.CsrfToken),
            partnerApi: (await fetch('/v1.0/accounts')).status,
            hiddenVariable: await fetch(`/account-api/integrations/${templateId}/switch-on`, {
              method: 'POST',
              headers: { 'x-csrf-token': session.CsrfToken, 'content-type': 'application/json' },
              body: JSON.stringify({ Variables: { NotShown: 'x' } }),
            }).then((r) => r.status),
          };
        },
        { mine, theirs, templateId },
      );
      expect(calls).toEqual({
        noCsrf: 403,
        ownConnector: 200,
        otherAccount: 404,
        partnerApi: 401,
        hiddenVariable: 403,
      });
      // The refused switch installed nothing.
      expect((await fixture.partner.call('GET', '/v1.0/cycles', { account: 'acme' })).json()).toEqual([]);
      await page.close();
    });
  });
}
