import { systemClock } from '../../domain/clock.ts';
import { JobInspection, type JobSummary, parseJobStatus } from '../../domain/work-queue/job-inspection.ts';
import { type CliCommand, CliError, type CliIo } from '../cli-io.ts';
import { loadCliConfig } from '../load-cli-config.ts';
import { withStorage } from '../with-storage.ts';
import { parseOptions } from './arguments.ts';

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** Reads the one job id a command takes. */
function jobId(args: readonly string[], command: string): number {
  const [text, ...rest] = args;
  if (text === undefined || rest.length > 0 || !/^\d{1,15}$/.test(text)) {
    throw new CliError(`plugboard ${command} takes one job id, e.g. plugboard ${command} 42`, 2);
  }
  return Number(text);
}

function row(job: JobSummary): string[] {
  const error = job.lastError ?? '';
  return [
    String(job.id),
    job.kind,
    job.status,
    `${job.attempts}/${job.maxAttempts}`,
    iso(job.runAt),
    iso(job.finishedAt),
    error.length > 60 ? `${error.slice(0, 57)}...` : error,
  ];
}

function printTable(io: CliIo, rows: string[][]): void {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((r) => r[column]?.length ?? 0))) ?? [];
  for (const r of rows)
    io.out(
      r
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

export const jobsListCommand: CliCommand = {
  words: ['jobs', 'list'],
  usage: 'plugboard jobs list [--status queued|running|succeeded|failed|dead] [--kind <kind>] [--limit <n>]',
  summary: 'list background jobs, newest first (payloads are never shown)',
  async run(args, io) {
    const options = parseOptions(
      args,
      { status: { type: 'string' }, kind: { type: 'string' }, limit: { type: 'string' } },
      'jobs list',
    );
    const limitText = typeof options.limit === 'string' ? options.limit : '50';
    if (!/^\d{1,4}$/.test(limitText) || Number(limitText) < 1) {
      throw new CliError('plugboard jobs list: --limit must be a whole number from 1 to 9999', 2);
    }
    let status: ReturnType<typeof parseJobStatus>;
    try {
      status = parseJobStatus(typeof options.status === 'string' ? options.status : undefined);
    } catch (error) {
      throw new CliError(`plugboard jobs list: --${(error as Error).message}`, 2);
    }
    const config = loadCliConfig(io);
    return withStorage(config, async (storage) => {
      const page = await new JobInspection(storage.stores.workQueue, systemClock).list({
        status,
        kind: typeof options.kind === 'string' ? options.kind : undefined,
        offset: 0,
        limit: Number(limitText),
      });
      printTable(io, [
        ['ID', 'KIND', 'STATUS', 'ATTEMPTS', 'RUN AT', 'FINISHED AT', 'LAST ERROR'],
        ...page.items.map(row),
      ]);
      io.out(`${page.items.length} of ${page.total} job(s)`);
      return 0;
    });
  },
};

export const jobsShowCommand: CliCommand = {
  words: ['jobs', 'show'],
  usage: 'plugboard jobs show <id>',
  summary: 'show one background job as JSON: status, attempts, timestamps and its error history',
  async run(args, io) {
    const id = jobId(args, 'jobs show');
    const config = loadCliConfig(io);
    return withStorage(config, async (storage) => {
      const job = await new JobInspection(storage.stores.workQueue, systemClock).get(id);
      io.out(JSON.stringify(job, null, 2));
      return 0;
    });
  },
};

export const jobsRetryCommand: CliCommand = {
  words: ['jobs', 'retry'],
  usage: 'plugboard jobs retry <id>',
  summary: 'run a failed or dead job again now (a dead one with fresh attempts)',
  async run(args, io) {
    const id = jobId(args, 'jobs retry');
    const config = loadCliConfig(io);
    return withStorage(config, async (storage) => {
      const job = await new JobInspection(storage.stores.workQueue, systemClock).retry(id);
      io.out(`Job ${job.id} (${job.kind}) is queued to run now.`);
      return 0;
    });
  },
};
