import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { ConsoleWatch, newContext, Screenshots } from './support/browser.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';
import { checkEachTest, chromiumForFile } from './support/test-lifecycle.ts';

/**
 * The story of Cyclr's Capsule v2 guide, walked in a real browser by a new partner on a fresh
 * installation: create the first admin with the code from the log, sign in, read the callback URL, set
 * up Capsule v2 against the sandbox, create an account, install, authenticate through the sandbox's
 * consent page, and run "List Parties". Plus what goes wrong: a refused sign-in, a denied consent and
 * a wrong client secret. Every page is photographed into test-output/screenshots/.
 */

const ADMIN = { username: 'ada', password: 'correct horse battery staple' };
const toDocs = process.env.PLUGBOARD_DOCS_SCREENSHOTS === '1';

const browser = chromiumForFile();

for (const kind of testDatabaseKinds()) {
  describe.sequential(`the partner console in Chromium [${kind.kind}]`, { timeout: 60_000 }, () => {
    let database: TestDatabase;
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;
    const consoleWatch = new ConsoleWatch();
    const shots = new Screenshots(kind.kind, toDocs && kind.kind === 'sqlite');
    let partnerToken: string | null = null;
    let accountConnectorPath = '';
    let deniedConnectorPath = '';

    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
    const mainNav = (name: string) =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
    const alertText = async () => (await page.getByRole('alert').first().textContent())?.trim() ?? '';
    const partner = async (method: string, path: string, body?: unknown, account?: string) => {
      const response = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${partnerToken}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(account ? { 'x-cyclr-account': account } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
    };

    beforeAll(async () => {
      database = await kind.create();
      server = await startServerProcess(database);
      context = await newContext(browser(), server.baseUrl, { width: 1280, height: 800 });
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
      consoleWatch.watch(page);
    });
    checkEachTest(consoleWatch, () => page, shots);
    afterAll(async () => {
      await context?.close();
      await server?.stop();
      await database?.drop();
    });

    it('offers the first-admin setup on the first visit, refusing a wrong code', async () => {
      const code = server.setupCode();
      expect(code, 'the setup code printed in the log').toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
      await page.goto('/console');
      await heading('Create the first admin');
      await shots.take(page, 'first-admin-setup');

      await page.getByRole('button', { name: 'Create admin and sign in' }).click();
      await page.getByText('Enter the setup code from the server log.').waitFor();

      consoleWatch.allow(/status of 403 .*\/console-api\/setup/);
      await page.getByLabel('Setup code').fill('AAAAA-BBBBB-CCCCC-DDDDD');
      await page.getByLabel('Username').fill(ADMIN.username);
      await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await page.getByLabel('Repeat the password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Create admin and sign in' }).click();
      await page.getByRole('alert').waitFor();
      expect(await alertText()).toContain('The setup code is wrong or has expired');

      await page.getByLabel('Setup code').fill(code ?? '');
      await page.getByRole('button', { name: 'Create admin and sign in' }).click();
      await heading('Settings');
      await page.getByText(`Signed in as ${ADMIN.username}`).waitFor();
    });

    it('refuses a wrong password with the API’s message, then signs in with the keyboard alone', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await heading('Sign in');
      await page.getByText('You have signed out.').waitFor();

      consoleWatch.allow(/status of 401 .*\/console-api\/session/);
      await page.getByLabel('Username').fill(ADMIN.username);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      expect(await alertText()).toBe('Wrong username or password.');
      await shots.take(page, 'sign-in-refused');

      await page.getByLabel('Username').focus();
      await page.keyboard.press('Tab');
      await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("type")')).toBe('password');
      await page.keyboard.type(ADMIN.password);
      await page.keyboard.press('Enter');
      await heading('Settings');

      await page.reload();
      await heading('Settings');
      await page.keyboard.press('Tab');
      await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Skip to content');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('main');
    });

    it('shows the service domain and the callback URL to register at Capsule, with a copy button', async () => {
      await page.goto('/console/settings');
      await heading('Settings');
      const callback = page.getByTestId('callback-url');
      await callback.waitFor();
      expect(await callback.textContent()).toBe(`${server.baseUrl}/connector/callback`);
      expect(await page.getByTestId('service-domain').textContent()).toBe(server.baseUrl);
      await page.getByRole('button', { name: 'Copy the callback URL' }).click();
      await page.getByText('Copied', { exact: true }).waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(
        `${server.baseUrl}/connector/callback`,
      );
      await shots.take(page, 'settings', { docs: true });
    });

    it('creates an API client, showing its secret once', async () => {
      await mainNav('API clients');
      await heading('API clients');
      await page.getByRole('button', { name: 'Create API client' }).click();
      await page.getByText('Enter a name.').waitFor();
      await page.getByLabel('Name', { exact: true }).fill('Acme backend');
      await page.getByRole('button', { name: 'Create API client' }).click();
      const secret = page.getByTestId('new-client-secret');
      await secret.waitFor();
      const clientId = (await page.getByTestId('new-client-id').textContent()) ?? '';
      const clientSecret = (await secret.textContent()) ?? '';
      await shots.take(page, 'api-client-created');
      await page.getByRole('button', { name: 'I have copied the secret' }).click();
      expect(await page.getByTestId('new-client-secret').count()).toBe(0);
      await page.getByRole('cell', { name: 'Acme backend', exact: true }).waitFor();

      const token = await fetch(`${server.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: clientId,
          client_secret: clientSecret,
        }),
      });
      expect(token.status).toBe(200);
      partnerToken = ((await token.json()) as { access_token: string }).access_token;
    });

    it('sets up Capsule v2 from the connector library with the sandbox’s app', async () => {
      await mainNav('Connectors');
      await heading('Connector library');
      await page.getByLabel('Search connectors').fill('zzz');
      await page.getByText('No connector matches “zzz”.').waitFor();
      await page.getByLabel('Search connectors').fill('caps');
      await page.getByRole('link', { name: 'Capsule v2', exact: true }).waitFor();
      await expect
        .poll(() => page.evaluate('document.activeElement?.id'), {
          message: 'searching keeps the focus in the box',
        })
        .toBe('connector-search');
      await shots.take(page, 'connector-library');

      await page.getByRole('link', { name: 'Set up Capsule v2' }).click();
      await heading('Capsule v2');
      await page.getByLabel('Client ID').waitFor();
      await page.getByRole('button', { name: 'Save setup' }).click();
      await page.getByText('Enter the Client ID of your OAuth app.').waitFor();
      await expect
        .poll(() => page.evaluate('document.activeElement?.id'))
        .toBe(await page.getByLabel('Client ID').getAttribute('id'));

      await page.getByRole('button', { name: 'Use the Capsule sandbox' }).click();
      expect(await page.getByLabel('Client ID').inputValue()).toBe('capsule-sandbox-client');
      expect(await page.getByLabel('Authorise URL').inputValue()).toBe(
        `${server.baseUrl}/sandbox/capsule/oauth/authorise?scope=read+write`,
      );
      expect(await page.getByLabel('Access Token URL').inputValue()).toBe(
        `${server.baseUrl}/sandbox/capsule/oauth/token`,
      );
      await page.getByRole('button', { name: 'Save setup' }).click();
      await page.getByText('Capsule v2 is set up.').waitFor();
      expect(await page.getByLabel('Client Secret').inputValue()).toBe('');
      await page.getByText('A secret is stored and never shown.', { exact: false }).waitFor();
      await shots.take(page, 'connector-setup-whole', { fullPage: true });
      await page.evaluate("document.getElementById('setup').scrollIntoView({ block: 'start' })");
      await shots.take(page, 'connector-setup', { docs: true });

      await page.getByRole('link', { name: 'Methods', exact: true }).click();
      await page.getByLabel('Search methods').fill('list parties');
      await page.getByText('List Parties', { exact: true }).waitFor();
      await shots.take(page, 'connector-methods');
    });

    it('creates an account and finds it again in the paged, searchable list', async () => {
      await mainNav('Accounts');
      await heading('Accounts');
      await page.getByText('No accounts yet.').waitFor();
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByRole('button', { name: 'Create account' }).last().click();
      await page.getByText('Enter a name.').waitFor();
      await page.getByLabel('Name', { exact: true }).fill('Acme Ltd');
      await page.getByLabel('Id (optional)', { exact: true }).fill('acme');
      await page.getByLabel('Time zone').fill('Europe/London');
      await page.getByRole('button', { name: 'Create account' }).last().click();
      await heading('Acme Ltd');
      await page.getByText('Account “Acme Ltd” was created.').waitFor();

      for (let i = 1; i <= 21; i++) {
        const created = await partner('POST', '/v1.0/accounts', {
          Name: `Customer ${String(i).padStart(2, '0')}`,
        });
        expect(created.status).toBe(200);
      }
      await mainNav('Accounts');
      await heading('Accounts');
      await page.getByText(/Page 1 of 2/).waitFor();
      await shots.take(page, 'accounts', { docs: true });
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(/Page 2 of 2/).waitFor();
      await page.getByLabel('Search accounts').fill('Acme');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByRole('link', { name: 'Acme Ltd' }).waitFor();
      expect(await page.getByRole('link', { name: /Customer/ }).count()).toBe(0);
    });

    it('edits an account and deletes another after confirming', async () => {
      await page.goto('/console/accounts?query=Customer%2021');
      await page.getByRole('link', { name: 'Customer 21' }).click();
      await heading('Customer 21');
      await page.getByRole('button', { name: 'Edit' }).click();
      await page.getByLabel('Description (optional)', { exact: true }).fill('Signed up in March');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Changes saved.').waitFor();
      await page.getByText('Signed up in March').waitFor();

      await page.getByRole('button', { name: 'Delete' }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete this account?' });
      await dialog.waitFor();
      await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Delete' }).click();
      await shots.take(page, 'account-delete-confirmation');
      await dialog.getByRole('button', { name: 'Delete account' }).click();
      await heading('Accounts');
      await page.getByText('Account “Customer 21” was deleted.').waitFor();
    });

    it('installs Capsule v2 in the account', async () => {
      await page.goto('/console/accounts/acme');
      await heading('Acme Ltd');
      await page.getByText('No connectors installed yet.').waitFor();
      await page.getByRole('button', { name: 'Install a connector' }).click();
      expect(await page.getByLabel('Connector', { exact: true }).inputValue()).not.toBe('');
      await page.getByLabel('Name', { exact: true }).fill('Capsule CRM');
      await page.getByRole('button', { name: 'Install', exact: true }).click();
      await heading('Capsule CRM');
      await page.locator('.badge[data-status="Unauthenticated"]').waitFor();
      accountConnectorPath = new URL(page.url()).pathname;
      // Nothing to run before the connector has credentials: the button says so instead of failing.
      const run = page.getByRole('button', { name: 'Run method' });
      expect(await run.isDisabled()).toBe(true);
      const hint = page.locator('#method-runner-needs-auth');
      expect(await hint.textContent()).toContain(
        'Authenticate this connector first: use the Authenticate button under Authentication above.',
      );
      expect(await run.getAttribute('aria-describedby')).toBe('method-runner-needs-auth');
      await shots.take(page, 'account-connector-installed');
    });

    it('authenticates through the sandbox’s consent page in a popup and shows Authenticated', async () => {
      await page.goto(accountConnectorPath);
      await heading('Capsule CRM');
      const popupOpened = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Authenticate', exact: true }).click();
      const popup = await popupOpened;
      await popup.getByRole('button', { name: 'Allow' }).waitFor();
      expect(popup.url()).toContain('/sandbox/capsule/oauth/authorise');
      await shots.take(popup, 'sandbox-consent', { docs: true });
      const closed = popup.waitForEvent('close');
      await popup.getByRole('button', { name: 'Allow' }).click();
      await closed;
      await page.locator('.badge[data-status="Authenticated"]').waitFor();
      expect(await page.getByTestId('auth-flash').textContent()).toBe('Capsule CRM is authenticated.');
      await page.getByRole('button', { name: 'Re-authenticate' }).waitFor();
      await shots.take(page, 'account-connector-authenticated', { docs: true });

      const settings = await partner('GET', '/v1.0/settings');
      expect(settings.body.AllowedOrigins).toContain(server.baseUrl);
    });

    it('runs “List Parties” and shows the seeded parties', async () => {
      await page.getByLabel('Method', { exact: true }).selectOption({ label: 'List Parties' });
      await page.getByLabel('perPage', { exact: false }).first().fill('5');
      await page.getByRole('button', { name: 'Run method' }).click();
      const response = page.getByTestId('method-response');
      await response.waitFor();
      const text = (await response.textContent()) ?? '';
      expect(text).toContain('Example Co.');
      await page.getByText(/parties: 5 items/).waitFor();
      await shots.take(page, 'method-runner-whole', { fullPage: true });
      // The method, its Run button and the first parties of the answer.
      await page.evaluate(
        "document.querySelector('section.response').scrollIntoView({ block: 'start' }); window.scrollBy(0, -300)",
      );
      await shots.take(page, 'method-runner', { docs: true });
    });

    it('says to use Authenticate when a run needs credentials, and clears that once authenticated', async () => {
      // Credentials removed elsewhere while this page still shows the connector as authenticated.
      const accountConnectorId = accountConnectorPath.split('/').pop() ?? '';
      const removed = await partner(
        'PUT',
        `/v1.0/account/connectors/${accountConnectorId}/deauthenticate`,
        {},
        'acme',
      );
      expect(removed.status).toBe(200);
      consoleWatch.allow(/status of 409 .*\/methods\//);
      await page.getByRole('button', { name: 'Run method' }).click();
      const failure = page.getByRole('alert').filter({ hasText: 'The call failed' });
      await failure.waitFor();
      expect(await failure.textContent()).toContain(
        'Authenticate this connector first: use the Authenticate button under Authentication above.',
      );

      const popupOpened = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Re-authenticate' }).click();
      const popup = await popupOpened;
      const closed = popup.waitForEvent('close');
      await popup.getByRole('button', { name: 'Allow' }).click();
      await closed;
      await page.getByTestId('auth-flash').getByText('Capsule CRM is authenticated.').waitFor();
      await failure.waitFor({ state: 'detached' });
      expect(await page.getByRole('button', { name: 'Run method' }).isDisabled()).toBe(false);
    });

    it('explains a denied consent and leaves the connector unauthenticated', async () => {
      await page.goto('/console/accounts/acme');
      await page.getByRole('button', { name: 'Install a connector' }).click();
      await page.getByLabel('Name', { exact: true }).fill('Capsule (second)');
      await page.getByRole('button', { name: 'Install', exact: true }).click();
      await heading('Capsule (second)');
      deniedConnectorPath = new URL(page.url()).pathname;

      const popupOpened = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Authenticate', exact: true }).click();
      const popup = await popupOpened;
      await popup.getByRole('button', { name: 'Deny' }).click();
      await popup.waitForURL(/\/connector\/callback/);
      expect((await popup.textContent('body'))?.toLowerCase()).toMatch(/denied|access_denied/);
      await shots.take(popup, 'consent-denied');
      await popup.close();
      await page.getByTestId('auth-flash').waitFor();
      expect(await page.getByTestId('auth-flash').textContent()).toMatch(/^Authentication did not complete/);
      await page.locator('.badge[data-status="Unauthenticated"]').waitFor();
    });

    it('explains a wrong client secret: the token exchange fails and nothing is stored', async () => {
      await page.goto('/console/connectors');
      await page.getByRole('link', { name: 'Set up Capsule v2' }).click();
      await page.getByLabel('Client Secret').fill('not-the-sandbox-secret');
      await page.getByRole('button', { name: 'Save setup' }).click();
      await page.getByText('Capsule v2 is set up.').waitFor();

      await page.goto(deniedConnectorPath);
      await heading('Capsule (second)');
      const popupOpened = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Authenticate', exact: true }).click();
      const popup = await popupOpened;
      await popup.getByRole('button', { name: 'Allow' }).click();
      await popup.waitForURL(/\/connector\/callback/);
      await shots.take(popup, 'wrong-client-secret');
      await popup.close();
      await page.getByTestId('auth-flash').waitFor();
      expect(await page.getByTestId('auth-flash').textContent()).toMatch(/^Authentication did not complete/);
      await page.locator('.badge[data-status="Unauthenticated"]').waitFor();

      await page.goto('/console/connectors/5801/setup');
      await page.getByRole('button', { name: 'Use the Capsule sandbox' }).click();
      await page.getByRole('button', { name: 'Save setup' }).click();
      await page.getByText('Capsule v2 is set up.').waitFor();
    });

    it('renames and deauthenticates an account connector after confirming', async () => {
      await page.goto(accountConnectorPath);
      await page.getByRole('button', { name: 'Rename' }).click();
      await page.getByLabel('Name', { exact: true }).fill('Capsule (sales team)');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await heading('Capsule (sales team)');

      await page.getByRole('button', { name: 'Deauthenticate' }).click();
      const dialog = page.getByRole('dialog', { name: 'Deauthenticate this connector?' });
      await dialog.getByRole('button', { name: 'Deauthenticate' }).click();
      await page.locator('.badge[data-status="Unauthenticated"]').waitFor();
      expect(await page.getByTestId('auth-flash').textContent()).toBe(
        "Connector 'Capsule (sales team)' successfully de-authenticated.",
      );
    });

    it('revokes an API client after confirming; its token stops working', async () => {
      await page.goto('/console/api-clients');
      await page.getByRole('button', { name: 'Revoke Acme backend' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke this API client?' });
      await dialog.getByRole('button', { name: 'Revoke' }).click();
      await page.getByText("API client 'Acme backend' revoked; its access tokens no longer work.").waitFor();
      await page.getByRole('cell', { name: 'Revoked', exact: true }).waitFor();
      expect((await partner('GET', '/v1.0/connectors')).status).toBe(401);
    });

    it('is usable on a 390 px phone screen', async () => {
      const phone = await newContext(browser(), server.baseUrl, { width: 390, height: 844 });
      const small = await phone.newPage();
      consoleWatch.watch(small);
      try {
        await small.goto('/console/connectors');
        await small.getByLabel('Username').fill(ADMIN.username);
        await small.getByLabel('Password').fill(ADMIN.password);
        await small.getByRole('button', { name: 'Sign in' }).click();
        await small.getByRole('heading', { level: 1, name: 'Connector library' }).waitFor();
        const paths = [
          '/console/settings',
          '/console/connectors',
          '/console/connectors/5801/setup',
          '/console/api-clients',
          '/console/accounts',
          '/console/accounts/acme',
          accountConnectorPath,
        ];
        for (const path of paths) {
          await small.goto(path);
          await small.getByRole('heading', { level: 1 }).waitFor();
          await small.waitForLoadState('networkidle');
          const width = await small.evaluate<number>('document.documentElement.scrollWidth');
          expect(width, `${path} fits 390 px without scrolling sideways`).toBeLessThanOrEqual(390);
        }
        await shots.take(small, 'phone-account-connector');
        await small.getByRole('button', { name: 'Menu' }).click();
        const nav = small.getByRole('navigation', { name: 'Main' });
        await nav.getByRole('link', { name: 'Settings' }).waitFor();
        await shots.take(small, 'phone-menu');
        await nav.getByRole('link', { name: 'Connectors' }).click();
        await small.getByRole('heading', { level: 1, name: 'Connector library' }).waitFor();
        await nav.getByRole('link', { name: 'Settings' }).waitFor({ state: 'hidden' });
      } finally {
        await phone.close();
      }
    });
  });
}
