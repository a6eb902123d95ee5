import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppReceiver, startAppReceiver } from '../cycles/support/app-receiver.ts';
import { settled, type TransactionView } from '../cycles/support/cycle-world.ts';
import { setupCodeFromLogs } from '../support/console-session.ts';
import { exampleTemplate, genericWebhookTemplate } from '../support/example-template.ts';
import { type LivePlugboard, startLivePlugboard } from '../support/live-plugboard.ts';
import { PartnerClient } from '../support/partner-client.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { installWithSandboxTokens, setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { seriousAxeViolations } from './support/accessibility.ts';
import { ConsoleWatch, newContext, Screenshots } from './support/browser.ts';
import { checkEachTest, chromiumForFile } from './support/test-lifecycle.ts';

/**
 * A cycle's runs in the console, with real transactions: the example template runs once against the
 * Capsule sandbox, the partner's app refusing the first contact it is sent, so one transaction errors.
 * The console lists them, filters them, shows each step's data and the incident, and its Retry really
 * runs the transaction again. A second cycle, triggered by a generic webhook, gets its URL issued and
 * replaced in the console, and the URLs shown work (and stop working) as the page says.
 */

const ADMIN = { username: 'ada', password: 'correct horse battery staple' };
const ACCOUNT = 'acme';
/** Transactions on one page of the console's list. */
const PAGE_SIZE = 50;
const toDocs = process.env.PLUGBOARD_DOCS_SCREENSHOTS === '1';

const browser = chromiumForFile({ withConsoleBuild: true });

