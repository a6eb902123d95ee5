/**
 * Three real Plugboard processes on one PostgreSQL database run active cycles while processes are
 * SIGKILLed and restarted. Afterwards every expected transaction is Completed, no step was committed
 * twice, the partner's app saw each transaction's request at least once (repeats only for steps in
 * flight at a kill), and no two polls of one cycle overlapped (each cycle is activated twice in a
 * row, so it has two polls queued back to back).
 *
 * 40 cycles by default (about a minute on a busy two-core machine); PLUGBOARD_CYCLES_CRASH_CYCLES=200
 * runs the full 200.
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
const CYCLES = Number(process.env.PLUGBOARD_CYCLES_CRASH_CYCLES ?? 40);
const KILLS = 3;
const PROCESSES = 3;
/** Step jobs one process runs at once: what can be in flight, and so repeated, per kill. */
const WORKER_CONCURRENCY = 8;
const postgres = testDatabaseKinds().find((k) => k.kind === 'postgres');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function kill(process: RunningProcess): Promise<void> {
  const child = process.child;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

describe.skipIf(!postgres)('cycles across three processes with SIGKILLs [postgres]', () => {
  let database: TestDatabase;
  let setup: TestPlugboard;
  let sandbox: RunningProcess;
  let receiver: AppReceiver;
  const servers: (RunningProcess | null)[] = [];
  const all: RunningProcess[] = [];
  const cycles: string[] = [];
  const account = 'acme';
  const env = () => ({
    PLUGBOARD_DATABASE_URL: database.url,
    PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
    PLUGBOARD_SANDBOX: 'off',
    PLUGBOARD_CYCLE_ACCOUNT_CONCURRENCY: '40',
    PLUGBOARD_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
  });

  beforeAll(async () => {
    database = await (postgres as NonNullable<typeof postgres>).create();
    setup = await startTestPlugboard(database);
    sandbox = await startSandboxProcess(REDIRECT_URI);
    await sandboxControl(sandbox, { rateLimitPerHour: 1_000_000 });
    await insertAccount(setup, account);
    await setUpCapsuleAgainstSandbox(setup.services.connectorSetups, sandbox.url);
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
      cycles.push(cycle.id);
    }
    // The processes idle until work comes.
    for (const server of await Promise.all(
      Array.from({ length: PROCESSES }, () => startServeProcess(env())),
    )) {
      servers.push(server);
      all.push(server);
    }
  }, 240_000);

  afterAll(async () => {
    await Promise.all(all.map(kill));
    await sandbox?.stop();
    await receiver?.close();
    await setup?.close();
    await database?.drop();
  });

  it('completes every transaction exactly once past its in-flight step, with no overlapping polls', async () => {
    const db = setup.database.db;
    const expected = CYCLES * SEEDED_USERS;
    const completed = async () => {
      const row = await db
        .selectFrom('cycle_transactions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '=', 'Completed')
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    // Every cycle runs once now, and is activated again at once: the second activation's poll queues
    // behind the first (running, queued or done) and must never overlap it. The processes are killed
    // while that work is under way.
    let activated = false;
    const activating = (async () => {
      for (const id of cycles) await setup.services.cycles.activate(account, id, { runOnce: true });
      for (const id of cycles) await setup.services.cycles.activate(account, id, { runOnce: true });
      activated = true;
    })();

    let kills = 0;
    let killsMidWork = 0;
    const restarts: Promise<void>[] = [];
    const deadline = Date.now() + 150_000;
    let done = 0;
    while (Date.now() < deadline) {
      await sleep(kills < KILLS ? 500 + Math.floor(Math.random() * 1000) : 500);
      done = await completed();
      if (done >= expected && activated && kills > 0) break;
      const alive = servers.map((s, i) => [s, i] as const).filter(([s]) => s !== null);
      // At least one process stays up; a victim's successor starts in the background.
      if (alive.length < 2 || kills >= KILLS) continue;
      const [victim, index] = alive[Math.floor(Math.random() * alive.length)] as [RunningProcess, number];
      servers[index] = null;
      kills++;
      if (done < expected || !activated) killsMidWork++;
      await kill(victim);
      restarts.push(
        startServeProcess(env()).then((server) => {
          all.push(server);
          servers[index] = server;
        }),
      );
    }
    await activating;
    await Promise.all(restarts);
    done = await eventually(
      async () => ((await completed()) === expected ? expected : undefined),
      30_000,
      `${expected} completed transactions`,
    ).catch(async () => completed());
    // The second activation's polls find nothing new, so the transactions can all be done while some
    // of them still wait: for a poll that was in flight in a killed process, until its lease runs out.
    const unfinishedPollCount = async () =>
      Number(
        (
          await db
            .selectFrom('jobs')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('kind', '=', 'cycle.poll')
            .where('status', '<>', 'succeeded')
            .executeTakeFirstOrThrow()
        ).n,
      );
    await eventually(
      async () => ((await unfinishedPollCount()) === 0 ? true : undefined),
      60_000,
      'every poll finished',
    ).catch(() => undefined);

    const byStatus = await db
      .selectFrom('cycle_transactions')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('status')
      .execute();
    expect(done, `completed transactions; by status ${JSON.stringify(byStatus)}`).toBe(expected);
    expect(killsMidWork, 'kills while transactions were still running').toBeGreaterThanOrEqual(1);
    const rows = await db.selectFrom('cycle_transactions').select(['status']).execute();
    expect(rows).toHaveLength(expected);
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
    expect(keys.length - expected).toBeLessThanOrEqual(kills * WORKER_CONCURRENCY);
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
    const unfinishedPolls = await db
      .selectFrom('jobs')
      .select(['id', 'status'])
      .where('kind', '=', 'cycle.poll')
      .where('status', '<>', 'succeeded')
      .execute();
    expect(unfinishedPolls).toEqual([]);
    for (const intervals of byCycle.values()) {
      expect(intervals.length).toBeGreaterThanOrEqual(2);
      intervals.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < intervals.length; i++)
        expect((intervals[i] as [number, number])[0]).toBeGreaterThanOrEqual(
          (intervals[i - 1] as [number, number])[1],
        );
    }
    const retaken = await db
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('kind', 'in', ['cycle.poll', 'cycle.step'])
      .where('epoch', '>', 1)
      .executeTakeFirstOrThrow();
    console.log(
      `cycles crash test: ${CYCLES} cycles, ${expected} transactions, ${kills} kills (${killsMidWork} mid-work), ${keys.length - expected} repeated requests, ${retaken.n} jobs claimed again`,
    );
  }, 240_000);
});
