/**
 * Three real Plugboard processes on one PostgreSQL database run 200 active cycles while processes
 * are SIGKILLed and restarted. Afterwards every expected transaction is Completed, no step was
 * committed twice, the partner's app saw each transaction's request at least once (repeats only
 * for steps in flight at a kill), and no two polls of one cycle overlapped.
 */

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { suppliedCredentials } from '../../src/partner-api/account-connectors/auth-value.ts';
import { type AppReceiver, startAppReceiver } from '../cycles/support/app-receiver.ts';
import { eventually } from '../cycles/support/cycle-world.ts';
import { SEEDED_USERS, usersToApp } from '../cycles/support/engine-world.ts';
import {
  type RunningProcess,
  sandboxControl,
  startSandboxProcess,
  startServeProcess,
} from '../support/plugboard-process.ts';
import { insertAccount } from '../support/raw-rows.ts';
import { sandboxTokens, setUpCapsuleAgainstSandbox } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, TEST_KEYS, type TestPlugboard } from '../support/test-plugboard.ts';

const REDIRECT_URI = 'http://127.0.0.1:9/connector/callback';
const CYCLES = 200;
const KILLS = 4;
// Heavy (200 cycles, real processes, several minutes on a busy machine): run on PostgreSQL when asked
// with PLUGBOARD_CYCLES_CRASH_TEST=1.
const postgres =
  process.env.PLUGBOARD_CYCLES_CRASH_TEST === '1'
    ? testDatabaseKinds().find((k) => k.kind === 'postgres')
    : undefined;

describe.skipIf(!postgres)('cycles across three processes with SIGKILLs [postgres]', () => {
  let database: TestDatabase;
  let setup: TestPlugboard;
  let sandbox: RunningProcess;
  let receiver: AppReceiver;
  const servers: RunningProcess[] = [];
  const account = 'acme';
  const env = () => ({
    PLUGBOARD_DATABASE_URL: database.url,
    PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
    PLUGBOARD_CYCLE_ACCOUNT_CONCURRENCY: '40',
  });

  beforeAll(async () => {
    database = await (postgres as NonNullable<typeof postgres>).create();
    setup = await startTestPlugboard(database);
    sandbox = await startSandboxProcess(REDIRECT_URI);
    await sandboxControl(sandbox, { rateLimitPerHour: 1_000_000 });
    await insertAccount(setup, account);
    await setUpCapsuleAgainstSandbox(setup.services.connectorSetups, sandbox.url);
    // The processes start first (one at a time: each compiles the sources) and idle until work comes.
    for (let i = 0; i < 3; i++) servers.push(await startServeProcess(env()));
    receiver = await startAppReceiver();
    await setup.services.settings.update({
      allowedOutboundHosts: [`127.0.0.1:${receiver.port}`],
      allowPrivateAddresses: true,
    });
    const tokens = await sandboxTokens(sandbox.url, REDIRECT_URI);
    const authValue = JSON.stringify({
      AccessToken: tokens.access_token,
      RefreshToken: tokens.refresh_token,
      Expires: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
    });
    const { template } = await setup.services.templates.import(usersToApp('Users to the app'));
    for (let i = 0; i < CYCLES; i++) {
      const connector = await setup.services.accountConnectors.install(account, CAPSULE_V2, {
        name: `Capsule ${i}`,
        credentials: suppliedCredentials(authValue),
      });
      const cycle = await setup.services.cycles.install(account, template.id, {
        accountConnectors: { capsule: connector.id },
      });
      await setup.services.cycleEdits.setVariables(account, cycle.id, [
        { systemName: 'TargetUrl', value: receiver.url(`/users/${i}`) },
      ]);
      await setup.services.cycles.activate(account, cycle.id, { runOnce: true });
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await sandbox?.stop();
    await receiver?.close();
    await setup?.close();
    await database?.drop();
  });

  it('completes every transaction exactly once past its in-flight step, with no overlapping polls', async () => {
    const db = setup.database.db;
    for (let kill = 0; kill < KILLS; kill++) {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const index = kill % servers.length;
      const victim = servers[index] as RunningProcess;
      victim.child.kill('SIGKILL');
      await new Promise((resolve) => victim.child.once('exit', resolve));
      servers[index] = await startServeProcess(env());
    }
    const expected = CYCLES * SEEDED_USERS;
    await eventually(
      async () => {
        const row = await db
          .selectFrom('cycle_transactions')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('status', '=', 'Completed')
          .executeTakeFirstOrThrow();
        return Number(row.n) === expected ? true : undefined;
      },
      180_000,
      `${expected} completed transactions`,
    );
    const all = await db.selectFrom('cycle_transactions').select(['status']).execute();
    expect(all).toHaveLength(expected);
    const twice = await db
      .selectFrom('cycle_step_runs')
      .select(['transaction_id', 'step_key'])
      .where('status', '=', 'Completed')
      .groupBy(['transaction_id', 'step_key'])
      .having(sql<number>`count(*)`, '>', 1)
      .execute();
    expect(twice).toEqual([]);
    const keys = receiver.received.map((d) => String(d.headers['idempotency-key']));
    expect(new Set(keys).size).toBe(expected);
    // A step repeats only when its process died while it was in flight.
    expect(keys.length - expected).toBeLessThanOrEqual(KILLS * 40);
    const polls = await sql<{ payload: string; started_at: string; finished_at: string }>`
      select payload::text as payload, started_at, finished_at from jobs where kind = 'cycle.poll' and status = 'succeeded'`.execute(
      db,
    );
    const byCycle = new Map<string, [number, number][]>();
    for (const row of polls.rows) {
      const cycleId = (JSON.parse(row.payload) as { cycleId: string }).cycleId;
      const list = byCycle.get(cycleId) ?? [];
      list.push([Number(row.started_at), Number(row.finished_at)]);
      byCycle.set(cycleId, list);
    }
    expect(byCycle.size).toBe(CYCLES);
    for (const intervals of byCycle.values()) {
      intervals.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < intervals.length; i++)
        expect((intervals[i] as [number, number])[0]).toBeGreaterThanOrEqual(
          (intervals[i - 1] as [number, number])[1],
        );
    }
  }, 300_000);
});
