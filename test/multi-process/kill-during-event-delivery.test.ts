import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitPartnerEvent } from '../../src/domain/partner-events/event-outbox.ts';
import { EventReceiver } from '../support/event-receiver.ts';
import { freePort } from '../support/free-port.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { startTestPlugboard, TEST_KEYS, type TestPlugboard } from '../support/test-plugboard.ts';

const FIXTURE = join(import.meta.dirname, 'fixtures/deliver-events.ts');
const postgres = testDatabaseKinds().find((kind) => kind.kind === 'postgres');

async function startWorker(database: TestDatabase): Promise<ChildProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: {
      ...process.env,
      PLUGBOARD_DATABASE_URL: database.url,
      PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
      PLUGBOARD_PORT: String(port),
      PLUGBOARD_PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not start')), 30_000);
    child.stdout?.on('data', (chunk) => {
      if (String(chunk).includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`worker exited early: ${code}`)));
  });
  return child;
}

describe.skipIf(!postgres)('a process killed mid-delivery loses no event [postgres]', () => {
  let database: TestDatabase;
  let app: TestPlugboard;
  let receiver: EventReceiver;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!postgres) return;
    database = await postgres.create();
    // In this process: the schema, the endpoint and the events; no background work runs here.
    app = await startTestPlugboard(database, { env: { PLUGBOARD_PUBLIC_URL: 'http://127.0.0.1:1' } });
    receiver = await EventReceiver.start();
  }, 60_000);
  afterAll(async () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await app?.close();
    await receiver?.close();
    await database?.drop();
  });

  it('delivers every event after SIGKILL, in order per account connector, to a receiver that verifies each one', async () => {
    const { secret } = await app.services.webhookEndpoints
      .create({ url: `${receiver.url}/events`, eventTypes: [] })
      .then((r) => ({ secret: r.secret }));
    receiver.secret = secret;
    receiver.hold = true;
    const emitted: string[][] = [[], []];
    for (let n = 0; n < 12; n++) {
      const stream = n % 2;
      await app.stores.transaction((tx) =>
        emitPartnerEvent(
          tx,
          {
            type: 'account_connector.degraded',
            accountId: null,
            accountConnectorId: stream + 1,
            data: { N: n },
          },
          Date.now(),
        ),
      );
      emitted[stream]?.push(String(n));
    }

    const first = await startWorker(database);
    children.push(first);
    await receiver.waitUntil(() => receiver.heldCount() >= 1);
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // The killed process's request is answered into a closed socket: it never learnt the outcome.
    receiver.hold = false;
    const second = await startWorker(database);
    children.push(second);

    const allIds = async () => {
      const rows = await app.database.db.selectFrom('partner_events').select('event_id').execute();
      return rows.map((row) => row.event_id);
    };
    const ids = await allIds();
    expect(ids).toHaveLength(12);
    await receiver.waitUntil(
      () => ids.every((id) => receiver.accepted().some((r) => r.headers['webhook-id'] === id)),
      60_000,
    );
    expect(receiver.received.every((r) => r.verified === true)).toBe(true);
    for (const [stream, order] of emitted.entries()) {
      const seen: string[] = [];
      for (const r of receiver.accepted()) {
        const data = r.body.data as { AccountConnectorId: number; N: number };
        if (data.AccountConnectorId === stream + 1 && !seen.includes(String(data.N)))
          seen.push(String(data.N));
      }
      expect(seen).toEqual(order);
    }
    // Every delivery ends Delivered (the receiver answers a moment before Plugboard records it).
    for (const deadline = Date.now() + 20_000; ; ) {
      const statuses = await app.database.db.selectFrom('event_deliveries').select('status').execute();
      if (statuses.length === 12 && statuses.every((row) => row.status === 'Delivered')) break;
      if (Date.now() > deadline)
        expect(statuses.map((row) => row.status)).toEqual(Array(12).fill('Delivered'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 120_000);
});
