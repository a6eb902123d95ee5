import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { JobWakeups } from '../domain/work-queue/job-wakeups.ts';
import type { DatabaseSchema } from './schema.ts';

/** How the queue's store announces new work, and how a worker pool hears of it. */
export interface QueueSignals {
  /** Announces a job due at `runAt`, on `db` (inside the caller's transaction when there is one). */
  afterEnqueue(db: Kysely<DatabaseSchema>, runAt: number): Promise<void>;
  /** Starts listening for announcements (a worker pool does this once); connection trouble goes to `onError`. */
  listen(onError: (error: unknown) => void): JobWakeups;
}

type Listener = (runAt: number) => void;

function listenerSet() {
  const listeners = new Set<Listener>();
  return {
    add(listener: Listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(runAt: number) {
      for (const listener of listeners) listener(runAt);
    },
  };
}

/**
 * SQLite: one process writes the file at a time, so an in-process signal reaches every worker that
 * can act on it. It fires before the enqueuing transaction commits, which is harmless: SQLite runs
 * one statement at a time per connection, so the woken claim waits for the commit.
 */
export function sqliteQueueSignals(): QueueSignals {
  const listeners = listenerSet();
  return {
    async afterEnqueue(_db, runAt) {
      listeners.emit(runAt);
    },
    listen() {
      return {
        subscribe: (listener) => listeners.add(listener),
        ready: async () => {},
        close: async () => {},
      };
    },
  };
}

const RECONNECT_MS = 1_000;

/**
 * PostgreSQL: `pg_notify` inside the enqueuing transaction is delivered when it commits (and never
 * when it rolls back); each worker pool holds one `LISTEN` connection and reconnects when it drops.
 * The channel is named after the schema, so installations sharing a database do not wake each other.
 */
export function postgresQueueSignals(url: string, channel: string): QueueSignals {
  return {
    async afterEnqueue(db, runAt) {
      await sql`select pg_notify(${channel}, ${String(runAt)})`.execute(db);
    },
    listen(onError) {
      const listeners = listenerSet();
      let client: pg.Client | null = null;
      let closed = false;
      let retry: NodeJS.Timeout | null = null;
      let firstAttempt = (): void => {};
      const ready = new Promise<void>((resolve) => {
        firstAttempt = resolve;
      });
      const connect = async () => {
        const next = new pg.Client({ connectionString: url });
        client = next;
        const reconnect = (error: unknown) => {
          onError(error);
          next.removeAllListeners();
          next.on('error', () => undefined);
          void next.end().catch(() => undefined);
          if (closed || retry) return;
          retry = setTimeout(() => {
            retry = null;
            void connect();
          }, RECONNECT_MS);
          retry.unref();
        };
        next.on('error', reconnect);
        next.on('notification', (message) => {
          const runAt = Number(message.payload);
          listeners.emit(Number.isFinite(runAt) ? runAt : 0);
        });
        try {
          await next.connect();
          await next.query(`listen "${channel.replaceAll('"', '""')}"`);
          if (closed) await next.end();
          // Work enqueued while the connection was down was not announced: look now.
          else listeners.emit(0);
        } catch (error) {
          reconnect(error);
        }
        firstAttempt();
      };
      void connect();
      return {
        subscribe: (listener) => listeners.add(listener),
        ready: () => ready,
        async close() {
          closed = true;
          if (retry) clearTimeout(retry);
          const current = client;
          client = null;
          current?.removeAllListeners();
          current?.on('error', () => undefined);
          await current?.end().catch(() => undefined);
        },
      };
    },
  };
}
