import { isIP } from 'node:net';
import { type EncryptionKey, KeyListError, parseKeyList } from '../crypto/key-list.ts';
import { isLoopbackHost } from '../domain/url-rules.ts';
import type { LogFormat, LogLevel } from './config-options.ts';
import { CONFIG_DEFAULTS, CONFIG_OPTIONS } from './config-options.ts';

export type DatabaseLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** The validated, frozen configuration of one Plugboard process. */
export interface PlugboardConfig {
  readonly port: number;
  readonly host: string;
  /** Service domain, without a trailing slash. */
  readonly publicUrl: string;
  /** `{publicUrl}/connector/callback`: the redirect URI partners register at providers. */
  readonly callbackUrl: string;
  readonly databaseUrl: string;
  readonly database: DatabaseLocation;
  /** `null` means "use the key file next to the SQLite database". */
  readonly encryptionKeys: readonly EncryptionKey[] | null;
  readonly sandbox: boolean;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
  readonly apiRateLimitPerMinute: number;
  /** Cycle transactions of one account running at once. */
  readonly cycleAccountConcurrency: number;
  /** Divides the Retry ladder of cycle steps (1 in production). */
  readonly cycleRetryDivisor: number;
  /** How long a stop signal waits for requests in flight before closing their connections. */
  readonly shutdownGraceSeconds: number;
  readonly tokenRateLimitPerMinute: number;
  /** Addresses and CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed. */
  readonly trustedProxies: readonly string[];
  /** How long succeeded and dead jobs are kept, in milliseconds. */
  readonly jobRetentionMs: number;
  /** Background jobs this process runs at once; 0 runs none. */
  readonly workerConcurrency: number;
}

/** A configuration value was refused; the message names the variable and what it expects. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigDefaults {
  /** `npm start` turns the sandbox on by default; `plugboard serve` leaves it off. */
  readonly sandbox?: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function expects(variable: string): string {
  return CONFIG_OPTIONS.find((o) => o.variable === variable)?.expects ?? 'a valid value';
}

function fail(variable: string, value: string | undefined, showValue = true): never {
  const got = showValue && value !== undefined ? ` (got ${JSON.stringify(value)})` : '';
  throw new ConfigError(variable, `expected ${expects(variable)}${got}`);
}

function read(env: Env, variable: string): string | undefined {
  const value = env[variable];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parseInteger(env: Env, variable: string, fallback: number, min: number, max: number): number {
  const raw = read(env, variable);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) fail(variable, raw);
  const value = Number(raw);
  if (value < min || value > max) fail(variable, raw);
  return value;
}

function parsePublicUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail('PLUGBOARD_PUBLIC_URL', raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('PLUGBOARD_PUBLIC_URL', raw);
  if (url.search || url.hash || url.username || url.password) fail('PLUGBOARD_PUBLIC_URL', raw);
  return url.href.replace(/\/+$/, '');
}

export function parseDatabaseUrl(raw: string): DatabaseLocation {
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') fail('PLUGBOARD_DATABASE_URL', raw);
    return { kind: 'sqlite', path };
  }
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      fail('PLUGBOARD_DATABASE_URL', raw, false);
    }
    return { kind: 'postgres', url: raw };
  }
  return fail('PLUGBOARD_DATABASE_URL', raw, false);
}

function parseTrustedProxies(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || extra !== undefined) fail('PLUGBOARD_TRUSTED_PROXIES', raw);
  }
  return entries;
}

const LOG_LEVELS: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * Reads and validates every `PLUGBOARD_*` variable once. Throws {@link ConfigError} naming the first
 * bad variable; the returned object is deeply frozen.
 */
