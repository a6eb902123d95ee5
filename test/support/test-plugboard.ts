import { Writable } from 'node:stream';
import { createPlugboard, type Plugboard } from '../../src/app.ts';
import { loadConfig, type PlugboardConfig } from '../../src/config/load-config.ts';
import type { ConnectorDefinition } from '../../src/connectors/connector-definition.ts';
import type { ProviderTokenClient } from '../../src/domain/account-connectors/provider-token-client.ts';
import type { Clock } from '../../src/domain/clock.ts';
import type { CycleEngineSettings } from '../../src/domain/cycle-engine/engine-settings.ts';
import type { RetrySchedule } from '../../src/domain/partner-events/retry-schedule.ts';
import type { HttpTimeouts } from '../../src/http/build-server.ts';
import type { TestDatabase } from './test-databases.ts';

/** A fixed test key (not a secret: tests only). */
export const TEST_KEYS = 'test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

/** Captures JSON log lines in memory so tests can search them. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export function testConfig(database: TestDatabase, env: Record<string, string> = {}): PlugboardConfig {
  return loadConfig({
    PLUGBOARD_DATABASE_URL: database.url,
    PLUGBOARD_ENCRYPTION_KEYS: TEST_KEYS,
    PLUGBOARD_LOG_LEVEL: 'debug',
    PLUGBOARD_PUBLIC_URL: 'http://plugboard.test',
    // Every test client shares one address; the limit itself is tested with a low value of its own.
    PLUGBOARD_TOKEN_RATE_LIMIT: '1000',
    ...env,
  });
}

export interface TestPlugboardOptions {
  readonly env?: Record<string, string>;
  readonly clock?: Clock;
  readonly connectors?: readonly ConnectorDefinition[];
  readonly tokenClient?: ProviderTokenClient;
  readonly refreshLeaseTtlMs?: number;
  /** Where the built console is served from (tests use a folder of their own). */
  readonly consoleDir?: string;
  /** Run the worker pool in this process. */
  readonly runJobs?: boolean;
  /** A shorter retry schedule for event deliveries. */
  readonly eventRetrySchedule?: RetrySchedule;
  /** How often rate-limit counts are flushed (tests that flush by hand make it long). */
  readonly requestCountFlushMs?: number;
  /**
   * The settings' `AllowPrivateAddresses`. Test providers listen on loopback, standing in for public
   * hosts, so it is true unless a test sets it (`null` keeps the default of the public URL).
   */
  readonly allowPrivateAddresses?: boolean | null;
  /** Overrides of the cycle engine's timings and limits. */
  readonly cycleEngine?: Partial<CycleEngineSettings>;
  readonly httpTimeouts?: HttpTimeouts;
}

export interface TestPlugboard extends Plugboard {
  readonly logs: LogCapture;
}

/** Builds a Plugboard on the given test database, logs captured, nothing listening. */
export async function startTestPlugboard(
  database: TestDatabase,
  options: TestPlugboardOptions = {},
): Promise<TestPlugboard> {
  const logs = new LogCapture();
  const plugboard = await createPlugboard({
    config: testConfig(database, options.env),
    logDestination: logs,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.connectors ? { connectors: options.connectors } : {}),
    ...(options.tokenClient ? { tokenClient: options.tokenClient } : {}),
    ...(options.refreshLeaseTtlMs ? { refreshLeaseTtlMs: options.refreshLeaseTtlMs } : {}),
    ...(options.consoleDir ? { consoleDir: options.consoleDir } : {}),
    ...(options.cycleEngine ? { cycleEngine: options.cycleEngine } : {}),
    ...(options.runJobs ? { runJobs: true } : {}),
    ...(options.eventRetrySchedule ? { eventRetrySchedule: options.eventRetrySchedule } : {}),
    ...(options.requestCountFlushMs ? { requestCountFlushMs: options.requestCountFlushMs } : {}),
    ...(options.httpTimeouts ? { httpTimeouts: options.httpTimeouts } : {}),
  });
  const allowPrivate = options.allowPrivateAddresses === undefined ? true : options.allowPrivateAddresses;
  if (allowPrivate !== null)
    await plugboard.services.settings.update({ allowPrivateAddresses: allowPrivate });
  return Object.assign(plugboard, { logs });
}
