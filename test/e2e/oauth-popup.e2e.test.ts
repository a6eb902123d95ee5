import { createServer, type Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.ts';
import { FlowFixture } from '../support/flow-fixture.ts';
import { freePort } from '../support/free-port.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';

/**
 * The partner's page, on its own origin: a button opens the sign-in link in a popup; the page listens for
 * the message and checks where it came from, exactly as the README tells partners to.
 */
function partnerPage(plugboardOrigin: string): string {
  return `<!doctype html><html><body>
<button id="connect">Connect Capsule</button>
<p id="result">waiting</p>
<script>
const params = new URLSearchParams(location.search);
document.getElementById('connect').addEventListener('click', () => {
  window.open(params.get('link'), 'plugboard', 'width=600,height=700');
});
window.addEventListener('message', (event) => {
  if (event.origin !== ${JSON.stringify(plugboardOrigin)}) return;
  document.getElementById('result').textContent = 'message:' + event.data;
});
</script></body></html>`;
}

for (const kind of testDatabaseKinds()) {
  describe(`end-user OAuth in a real browser [${kind.kind}]`, () => {
    let database: TestDatabase;
    let fixture: FlowFixture;
    let browser: Browser;
    let partnerServer: Server;
    let partnerOrigin: string;
    const account = 'acme';
    const contexts: BrowserContext[] = [];
    const consoleErrors: string[] = [];

    async function newPage(): Promise<Page> {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      return page;
    }

    async function link(
      extra: Record<string, string> = {},
      targetOrigin = partnerOrigin,
    ): Promise<{ id: number; url: string }> {
      const id = await fixture.install(account, `e2e-${Math.random().toString(36).slice(2)}`);
      const token = await fixture.signInToken(account);
      return { id, url: fixture.link({ id: String(id), token, targetOrigin, ...extra }) };
    }

    beforeAll(async () => {
      database = await kind.create();
      const port = await freePort();
      partnerOrigin = `http://localhost:${port}`;
      fixture = await FlowFixture.start(database);
      await fixture.createAccount(account);
      await fixture.partner.call('PUT', '/v1.0/settings', { body: { AllowedOrigins: [partnerOrigin] } });
      partnerServer = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' }).end(partnerPage(fixture.app.baseUrl));
      });
      await new Promise<void>((resolve) => partnerServer.listen(port, '127.0.0.1', resolve));
      browser = await launchChromium();
    }, 60_000);
    afterAll(async () => {
      for (const context of contexts) await context.close();
      await browser?.close();
      partnerServer?.close();
      await fixture?.close();
      await database?.drop();
    });

    it('popup: the user allows in the sandbox, the partner page receives callbackMessage, the API shows Authenticated', async () => {
      const { id, url } = await link({ callbackMessage: 'capsule-connected' });
      const page = await newPage();
      await page.goto(`${partnerOrigin}/?link=${encodeURIComponent(url)}`);
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#connect')]);
      await popup.waitForSelector('button[value="allow"]');
      expect(await popup.textContent('body')).toContain('Scott Spacey');
      await popup.click('button[value="allow"]');
      await page.waitForFunction("document.getElementById('result').textContent !== 'waiting'");
      expect(await page.textContent('#result')).toBe('message:capsule-connected');
      await popup.waitForEvent('close', { timeout: 5_000 }).catch(() => undefined);
      expect(popup.isClosed()).toBe(true);
      expect(await fixture.accountConnector(account, id)).toMatchObject({
        Authenticated: true,
        AuthStatus: 'Authenticated',
      });
    });

    it('redirect mode: the browser lands on targetOrigin after consent', async () => {
      const target = `${partnerOrigin}/integrations?done=1`;
      const { id, url } = await link({}, target);
      const page = await newPage();
      await page.goto(url);
      await page.click('button[value="allow"]');
      await page.waitForURL(target);
      expect((await fixture.accountConnector(account, id)).Authenticated).toBe(true);
    });

    it('Deny: the popup shows why, the partner page gets no message, the connector stays unauthenticated', async () => {
      const { id, url } = await link({ callbackMessage: 'capsule-connected' });
      const page = await newPage();
      await page.goto(`${partnerOrigin}/?link=${encodeURIComponent(url)}`);
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#connect')]);
      await popup.click('button[value="deny"]');
      await popup.waitForSelector('h1');
      expect(await popup.textContent('h1')).toBe('Access was not granted.');
      await page.waitForTimeout(300);
      expect(await page.textContent('#result')).toBe('waiting');
      expect((await fixture.accountConnector(account, id)).AuthStatus).toBe('Unauthenticated');
    });

    it('a reused sign-in link and an expired one show a clear page and never reach the provider', async () => {
      const { url } = await link();
      const page = await newPage();
      await page.goto(url);
      await page.waitForSelector('button[value="allow"]');
      const reused = await newPage();
      const response = await reused.goto(url);
      expect(response?.status()).toBe(403);
      expect(await reused.textContent('h1')).toContain('already been used');
      const expired = await link();
      await fixture.app.database.db
        .updateTable('sign_in_tokens')
        .set({ expires_at: Date.now() - 1 })
        .where('used_at', 'is', null)
        .execute();
      const late = await newPage();
      expect((await late.goto(expired.url))?.status()).toBe(403);
      expect(await late.textContent('h1')).toContain('expired');
    });

    it('forged, replayed and cross-browser states are refused', async () => {
      const page = await newPage();
      expect(
        (await page.goto(`${fixture.app.baseUrl}/connector/callback?code=x&state=forged`))?.status(),
      ).toBe(400);

      const { id, url } = await link();
      const victim = await newPage();
      let captured = '';
      // Hold the victim's browser at the provider's answer: take the redirect to the callback, don't follow it.
      await victim.route('**/sandbox/capsule/oauth/authorise', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const answer = await route.fetch({ maxRedirects: 0 });
        captured = new URL(answer.headers().location ?? '', fixture.app.baseUrl).href;
        return route.fulfill({ status: 200, contentType: 'text/plain', body: 'held' });
      });
      await victim.goto(url);
      await victim.click('button[value="allow"]');
      await expect.poll(() => captured).toContain('/connector/callback');
      const attacker = await newPage();
      const crossBrowser = await attacker.goto(captured);
      expect(crossBrowser?.status()).toBe(403);
      expect(await attacker.textContent('h1')).toContain('another browser');

      await victim.goto(captured);
      await victim.waitForURL(`${partnerOrigin}/`);
      expect((await fixture.accountConnector(account, id)).Authenticated).toBe(true);
      const replay = await victim.goto(captured);
      expect(replay?.status()).toBe(409);
      expect(await victim.textContent('h1')).toContain('already been completed');
    });

    it.each(['https://evil.example', '//evil.example', 'javascript:alert(1)', 'http://localhost:1'])(
      'a hostile targetOrigin %s gets a 400 page and no message reaches anyone',
      async (hostile) => {
        const { url } = await link({ callbackMessage: 'leak' }, hostile);
        const page = await newPage();
        const response = await page.goto(url);
        expect(response?.status()).toBe(400);
        expect(await page.textContent('h1')).toMatch(/not allowed|malformed/);
        expect(await page.textContent('body')).not.toContain('leak');
      },
    );

    it('logged no errors in the browser console on the happy paths', () => {
      expect(consoleErrors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    });
  });
}