export function loadConfig(env: Env, defaults: ConfigDefaults = {}): PlugboardConfig {
  const port = parseInteger(env, 'PLUGBOARD_PORT', CONFIG_DEFAULTS.port, 0, 65535);
  const host = read(env, 'PLUGBOARD_HOST') ?? CONFIG_DEFAULTS.host;
  if (/\s|\//.test(host)) fail('PLUGBOARD_HOST', host);
  const publicUrl = parsePublicUrl(read(env, 'PLUGBOARD_PUBLIC_URL') ?? `http://localhost:${port}`);
  const databaseUrl = read(env, 'PLUGBOARD_DATABASE_URL') ?? CONFIG_DEFAULTS.databaseUrl;
  const database = parseDatabaseUrl(databaseUrl);

  const rawKeys = read(env, 'PLUGBOARD_ENCRYPTION_KEYS');
  let encryptionKeys: EncryptionKey[] | null = null;
  if (rawKeys !== undefined) {
    try {
      encryptionKeys = parseKeyList(rawKeys);
    } catch (error) {
      const reason = error instanceof KeyListError ? error.message : 'unreadable';
      throw new ConfigError(
        'PLUGBOARD_ENCRYPTION_KEYS',
        `${reason}; expected ${expects('PLUGBOARD_ENCRYPTION_KEYS')}`,
      );
    }
  } else if (database.kind === 'postgres') {
    throw new ConfigError(
      'PLUGBOARD_ENCRYPTION_KEYS',
      `is required with PostgreSQL; expected ${expects('PLUGBOARD_ENCRYPTION_KEYS')} (make one with: plugboard keys generate)`,
    );
  }

  const rawSandbox = read(env, 'PLUGBOARD_SANDBOX');
  if (rawSandbox !== undefined && rawSandbox !== 'on' && rawSandbox !== 'off')
    fail('PLUGBOARD_SANDBOX', rawSandbox);
  // The sandbox hands out tokens to anyone: by default only on a loopback service domain.
  const sandbox =
    rawSandbox === undefined
      ? (defaults.sandbox ?? false) && isLoopbackHost(new URL(publicUrl).hostname)
      : rawSandbox === 'on';

  const rawLevel = read(env, 'PLUGBOARD_LOG_LEVEL') ?? CONFIG_DEFAULTS.logLevel;
  if (!LOG_LEVELS.includes(rawLevel as LogLevel)) fail('PLUGBOARD_LOG_LEVEL', rawLevel);
  const logFormat = read(env, 'PLUGBOARD_LOG_FORMAT') ?? CONFIG_DEFAULTS.logFormat;
  if (logFormat !== 'json' && logFormat !== 'pretty') fail('PLUGBOARD_LOG_FORMAT', logFormat);

  const apiRateLimitPerMinute = parseInteger(
    env,
    'PLUGBOARD_API_RATE_LIMIT',
    CONFIG_DEFAULTS.apiRateLimitPerMinute,
    0,
    1_000_000_000,
  );
  const jobRetentionHours = parseInteger(
    env,
    'PLUGBOARD_JOB_RETENTION_HOURS',
    CONFIG_DEFAULTS.jobRetentionHours,
    1,
    87_600,
  );
  const workerConcurrency = parseInteger(
    env,
    'PLUGBOARD_WORKER_CONCURRENCY',
    CONFIG_DEFAULTS.workerConcurrency,
    0,
    1_000,
  );

  const cycleAccountConcurrency = parseInteger(
    env,
    'PLUGBOARD_CYCLE_ACCOUNT_CONCURRENCY',
    CONFIG_DEFAULTS.cycleAccountConcurrency,
    1,
    1000,
  );
  const cycleRetryDivisor = parseInteger(
    env,
    'PLUGBOARD_CYCLE_RETRY_DIVISOR',
    CONFIG_DEFAULTS.cycleRetryDivisor,
    1,
    10_000_000,
  );
  const shutdownGraceSeconds = parseInteger(
    env,
    'PLUGBOARD_SHUTDOWN_GRACE_SECONDS',
    CONFIG_DEFAULTS.shutdownGraceSeconds,
    0,
    3600,
  );
  const tokenRateLimitPerMinute = parseInteger(
    env,
    'PLUGBOARD_TOKEN_RATE_LIMIT',
    CONFIG_DEFAULTS.tokenRateLimitPerMinute,
    0,
    1_000_000_000,
  );
  const trustedProxies = parseTrustedProxies(read(env, 'PLUGBOARD_TRUSTED_PROXIES'));

  return Object.freeze({
    port,
    host,
    publicUrl,
    callbackUrl: `${publicUrl}/connector/callback`,
    databaseUrl,
    database: Object.freeze(database),
    encryptionKeys: encryptionKeys ? Object.freeze(encryptionKeys.map((k) => Object.freeze(k))) : null,
    sandbox,
    logLevel: rawLevel as LogLevel,
    logFormat,
    apiRateLimitPerMinute,
    cycleAccountConcurrency,
    cycleRetryDivisor,
    shutdownGraceSeconds,
    tokenRateLimitPerMinute,
    trustedProxies: Object.freeze(trustedProxies),
    jobRetentionMs: jobRetentionHours * 3_600_000,
    workerConcurrency,
  });
}
