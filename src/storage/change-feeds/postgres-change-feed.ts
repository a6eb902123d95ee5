import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { CachedTable, ChangeFeed, ChangeListener } from '../../domain/read-cache/change-feed.ts';
import { CHANGE_CHANNEL } from '../migrations/0004-hot-path.ts';
import { WHOLE_TABLE_KEY } from '../migrations/0011-bulk-change-announcements.ts';

export interface PostgresChangeFeedOptions {
  /** How often the feed sends itself a heartbeat through the channel. */
  readonly heartbeatMs?: number;
  /** The staleness bound: the cache is used only while a heartbeat sent this recently came back. */
  readonly boundMs?: number;
  /** How long `sync()` waits for its own announcement before dropping the cache instead. */
  readonly syncTimeoutMs?: number;
  readonly onError?: (error: unknown) => void;
}

const TABLES = new Set<string>([
  'api_tokens',
  'api_clients',
  'accounts',
  'account_connectors',
  'connector_setups',
]);

/**
 * PostgreSQL's change feed: triggers `NOTIFY` every change of a cached row on one channel (or, for a
 * statement that changed many rows, the whole table once: the cache is then dropped), and this
 * feed `LISTEN`s on a dedicated connection. PostgreSQL delivers notifications in commit order, so when
 * a heartbeat this feed sent at time `t` comes back, every change committed before `t` has been
 * delivered: the cache is current while the last heartbeat that came back is younger than `boundMs`.
 * A dropped connection drops the cache and reconnects with backoff; announcements of other schemas
 * (other installations in the same database) are ignored.
 */
export function postgresChangeFeed(url: string, options: PostgresChangeFeedOptions = {}): ChangeFeed {
  const heartbeatMs = options.heartbeatMs ?? 200;
  const boundMs = options.boundMs ?? 750;
  const syncTimeoutMs = options.syncTimeoutMs ?? 2_000;
  const feedId = randomUUID();
  let listener: ChangeListener | null = null;
  let client: pg.Client | null = null;
  let schema = '';
  let connected = false;
  let closed = false;
  let sequence = 0;
  let currentSince = 0;
  let backoffMs = 100;
  let heartbeat: NodeJS.Timeout | null = null;
  let reconnect: NodeJS.Timeout | null = null;
  /** Beats on their way, by sequence number: when each was sent, and the syncs it answers. */
  const sent = new Map<number, { at: number; resolves: (() => void)[] }>();
  /** Syncs (and heartbeats, with nothing to resolve) waiting for the next beat; null when none is due. */
  let due: (() => void)[] | null = null;
  let sending = false;

  /**
   * Sends one beat for everything due, unless a beat query is on its way: one query at a time on the
   * listening connection (pg queues overlapping calls today but will refuse them in pg 9), and what
   * falls due meanwhile shares the next beat. A sync is answered by a beat sent after it asked.
   */
  const flush = () => {
    if (sending || due === null) return;
    const resolves = due;
    due = null;
    const sender = client;
    if (!sender || !connected) {
      for (const resolve of resolves) resolve();
      return;
    }
    const seq = ++sequence;
    sent.set(seq, { at: Date.now(), resolves });
    sending = true;
    sender
      .query('select pg_notify($1, $2)', [CHANNEL_NAME, `${schema} beat ${feedId}:${seq}`])
      .catch(() => {})
      .finally(() => {
        sending = false;
        flush();
      });
  };

  const send = (resolve?: () => void) => {
    if (!client || !connected) {
      resolve?.();
      return;
    }
    due ??= [];
    if (resolve) due.push(resolve);
    flush();
  };

  const received = (payload: string) => {
    const first = payload.indexOf(' ');
    const second = payload.indexOf(' ', first + 1);
    if (first < 0 || second < 0 || payload.slice(0, first) !== schema) return;
    const kind = payload.slice(first + 1, second);
    const key = payload.slice(second + 1);
    if (kind === 'beat') {
      const [id, seqText] = key.split(':');
      if (id !== feedId) return;
      const seq = Number(seqText);
      for (const [n, beat] of sent) {
        if (n > seq) break;
        currentSince = Math.max(currentSince, beat.at);
        for (const resolve of beat.resolves) resolve();
        sent.delete(n);
      }
      return;
    }
    if (!TABLES.has(kind)) return;
    // One statement changed many rows of the table: any entry of it may be stale.
    if (key === WHOLE_TABLE_KEY) listener?.lost();
    else listener?.changed({ table: kind as CachedTable, key });
  };

  const dropped = (error?: unknown) => {
    if (error) options.onError?.(error);
    if (!connected && client === null) return;
    connected = false;
    currentSince = 0;
    const old = client;
    client = null;
    old?.removeAllListeners();
    old?.on('error', () => {});
    old?.end().catch(() => {});
    for (const beat of sent.values()) for (const resolve of beat.resolves) resolve();
    sent.clear();
    for (const resolve of due ?? []) resolve();
    due = null;
    listener?.lost();
    if (!closed) {
      reconnect = setTimeout(() => void connect(), backoffMs);
      reconnect.unref();
      backoffMs = Math.min(5_000, backoffMs * 2);
    }
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('error', (error) => dropped(error));
    next.on('end', () => dropped());
    try {
      await next.connect();
      const { rows } = await next.query<{ schema: string }>('select current_schema() as schema');
      schema = rows[0]?.schema ?? 'public';
      next.on('notification', (message) => {
        if (message.channel === CHANNEL_NAME && message.payload) received(message.payload);
      });
      await next.query(`listen ${CHANNEL_NAME}`);
      client = next;
      connected = true;
      backoffMs = 100;
      // Anything may have changed while no one listened.
      listener?.lost();
      send();
    } catch (error) {
      next.removeAllListeners();
      next.on('error', () => {});
      await next.end().catch(() => {});
      options.onError?.(error);
      if (!closed) {
        reconnect = setTimeout(() => void connect(), backoffMs);
        reconnect.unref();
        backoffMs = Math.min(5_000, backoffMs * 2);
      }
    }
  };

  return {
    boundMs,
    async start(next) {
      listener = next;
      await connect();
      heartbeat = setInterval(() => send(), heartbeatMs);
      heartbeat.unref();
    },
    current() {
      return connected && Date.now() - currentSince <= boundMs;
    },
    sync() {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          listener?.lost();
          resolve();
        }, syncTimeoutMs);
        timer.unref();
        send(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async close() {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      if (reconnect) clearTimeout(reconnect);
      const old = client;
      client = null;
      connected = false;
      old?.removeAllListeners();
      old?.on('error', () => {});
      await old?.end().catch(() => {});
    },
  };
}

const CHANNEL_NAME = CHANGE_CHANNEL;
