import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startSqliteCheckpointer,
  startSqliteCheckpointerWhenBusy,
} from '../../src/storage/sqlite-checkpointer.ts';

async function eventually(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('background WAL checkpoints on SQLite', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function openWal() {
    const dir = mkdtempSync(join(tmpdir(), 'plugboard-checkpoint-'));
    dirs.push(dir);
    const path = join(dir, 'plugboard.db');
    const connection = new SQLite(path);
    connection.pragma('journal_mode = WAL');
    connection.pragma('synchronous = NORMAL');
    connection.exec('create table rows (id integer primary key, body text not null)');
    return { path, connection };
  }

  it('copies committed pages into the database file from its own thread, and hands checkpoints back on close', async () => {
    const { path, connection } = openWal();
    const checkpointer = startSqliteCheckpointer(connection, path, 20);
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1_000);
    const insert = connection.prepare('insert into rows (body) values (?)');
    // About 2,000 pages in as many commits: past the default threshold, below the backstop, so only
    // the thread's checkpoints can have moved them into the database file.
    for (let n = 0; n < 2_000; n++) insert.run('x'.repeat(3_000));
    await eventually(() => statSync(path).size > 4_000_000);
    await checkpointer.close();
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    expect(connection.prepare('select count(*) as n from rows').get()).toEqual({ n: 2_000 });
    connection.close();
  });

  it('starts its thread only once writes are frequent, not for a write now and then', async () => {
    const { path, connection } = openWal();
    const checkpointer = startSqliteCheckpointerWhenBusy(connection, path, undefined, {
      watchMs: 20,
      busyTicks: 4,
      everyMs: 20,
    });
    const insert = connection.prepare('insert into rows (body) values (?)');
    insert.run('now');
    // Quiet for well over four looks at the log, one more write, quiet again: no thread.
    await new Promise((resolve) => setTimeout(resolve, 200));
    insert.run('and then');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(checkpointer.started).toBe(false);
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    // A write every few milliseconds: the thread starts, and takes the checkpoints over.
    const writing = setInterval(() => insert.run('x'.repeat(3_000)), 5);
    try {
      await eventually(() => checkpointer.started);
    } finally {
      clearInterval(writing);
    }
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1_000);
    await checkpointer.close();
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(1_000);
    connection.close();
  });
});