for (const kind of testDatabaseKinds()) {
  describe.sequential(`a cycle's transactions and webhook URL in the console [${kind.kind}]`, {
    timeout: 60_000,
  }, () => {
    let database: TestDatabase;
    let app: LivePlugboard;
    let partner: PartnerClient;
    let receiver: AppReceiver;
    let context: BrowserContext;
    let page: Page;
    let cycleId = '';
    let webhookCycleId = '';
    let transactions: TransactionView[] = [];
    const consoleWatch = new ConsoleWatch();
    const shots = new Screenshots(`cycle-runs-${kind.kind}`, toDocs && kind.kind === 'sqlite');
    const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
    const errored = () => transactions.find((t) => t.Status === 'Errored') as TransactionView;
    const postTo = async (url: string, body: unknown) =>
      (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status;

    beforeAll(async () => {
      database = await kind.create();
      app = await startLivePlugboard(database, { runJobs: true, env: { PLUGBOARD_LOG_LEVEL: 'warn' } });
      partner = await PartnerClient.connect(app, 'HTTP');
      await partner.authenticate();
      await insertAccount(app, ACCOUNT);
      const sandboxBase = `${app.baseUrl}/sandbox/capsule`;
      await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandboxBase);
      const capsule = await installWithSandboxTokens(
        partner,
        sandboxBase,
        app.config.callbackUrl,
        ACCOUNT,
        'Capsule',
      );
      receiver = await startAppReceiver();
      // The app refuses the first contact for good (a 4xx is not retried): that transaction errors.
      receiver.script.push({ status: 422 });
      const settings = await partner.call('PUT', '/v1.0/settings', {
        body: { AllowedOutboundHosts: [`127.0.0.1:${receiver.port}`], AllowPrivateAddresses: true },
      });
      if (settings.status !== 200) throw new Error(settings.text);
      const install = async (template: unknown, connectors: Record<string, number>) => {
        const imported = await partner.call('POST', '/v1.0/templates/import', { body: template });
        if (imported.status !== 200) throw new Error(imported.text);
        const cycle = await partner.call('POST', `/v1.0/templates/${imported.json().Id}/install`, {
          account: ACCOUNT,
          body: { AccountConnectors: connectors },
        });
        if (cycle.status !== 200) throw new Error(cycle.text);
        return cycle.json().Id as string;
      };
      cycleId = await install(exampleTemplate({ Backfill: true }), { capsule });
      await partner.call('PATCH', `/v1.0/cycles/${cycleId}/variables`, {
        account: ACCOUNT,
        body: [{ SystemName: 'TargetUrl', Value: receiver.url('/contacts') }],
      });
      const run = await partner.call('PUT', `/v1.0/cycles/${cycleId}/activate`, {
        account: ACCOUNT,
        body: { RunOnce: true },
      });
      if (run.status !== 200) throw new Error(run.text);
      transactions = await settled(partner, ACCOUNT, cycleId);
      webhookCycleId = await install(genericWebhookTemplate(receiver.url('/orders')), {});

      context = await newContext(browser(), app.baseUrl, { width: 1280, height: 800 });
      context.setDefaultTimeout(15_000);
      page = await context.newPage();
      consoleWatch.watch(page);
      await page.goto('/console');
      await heading('Create the first admin');
      await page.getByLabel('Setup code').fill(setupCodeFromLogs(app.logs.text));
      await page.getByLabel('Username').fill(ADMIN.username);
      await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
      await page.getByLabel('Repeat the password').fill(ADMIN.password);
      await page.getByRole('button', { name: 'Create admin and sign in' }).click();
      await heading('Settings');
    }, 120_000);
    checkEachTest(consoleWatch, () => page, shots);
    afterAll(async () => {
      await context?.close();
      await receiver?.close();
      await app?.close();
      await database?.drop();
    });

    it('ran for real: one transaction errored, the others completed', () => {
      // The sandbox's seed has more contacts with an address than one page of the console's list holds.
      expect(transactions.length).toBeGreaterThan(PAGE_SIZE);
      expect(transactions.filter((t) => t.Status === 'Errored')).toHaveLength(1);
      expect(transactions.filter((t) => t.Status !== 'Errored').every((t) => t.Status === 'Completed')).toBe(
        true,
      );
      expect(errored().CurrentStepKey).toBe('send');
    });

    it('lists the transactions with status and duration, filters them by status, and shows the incident', async () => {
      await page.goto(`/console/accounts/${ACCOUNT}/cycles/${cycleId}`);
      await heading('New Capsule contacts to my app');
      const list = page.getByRole('region', { name: 'Transactions' });
      const rows = list.getByRole('table').locator('tbody tr');
      await expect.poll(() => rows.count()).toBe(PAGE_SIZE);
      // Transactions of one poll share their start time, so the errored one may be on either page.
      const erroredOnFirstPage = await list.locator('.badge', { hasText: 'Errored' }).count();
      expect(await rows.filter({ hasText: /\d+(\.\d)? (ms|s)/ }).count()).toBe(await rows.count());
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shots.take(page, 'cycle-transactions', { fullPage: true });

      const pager = list.getByRole('navigation', { name: 'Transaction pages' });
      expect(await pager.textContent()).toContain(`Page 1 of 2 · ${transactions.length} transactions`);
      const firstPage = await rows.allTextContents();
      await pager.getByRole('button', { name: 'Next' }).click();
      await expect.poll(() => rows.count()).toBe(transactions.length - PAGE_SIZE);
      expect(await pager.textContent()).toContain('Page 2 of 2');
      expect(firstPage).not.toContain((await rows.allTextContents())[0]);
      expect(erroredOnFirstPage + (await list.locator('.badge', { hasText: 'Errored' }).count())).toBe(1);

      // A filter starts again at its first page.
      await list.getByLabel('Status').selectOption('Errored');
      await expect.poll(() => rows.count()).toBe(1);
      expect(await list.locator('.pager-summary').textContent()).toBe('1 transaction');
      await list.getByRole('link', { name: errored().Id.slice(0, 8) }).waitFor();
      await list.getByLabel('Status').selectOption('Completed');
      await expect.poll(() => rows.count()).toBe(PAGE_SIZE);
      expect(await pager.textContent()).toContain(`${transactions.length - 1} transactions`);
      expect(await list.getByRole('link', { name: errored().Id.slice(0, 8) }).count()).toBe(0);

      const incidents = page.getByRole('list', { name: 'Incidents' });
      await incidents.waitFor();
      expect(await incidents.getByRole('listitem').count()).toBe(1);
      expect(await incidents.textContent()).toContain('Send to my app');
      expect(await incidents.textContent()).toContain('answered 422');
    });

    it('shows what each step of the errored transaction sent and received, and its Retry runs it again', async () => {
      const refused = receiver.received[0];
      expect(refused?.path).toBe('/contacts');
      await page.getByRole('list', { name: 'Incidents' }).getByRole('link', { name: 'transaction' }).click();
      await heading(`Transaction ${errored().Id.slice(0, 8)}`);
      const details = page.locator('dl.details');
      await details.locator('.badge', { hasText: 'Errored' }).waitFor();
      const send = page.locator('.step-runs > li', { hasText: 'Send to my app' });
      expect(await send.count()).toBe(1);
      await send.getByText('Sent', { exact: true }).click();
      const sent = (await send.locator('details').first().locator('pre').textContent()) ?? '';
      expect(sent).toContain(String(refused?.body.email));
      expect(sent).toContain(receiver.url('/contacts'));
      await send.getByText('Received', { exact: true }).click();
      expect(await send.locator('details').last().locator('pre').textContent()).toContain('422');
      const trigger = page.locator('.step-runs > li', { hasText: 'Changed parties' });
      await trigger.getByText('Received', { exact: true }).click();
      expect(await trigger.locator('details').last().locator('pre').textContent()).toContain(
        String(refused?.body.capsuleId),
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shots.take(page, 'transaction-errored', { fullPage: true });

      const before = receiver.received.length;
      // With the keyboard: the Retry button is reachable and pressed with Enter.
      await page.getByRole('button', { name: 'Retry from the failed step' }).focus();
      await page.keyboard.press('Enter');
      await page.getByRole('status').filter({ hasText: 'The retried transaction is Completed.' }).waitFor();
      await details.locator('.badge', { hasText: 'Completed' }).waitFor();
      expect(await page.getByRole('button', { name: 'Retry from the failed step' }).count()).toBe(0);
      expect(await page.locator('.step-runs > li', { hasText: 'Send to my app' }).count()).toBe(2);
      const again = receiver.received.slice(before);
      expect(again).toHaveLength(1);
      expect(again[0]?.body.capsuleId).toBe(refused?.body.capsuleId);
      expect(again[0]?.headers['idempotency-key']).toBe(refused?.headers['idempotency-key']);
      const now = await partner.call('GET', `/v1.0/transactions/${errored().Id}`, { account: ACCOUNT });
      expect(now.json().Status).toBe('Completed');
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('issues the generic webhook URL once with a copy button, and replaces it after a confirmation', async () => {
      await page.goto(`/console/accounts/${ACCOUNT}/cycles/${webhookCycleId}`);
      await heading('Orders from my app');
      const section = page.getByRole('region', { name: 'Webhook URL' });
      await section.getByText('No URL yet').waitFor();
      await section.getByRole('button', { name: 'Issue webhook URL' }).click();
      const shown = page.getByTestId('cycle-webhook-url');
      const first = (await shown.textContent()) ?? '';
      expect(first).toMatch(new RegExp(`^${app.baseUrl}/webhooks/[A-Za-z0-9_-]{40,}$`));
      // The URL takes the focus, so a screen reader reads it out at once.
      expect(await page.evaluate('document.activeElement?.textContent')).toBe("The cycle's webhook URL");
      await section.getByRole('button', { name: 'Copy the webhook URL' }).click();
      await section.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(first);
      await section.getByRole('button', { name: 'Replace webhook URL' }).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await shots.take(page, 'cycle-webhook-url', { fullPage: true });
      expect(await postTo(first, { order: 'A-1' })).toBe(202);

      // Escape leaves the URL as it is; the confirmed replacement retires it.
      await section.getByRole('button', { name: 'Replace webhook URL' }).click();
      const dialog = page.getByRole('dialog', { name: 'Replace the webhook URL?' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('stops working');
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('Cancel');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'hidden' });
      expect(await postTo(first, { order: 'A-2' })).toBe(202);
      await section.getByRole('button', { name: 'Replace webhook URL' }).click();
      await dialog.getByRole('button', { name: 'Replace URL' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(async () => shown.textContent()).not.toBe(first);
      const second = (await shown.textContent()) ?? '';
      expect(second).toMatch(/\/webhooks\//);
      expect(await postTo(first, { order: 'A-3' })).toBe(410);
      expect(await postTo(second, { order: 'A-4' })).toBe(202);
      await section.getByText(/issued on/).waitFor();
    });
  });
}
