/**
 * Throughput and latency of data on demand ("List Parties", perPage 10) and of the proxy
 * (`GET …/proxy/parties?perPage=10`) against the Capsule sandbox, side by side with a bare undici
 * pass-through to the same upstream. Every server runs as its own process: the sandbox
 * (`plugboard sandbox`), Plugboard (`plugboard serve`, SQLite unless a PostgreSQL URL is given) and the
 * bare proxy (`bench/bare-proxy.ts`); the load comes from this process. Prints a table and the ratios
 * against the targets (0 ms upstream: throughput ≥ 0.5×, p99 ≤ 2× the bare pass-through and ≤ 0.25 ms of
 * CPU per call; 20 ms and more: ≥ 0.95× and ≤ 1.2×; idle RSS < 100 MB), and always exits 0: it
 * measures, it does not judge the build.
 *
 *   npx tsx bench/throughput.ts [--latency 0,20] [--warmup 3] [--duration 10] [--rounds 2]
 *                               [--connections 50] [--database postgres://…] [--only bare,proxy,dod]
 *                               [--profile dir]
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CAPSULE_V2 } from '../src/connectors/capsule-v2/index.ts';
import { sandboxTokens } from '../test/support/sandbox-consent.ts';
import { freshDatabase } from './support/fresh-database.ts';
import { type LoadRequest, type LoadResult, runLoad } from './support/load.ts';
import {
  type Child,
  cpuSeconds,
  freePort,
  runNode,
  startNode,
  waitUntilServing,
} from './support/processes.ts';
import { printUsageWhenAsked } from './support/usage.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';
const ACCOUNT = 'bench';
/** The targets per upstream latency: a 0 ms upstream compares CPU costs, a 20 ms one is realistic. */
function targetsFor(latencyMs: number): { throughput: number; p99: number } {
  return latencyMs === 0 ? { throughput: 0.5, p99: 2 } : { throughput: 0.95, p99: 1.2 };
}
/** CPU milliseconds per proxied call, including the database. */
const TARGET_CPU_MS = 0.25;
/** Resident memory of an idle Plugboard process. */
const TARGET_IDLE_RSS_MB = 100;

/** Resident memory of a process in MB, from Linux's `/proc/{pid}/status`; `undefined` elsewhere. */
function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

printUsageWhenAsked(import.meta.filename);

const { values: options } = parseArgs({
  options: {
    latency: { type: 'string', default: '0,20' },
    warmup: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    database: { type: 'string', default: process.env.PLUGBOARD_BENCH_DATABASE_URL ?? '' },
    /** Which paths to load, by key: bare, proxy, dod (the bare one is the baseline for the ratios). */
    only: { type: 'string', default: 'bare,proxy,dod' },
    /** Write V8 CPU profiles of Plugboard and of the bare proxy into this directory (`--cpu-prof`). */
    profile: { type: 'string', default: '' },
  },
});
const latencies = options.latency.split(',').map(Number);
const warmupMs = Number(options.warmup) * 1000;
const durationMs = Number(options.duration) * 1000;
const rounds = Number(options.rounds);
const connections = Number(options.connections);

