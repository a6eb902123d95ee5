import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * WAL pages a commit lets pile up before it checkpoints by itself while the background checkpointer
 * runs: a backstop should the checkpointer fall behind or stop (SQLite's default is 1,000).
 */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 20_000;
const DEFAULT_AUTOCHECKPOINT_PAGES = 1_000;

/** The checkpointer thread: its own connection, a passive checkpoint every `everyMs`. */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or briefly locked: the next round checkpoints.
  }
}, workerData.everyMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface SqliteCheckpointer {
  /** Stops the thread (after its checkpoint in progress) and gives checkpoints back to commits. */
  close(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop. By default the commit that grows the WAL past 1,000 pages
 * copies it into the database file and syncs both, blocking this process's event loop for a disk
 * flush (tens of milliseconds) — every request in flight waits. Here a thread with its own connection
 * runs a passive checkpoint (never blocking writers or readers) every `everyMs`, and commits on
 * `connection` checkpoint by themselves only when the WAL is far larger. Should the thread stop,
 * commits checkpoint as before.
 */
export function startSqliteCheckpointer(
  connection: SQLite.Database,
  path: string,
  everyMs = 250,
  onError: (error: unknown) => void = () => {},
): SqliteCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const thread = new Worker(THREAD, { eval: true, workerData: { driver, path, everyMs } });
  thread.unref();
  connection.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  const restore = () => {
    if (connection.open) connection.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  thread.on('error', (error) => onError(error));
  const exited = new Promise<void>((resolve) =>
    thread.once('exit', () => {
      restore();
      resolve();
    }),
  );
  return {
    async close() {
      thread.postMessage('stop');
      const timer = setTimeout(() => void thread.terminate(), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface LazySqliteCheckpointer extends SqliteCheckpointer {
  /** Whether writes have been frequent enough for the thread to start. */
  readonly started: boolean;
}

/**
 * {@link startSqliteCheckpointer}, started only once writes are frequent: the write-ahead log is
 * looked at (its modification time, no query) every `watchMs`, and the thread starts once it has
 * changed in `busyTicks` looks in a row. A thread holds about 12 MB, which an idle server or a
 * command that writes now and then does not need; until it starts, commits checkpoint as by default.
 */
export function startSqliteCheckpointerWhenBusy(
  connection: SQLite.Database,
  path: string,
  onError: (error: unknown) => void = () => {},
  { watchMs = 250, busyTicks = 4, everyMs = 250 } = {},
): LazySqliteCheckpointer {
  let thread: SqliteCheckpointer | null = null;
  let lastChange = -1;
  let busy = 0;
  const watch = setInterval(() => {
    let changed: number;
    try {
      changed = statSync(`${path}-wal`).mtimeMs;
    } catch {
      return; // no log yet
    }
    busy = changed !== lastChange && lastChange !== -1 ? busy + 1 : 0;
    lastChange = changed;
    if (busy < busyTicks || !connection.open) return;
    clearInterval(watch);
    thread = startSqliteCheckpointer(connection, path, everyMs, onError);
  }, watchMs);
  watch.unref();
  return {
    get started() {
      return thread !== null;
    },
    async close() {
      clearInterval(watch);
      await thread?.close();
    },
  };
}
