/**
 * Every configuration option Plugboard reads, documented once. The table drives validation,
 * `plugboard config` and `plugboard --help`, so the three cannot drift apart.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** `json`: one JSON object a line, for machines; `pretty`: one readable line an event, for a person. */
export type LogFormat = 'json' | 'pretty';

export interface ConfigOption {
  readonly variable: string;
  /** The default as a person reads it; `null` when the default is computed (see `defaultNote`). */
  readonly defaultText: string;
  readonly description: string;
  /** What a valid value looks like, quoted in error messages. */
  readonly expects: string;
}

/** The defaults that are plain values, written once: validation uses them and the help shows them. */
export const CONFIG_DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  databaseUrl: 'sqlite:./data/plugboard.db',
  logLevel: 'info',
  logFormat: 'json',
  apiRateLimitPerMinute: 1200,
  cycleAccountConcurrency: 10,
  cycleRetryDivisor: 1,
  shutdownGraceSeconds: 10,
  tokenRateLimitPerMinute: 30,
  jobRetentionHours: 168,
  workerConcurrency: 32,
} as const satisfies Record<string, string | number>;

export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  {
    variable: 'PLUGBOARD_PORT',
    defaultText: String(CONFIG_DEFAULTS.port),
    description: 'TCP port to listen on',
    expects: 'an integer from 0 to 65535',
  },
  {
    variable: 'PLUGBOARD_HOST',
    defaultText: String(CONFIG_DEFAULTS.host),
    description: 'address to listen on (0.0.0.0 for every interface)',
    expects: 'a host name or IP address',
  },
  {
    variable: 'PLUGBOARD_PUBLIC_URL',
    defaultText: 'http://localhost:{PLUGBOARD_PORT}',
    description:
      'service domain: the public base URL of the browser endpoints; the OAuth callback is {PUBLIC_URL}/connector/callback',
    expects: 'an absolute http:// or https:// URL with no query or fragment',
  },
  {
    variable: 'PLUGBOARD_DATABASE_URL',
    defaultText: String(CONFIG_DEFAULTS.databaseUrl),
    description:
      'sqlite:{path} (its directory must exist; only the default ./data/ is created) or postgres://…; several processes may share one PostgreSQL database',
    expects: 'sqlite:{path}, sqlite::memory:, or a postgres:// or postgresql:// URL',
  },
  {
    variable: 'PLUGBOARD_ENCRYPTION_KEYS',
    defaultText: 'SQLite: a key file next to the database, made on first start; PostgreSQL: required',
    description: 'comma-separated kid:base64(32 bytes) keys; the first one encrypts, all of them decrypt',
    expects: 'a comma-separated list of kid:base64 entries, each key exactly 32 bytes, kids of [A-Za-z0-9_-]',
  },
  {
    variable: 'PLUGBOARD_SANDBOX',
    defaultText: 'on under npm start while PLUGBOARD_PUBLIC_URL is loopback; otherwise off',
    description:
      'mount the Capsule sandbox at /sandbox/capsule; on with a public service domain logs a warning at every start',
    expects: 'on or off',
  },
  {
    variable: 'PLUGBOARD_LOG_LEVEL',
    defaultText: String(CONFIG_DEFAULTS.logLevel),
    description: 'log level; secrets are redacted at every level',
    expects: 'one of trace, debug, info, warn, error, fatal, silent',
  },
  {
    variable: 'PLUGBOARD_LOG_FORMAT',
    defaultText: String(CONFIG_DEFAULTS.logFormat),
    description:
      'json (one JSON object a line, for log collectors) or pretty (one readable line an event, for a terminal)',
    expects: 'json or pretty',
  },
  {
    variable: 'PLUGBOARD_API_RATE_LIMIT',
    defaultText: String(CONFIG_DEFAULTS.apiRateLimitPerMinute),
    description: 'partner API requests per minute per API client; 0 turns the limit off',
    expects: 'a non-negative integer',
  },
  {
    variable: 'PLUGBOARD_CYCLE_ACCOUNT_CONCURRENCY',
    defaultText: String(CONFIG_DEFAULTS.cycleAccountConcurrency),
    description: 'cycle transactions of one account running at once, across every process',
    expects: 'an integer from 1 to 1000',
  },
  {
    variable: 'PLUGBOARD_CYCLE_RETRY_DIVISOR',
    defaultText: String(CONFIG_DEFAULTS.cycleRetryDivisor),
    description: "divides Cyclr's retry ladder (5 min, 35 min, 1 h 35, 4 h 35, 10 h 35); tests shorten it",
    expects: 'an integer from 1 to 10000000',
  },
  {
    variable: 'PLUGBOARD_SHUTDOWN_GRACE_SECONDS',
    defaultText: String(CONFIG_DEFAULTS.shutdownGraceSeconds),
    description:
      'on SIGTERM or SIGINT, how long requests in flight may take before their connections are closed; a second signal exits at once',
    expects: 'an integer from 0 to 3600',
  },
  {
    variable: 'PLUGBOARD_TOKEN_RATE_LIMIT',
    defaultText: String(CONFIG_DEFAULTS.tokenRateLimitPerMinute),
    description: 'POST /oauth/token requests per minute per client address; 0 turns the limit off',
    expects: 'a non-negative integer',
  },
  {
    variable: 'PLUGBOARD_TRUSTED_PROXIES',
    defaultText: '(none)',
    description:
      'reverse proxies whose X-Forwarded-For is believed for the client address (sign-in slow-down, token rate limit)',
    expects: 'a comma-separated list of IP addresses or CIDR ranges, e.g. 10.0.0.0/8,::1',
  },
  {
    variable: 'PLUGBOARD_JOB_RETENTION_HOURS',
    defaultText: String(CONFIG_DEFAULTS.jobRetentionHours),
    description:
      'hours succeeded and dead background jobs stay visible (plugboard jobs, GET /v1.0/jobs) before deletion',
    expects: 'an integer from 1 to 87600',
  },
  {
    variable: 'PLUGBOARD_WORKER_CONCURRENCY',
    defaultText: String(CONFIG_DEFAULTS.workerConcurrency),
    description: 'background jobs one process runs at once (0: this process runs none)',
    expects: 'an integer from 0 to 1000',
  },
];