async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<unknown> {
  const { json, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    ...(json === undefined
      ? {}
      : { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...rest.headers } }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return text === '' ? null : JSON.parse(text);
}

/** Inserts the benchmark's account through Plugboard's storage layer (no HTTP call creates accounts yet). */
async function insertAccount(databaseUrl: string, keys: string): Promise<void> {
  const { loadConfig } = await import('../src/config/load-config.ts');
  const { openDatabase } = await import('../src/storage/database.ts');
  const config = loadConfig({ PLUGBOARD_DATABASE_URL: databaseUrl, PLUGBOARD_ENCRYPTION_KEYS: keys });
  const database = openDatabase(config.database);
  try {
    const now = Date.now();
    await database.db
      .insertInto('accounts')
      .values({ id: ACCOUNT, name: 'Benchmark', created_at: now, next_bill_date: now })
      .execute();
  } finally {
    await database.close();
  }
}

interface Scenario {
  readonly key: string;
  readonly name: string;
  readonly origin: string;
  readonly request: LoadRequest;
  /** The process that serves it (its CPU time per request is reported). */
  readonly server: Child;
}

interface Row {
  readonly scenario: string;
  readonly latencyMs: number;
  readonly result: LoadResult;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const children: Child[] = [];
  const database = await freshDatabase(options.database);
  try {
    const [sandboxPort, plugboardPort, barePort] = [await freePort(), await freePort(), await freePort()];
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    const plugboardUrl = `http://127.0.0.1:${plugboardPort}`;
    const callbackUrl = `${plugboardUrl}/connector/callback`;
    const controlToken = randomBytes(32).toString('hex');

    const sandbox = startNode(
      'sandbox',
      [
        'bin/plugboard.js',
        'sandbox',
        '--port',
        String(sandboxPort),
        '--public-url',
        sandboxUrl,
        '--redirect-uri',
        callbackUrl,
        '--control-token',
        controlToken,
      ],
      {},
    );
    children.push(sandbox);
    await waitUntilServing(sandbox, `${sandboxUrl}/control`, 120_000, {
      authorization: `Bearer ${controlToken}`,
    });
    // Capsule's 4,000 an hour would stop the run within seconds.
    await call(`${sandboxUrl}/control`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${controlToken}` },
      json: { rateLimitPerHour: 1_000_000 },
    });

    const plugboardEnv = {
      PLUGBOARD_PORT: String(plugboardPort),
      PLUGBOARD_HOST: '127.0.0.1',
      PLUGBOARD_PUBLIC_URL: plugboardUrl,
      PLUGBOARD_DATABASE_URL: database.url,
      PLUGBOARD_ENCRYPTION_KEYS: database.keys,
      PLUGBOARD_SANDBOX: 'off',
      // The partner API's own per-client limit would throttle a load test.
      PLUGBOARD_API_RATE_LIMIT: '0',
    };
    const profiling = options.profile === '' ? [] : ['--cpu-prof', '--cpu-prof-dir', options.profile];
    const plugboard = startNode('plugboard', [...profiling, 'bin/plugboard.js', 'serve'], plugboardEnv);
    children.push(plugboard);
    await waitUntilServing(plugboard, `${plugboardUrl}/health`, 120_000);
    // Idle: started, migrated, nothing served yet but the health check; settled for a moment.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleRss = rssMb(plugboard.process.pid);

    const client = JSON.parse(
      await runNode(['bin/plugboard.js', 'api-client', 'create', '--name', 'Benchmark'], plugboardEnv),
    ) as { ClientId: string; ClientSecret: string };
    const token = (
      (await call(`${plugboardUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.ClientId,
          client_secret: client.ClientSecret,
        }).toString(),
      })) as { access_token: string }
    ).access_token;
    await insertAccount(database.url, database.keys);
    const partner = { authorization: `Bearer ${token}`, 'x-cyclr-account': ACCOUNT };
    await call(`${plugboardUrl}/v1.0/connectors/${CAPSULE_V2.id}/setup`, {
      method: 'PUT',
      headers: partner,
      json: {
        ClientId: 'capsule-sandbox-client',
        ClientSecret: 'capsule-sandbox-secret',
        AuthoriseUrl: `${sandboxUrl}/oauth/authorise`,
        AccessTokenUrl: `${sandboxUrl}/oauth/token`,
        ApiBaseUrl: `${sandboxUrl}/api/v2`,
        // No proactive budget: the point is to measure, not to be throttled.
        RequestsPerHour: 0,
      },
    });
    const tokens = await sandboxTokens(sandboxUrl, callbackUrl);
    const installed = (await call(`${plugboardUrl}/v1.0/connectors/${CAPSULE_V2.id}/install`, {
      method: 'POST',
      headers: partner,
      json: {
        Name: 'Capsule',
        AuthValue: JSON.stringify({
          AccessToken: tokens.access_token,
          RefreshToken: tokens.refresh_token,
          Expires: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
        }),
      },
    })) as { Id: number };

    const bare = startNode('bare proxy', [...profiling, '--import', 'tsx', 'bench/bare-proxy.ts'], {
      BARE_PORT: String(barePort),
      BARE_UPSTREAM: `${sandboxUrl}/api/v2`,
      BARE_TOKEN: (await sandboxTokens(sandboxUrl, callbackUrl)).access_token,
    });
    children.push(bare);
    await waitUntilServing(bare, `http://127.0.0.1:${barePort}/site`);

    const allScenarios: Scenario[] = [
      {
        key: 'bare',
        name: 'bare pass-through',
        origin: `http://127.0.0.1:${barePort}`,
        request: { method: 'GET', path: '/parties?perPage=10' },
        server: bare,
      },
      {
        key: 'proxy',
        name: 'Plugboard proxy',
        origin: plugboardUrl,
        request: {
          method: 'GET',
          path: `/v1.0/account/connectors/${installed.Id}/proxy/parties?perPage=10`,
          headers: partner,
        },
        server: plugboard,
      },
      {
        key: 'dod',
        name: 'Plugboard data on demand',
        origin: plugboardUrl,
        request: {
          method: 'POST',
          path: `/v1.0/account/connectors/${installed.Id}/methods/${LIST_PARTIES}`,
          headers: { ...partner, 'content-type': 'application/json' },
          body: JSON.stringify({ Parameters: { perPage: 10 } }),
        },
        server: plugboard,
      },
    ];
    const wanted = options.only.split(',');
    const scenarios = allScenarios.filter((scenario) => wanted.includes(scenario.key));
    for (const scenario of scenarios) {
      const { request } = scenario;
      const body = (await call(`${scenario.origin}${request.path}`, {
        method: request.method,
        headers: request.headers ?? {},
        ...(request.body === undefined ? {} : { body: request.body }),
      })) as { parties: unknown[] };
      if (body.parties.length !== 10) throw new Error(`${scenario.name} did not list 10 parties`);
    }

    console.log(
      `${connections} connections, ${warmupMs / 1000} s warm-up + ${durationMs / 1000} s measured, ` +
        `${rounds} round(s), median of rounds; Plugboard on ${options.database === '' ? 'SQLite' : 'PostgreSQL'}`,
    );
    const rows: Row[] = [];
    for (const latencyMs of latencies) {
      await call(`${sandboxUrl}/control`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${controlToken}` },
        json: { latencyMs },
      });
      for (let round = 0; round < rounds; round++) {
        // Rotate the order so no scenario always runs first (or last) in a round.
        const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length] as Scenario);
        for (const scenario of order) {
          const result = await runLoad({
            origin: scenario.origin,
            request: scenario.request,
            connections,
            warmupMs,
            durationMs,
            maxRequests: 2_000_000,
            expectStatus: 200,
            cpuSeconds: () => cpuSeconds(scenario.server.process.pid),
          });
          rows.push({ scenario: scenario.name, latencyMs, result });
          process.stderr.write(
            `  upstream ${latencyMs} ms, round ${round + 1}: ${scenario.name} ${result.throughput.toFixed(0)} req/s` +
              `${result.errors > 0 ? ` (${result.errors} errors: ${result.firstError})` : ''}\n`,
          );
        }
      }
    }
    report(rows, scenarios, idleRss);
  } finally {
    for (const child of children.reverse()) await child.stop();
    await database.drop();
  }
}

function report(rows: readonly Row[], scenarios: readonly Scenario[], idleRssMb: number | undefined): void {
  const lines: string[] = [];
  const pad = (text: string, width: number) => text.padStart(width);
  lines.push(
    `${'upstream'.padEnd(10)}${'path'.padEnd(26)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}` +
      `${pad('errors', 8)}${pad('cpu ms', 8)}${pad('× req/s', 9)}${pad('× p99', 8)}  verdict`,
  );
  for (const latencyMs of latencies) {
    const summary = (name: string) => {
      const mine = rows.filter((r) => r.latencyMs === latencyMs && r.scenario === name).map((r) => r.result);
      return {
        throughput: median(mine.map((r) => r.throughput)),
        p50: median(mine.map((r) => r.p50Ms)),
        p99: median(mine.map((r) => r.p99Ms)),
        errors: mine.reduce((sum, r) => sum + r.errors, 0),
        cpu: median(mine.map((r) => r.cpuMsPerRequest ?? Number.NaN)),
      };
    };
    const baseline = summary(scenarios[0]?.name ?? '');
    for (const scenario of scenarios) {
      const s = summary(scenario.name);
      const isBaseline = scenario === scenarios[0];
      const throughputRatio = s.throughput / baseline.throughput;
      const p99Ratio = s.p99 / baseline.p99;
      const targets = targetsFor(latencyMs);
      const verdict = isBaseline
        ? 'baseline'
        : throughputRatio >= targets.throughput &&
            p99Ratio <= targets.p99 &&
            s.errors === 0 &&
            (latencyMs !== 0 || s.cpu <= TARGET_CPU_MS)
          ? 'PASS'
          : 'FAIL';
      lines.push(
        `${`${latencyMs} ms`.padEnd(10)}${scenario.name.padEnd(26)}${pad(s.throughput.toFixed(0), 9)}` +
          `${pad(s.p50.toFixed(1), 9)}${pad(s.p99.toFixed(1), 9)}${pad(String(s.errors), 8)}${pad(s.cpu.toFixed(2), 8)}` +
          `${pad(isBaseline ? '1.00' : throughputRatio.toFixed(2), 9)}${pad(isBaseline ? '1.00' : p99Ratio.toFixed(2), 8)}  ${verdict}`,
      );
    }
  }
  console.log(lines.join('\n'));
  console.log('cpu ms: CPU time of the serving process (bare proxy or Plugboard) per request');
  console.log(
    `targets: 0 ms upstream: throughput ≥ ${targetsFor(0).throughput}×, p99 ≤ ${targetsFor(0).p99}× the bare pass-through and cpu ≤ ${TARGET_CPU_MS} ms; ` +
      `20 ms and more: throughput ≥ ${targetsFor(20).throughput}×, p99 ≤ ${targetsFor(20).p99}×; no errors`,
  );
  if (idleRssMb !== undefined) {
    console.log(
      `idle RSS of Plugboard: ${idleRssMb.toFixed(0)} MB (target < ${TARGET_IDLE_RSS_MB} MB): ${idleRssMb < TARGET_IDLE_RSS_MB ? 'PASS' : 'FAIL'}`,
    );
  }
}

await main();
