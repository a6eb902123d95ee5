import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleTemplate } from '../support/example-template.ts';
import { freePort } from '../support/free-port.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { seriousAxeViolations } from './support/accessibility.ts';
import { ConsoleWatch, newContext, Screenshots } from './support/browser.ts';
import { type ServerProcess, startServerProcess } from './support/server-process.ts';
import { checkEachTest, chromiumForFile } from './support/test-lifecycle.ts';

/**
 * The README's "Your first integration", walked in Chromium against a real `plugboard start`: set up
 * Capsule against the sandbox, import the example template (first with a mistake, refused next to
 * its step), look at its graph, install it in an account, follow the prerequisites checklist to
 * authenticate Capsule and fill the variable, and activate the cycle.
 */

const ADMIN = { username: 'ada', password: 'correct horse battery staple' };
const toDocs = process.env.PLUGBOARD_DOCS_SCREENSHOTS === '1';
const INTEGRATION = 'New Capsule contacts to my app';

const browser = chromiumForFile();

for (const kind of testDatabaseKinds()) {
  describe.sequential(`your first integration in the console [${kind.kind}]`, { timeout: 60_000 }, () => {
    let database: TestDatabase;
    let server: ServerProcess;
    let context: BrowserContext;
    let page: Page;
    let cyclePath = '';
    let firstSecret = '';
    let receiver: Server;
    let receiverUrl = '';
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const consoleWatch = new ConsoleWatch();
    const shots = new Screenshots(`first-integration-${kind.kind}`, toDocs && kind.kind === 'sqlite');
    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
    const mainNav = (name: string) =>
      page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

    beforeAll(async () => {
      database = await kind.create();
      server = await startServerProcess(database);
      const port = await freePort();
      receiverUrl = `http://127.0.0.1:${port}/events`;
      receiver = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => {
          body += chunk;
        });
        request.on('end', () => {
          received.push({ headers: request.headers, body });
          response.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
      context = await newContext(browser(), server.baseUrl, { width: 1280, height: 800 });
      context.setDefaultTimeout(15_000);
      page = await context.newPage();
      consoleWatch.watch(page);
    }, 120_000);
    checkEachTest(consoleWatch, () => page, shots);
    afterAll(async () => {
      await context?.close();
      await server?.stop();
      receiver?.close();
      await database?.drop();
    });

    it('signs in the first admin and sets up Capsule v2 against the sandbox', async () => {
      await page.goto('/console');
      await heading('Create the first admin');
      await page.getByLabel('Setup code').fill(server.setupCode() ?? '');
      await page.getByLabel('Username').fill(ADMIN.username);
      await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await page.getByLabel('Repeat the password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Create admin and sign in' }).click();
      await heading('Settings');
      await page.goto('/console/connectors');
      await page.getByRole('link', { name: 'Set up Capsule v2' }).click();
      await page.getByRole('button', { name: 'Use the Capsule sandbox' }).click();
      await page.getByRole('button', { name: 'Save setup' }).click();
      await page.getByText('Capsule v2 is set up.').waitFor();
    });

    it('refuses a template with a mistake, naming it next to its step, then imports it', async () => {
      await mainNav('Templates');
      await heading('Templates');
      await page.getByText('No templates yet.').waitFor();
      await page.getByRole('button', { name: 'Import a template' }).click();
      const broken = exampleTemplate();
      (broken.Steps[2] as { Url: unknown }).Url = { MappingType: 'Variable', Value: 'Nope' };
      consoleWatch.allow(/status of 400 .*\/v1\.0\/templates\/import/);
      await page.getByLabel('Template document (JSON)').fill(JSON.stringify(broken, null, 2));
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      const problems = page.getByRole('list', { name: 'Problems by step' });
      await problems.waitFor();
      expect(await problems.textContent()).toContain('Send to my app');
      expect(await problems.textContent()).toContain("uses the variable 'Nope'");
      await shots.take(page, 'template-import-refused');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByLabel('Template document (JSON)').fill(JSON.stringify(exampleTemplate(), null, 2));
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText(`Imported “${INTEGRATION}”, release 1.`).waitFor();
      await page.getByRole('link', { name: INTEGRATION }).click();
      await heading(INTEGRATION);
      const graph = page.locator('figure.graph');
      await graph.waitFor();
      expect(await graph.locator('.edge-true').count()).toBe(1);
      expect(await graph.locator('figcaption').textContent()).toContain('Send to my app if True');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shots.take(page, 'template-graph', { docs: true });
    });

    it('edits a step’s mappings with a live expression preview, refuses a bad edit in place, and publishes a release', async () => {
      await page.getByLabel('Step', { exact: true }).selectOption('send');
      const name = page.getByRole('group', { name: 'Field name' });
      await name.getByText('Result on the sample data: "Ada Lovelace"').waitFor();
      await name.getByLabel('Expression (JSONata)').fill("changed.firstName & ' ' &");
      await name.locator('.preview-error').waitFor();
      consoleWatch.allow(/status of 400 .*\/v1\.0\/templates\/import/);
      await page.getByRole('button', { name: 'Publish release 2' }).click();
      const inPlace = page.getByRole('alert', { name: 'Problems in Send to my app' });
      await inPlace.waitFor();
      expect(await inPlace.textContent()).toContain("'send'");
      await shots.take(page, 'step-edit-refused', { fullPage: true });

      // A previous step's field is picked from that step's response fields (List Parties' party fields).
      const capsuleId = page
        .getByRole('group', { name: 'Field capsuleId' })
        .getByLabel('Field', { exact: true });
      const offered = async () => {
        const list = await capsuleId.getAttribute('list');
        if (!list) return [];
        return page
          .locator(`datalist[id="${list}"] option`)
          .evaluateAll((options) => options.map((o) => o.getAttribute('value')));
      };
      await expect.poll(offered).toEqual(expect.arrayContaining(['id', 'firstName', 'emailAddresses']));
      await name.getByLabel('Expression (JSONata)').fill('$uppercase(changed.lastName)');
      await name.getByText('Result on the sample data: "LOVELACE"').waitFor();
      const email = page.getByRole('group', { name: 'Field email' });
      await email.getByLabel('Mapping').selectOption('StaticValue');
      await email.getByLabel('Value').fill('nobody@example.com');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Publish release 2' }).click();
      await page.getByText('Published release 2.').waitFor();
      await page.getByRole('button', { name: 'Export release 2' }).waitFor();
      await shots.take(page, 'step-editor', { fullPage: true });
    });

    it('adds an event endpoint and shows its signing secret once', async () => {
      await mainNav('Webhooks');
      await heading('Webhooks');
      await page.getByText('No endpoints yet.').waitFor();
      await page.getByLabel('URL', { exact: true }).fill(receiverUrl);
      await page.getByLabel('Event types (optional)').fill('account_connector.*');
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      firstSecret = (await page.getByTestId('endpoint-secret').textContent()) ?? '';
      expect(firstSecret).toMatch(/^whsec_/);
      await page.getByRole('heading', { level: 2, name: receiverUrl }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('installs the template in an account and follows the prerequisites to an active cycle', async () => {
      await mainNav('Accounts');
      await heading('Accounts');
      await page.getByRole('button', { name: 'Create account' }).click();
      await page.getByLabel('Name', { exact: true }).fill('Acme Ltd');
      await page.getByLabel('Id (optional)', { exact: true }).fill('acme');
      await page.getByRole('button', { name: 'Create account' }).last().click();
      await heading('Acme Ltd');
      await page.getByRole('button', { name: 'Install a template' }).click();
      await page.getByRole('button', { name: 'Install', exact: true }).click();
      await heading(INTEGRATION);
      cyclePath = new URL(page.url()).pathname;
      const checklist = page.getByRole('list', { name: 'Still to do' });
      await checklist.waitFor();
      expect(await checklist.textContent()).toContain('Authenticate');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shots.take(page, 'cycle-prerequisites', { docs: true });

      await checklist.getByRole('link', { name: 'Authenticate Capsule v2' }).click();
      await page.getByRole('button', { name: 'Authenticate', exact: true }).waitFor();
      const popupOpened = page.waitForEvent('popup');
      await page.getByRole('button', { name: 'Authenticate', exact: true }).click();
      const popup = await popupOpened;
      const closed = popup.waitForEvent('close');
      await popup.getByRole('button', { name: 'Allow' }).click();
      await closed;
      await page.locator('.badge[data-status="Authenticated"]').waitFor();

      // The authentication was an event: the endpoint added above receives it, signed.
      await mainNav('Webhooks');
      const deliveries = page.getByRole('list', { name: `Deliveries to ${receiverUrl}` });
      await expect
        .poll(
          async () => {
            await page.getByRole('button', { name: 'Refresh deliveries' }).click();
            return (await deliveries.count()) > 0 ? await deliveries.textContent() : '';
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toMatch(/account_connector\.authenticated.*Delivered.*answered 204/);
      expect(received.some((r) => String(r.headers['webhook-signature']).startsWith('v1,'))).toBe(true);
      await shots.take(page, 'webhook-deliveries');

      await page.goto(`${cyclePath}`);
      await heading(INTEGRATION);
      await page.getByLabel("Your app's URL").fill('https://app.partner.example/hook');
      await page.getByRole('button', { name: 'Save variables' }).click();
      await page.getByText('Variables saved.').waitFor();
      await page.getByText('Everything is in place: the cycle can be activated.').waitFor();
      await page.getByLabel('Interval').selectOption('15');
      await page.getByRole('button', { name: 'Activate', exact: true }).click();
      await page.getByText('The cycle is active.').waitFor();
      await page.getByRole('button', { name: 'Pause' }).waitFor();
      expect(await page.getByText('every 15 minutes').count()).toBeGreaterThan(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shots.take(page, 'cycle-active', { docs: true });
    });

    it('lists the cycle’s transactions by status, and its incidents', async () => {
      await page.goto(cyclePath);
      const transactions = page.getByRole('region', { name: 'Transactions' });
      await transactions.getByText('No transactions yet.').waitFor();
      await transactions.getByLabel('Status').selectOption('Errored');
      await transactions.getByText('No errored transactions.').waitFor();
      await page
        .getByRole('region', { name: 'Incidents' })
        .getByText('No errors or warnings reported.')
        .waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('rotates an endpoint’s secret (shown once) and replays the last day’s events to it', async () => {
      await mainNav('Webhooks');
      await heading('Webhooks');
      const endpoint = page.getByRole('region', { name: receiverUrl });
      await endpoint.getByRole('button', { name: /^Rotate secret/ }).click();
      const rotated = (await page.getByTestId('rotated-secret').textContent()) ?? '';
      expect(rotated).toMatch(/^whsec_/);
      expect(rotated).not.toBe(firstSecret);
      const before = received.length;
      await endpoint.getByRole('button', { name: 'Replay events' }).click();
      const queued = await endpoint.getByText(/^Queued \d+ events? again/).textContent();
      const count = Number(/Queued (\d+)/.exec(queued ?? '')?.[1]);
      expect(count).toBeGreaterThan(0);
      await expect.poll(() => received.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(before + count);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('pauses the cycle', async () => {
      await page.goto(cyclePath);
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByText('The cycle is paused.').waitFor();
      await page.getByRole('button', { name: 'Activate', exact: true }).waitFor();
    });
  });
}
