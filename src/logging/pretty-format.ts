/**
 * A readable rendering of pino's JSON lines for a person at a terminal: one line an event,
 * `time LEVEL message key=value …`. It reads the already-redacted JSON, so it shows nothing the
 * JSON format would not.
 */
import type { DestinationStream } from 'pino';

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO ',
  40: 'WARN ',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields every line carries or that the line's head already shows. */
const HEAD_FIELDS = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'setupCode', 'err']);

function renderValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

function timeOfDay(time: unknown): string {
  if (typeof time !== 'string') return '';
  const match = /T(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(time);
  return match?.[1] ?? time;
}

/** A framed block, so the one-time setup code cannot be missed among the start-up lines. */
function setupCodeBlock(code: string): string {
  const lines = ['First console admin: one-time setup code', '', `    ${code}`];
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const bar = `+${'-'.repeat(width - 2)}+`;
  return [bar, ...lines.map((line) => `| ${line.padEnd(width - 4)} |`), bar].join('\n');
}

/** Renders one pino JSON line; a line that is not JSON is passed through unchanged. */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = LEVEL_NAMES[entry.level as number] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${renderValue(value)}`);
  const head = [timeOfDay(entry.time), level, typeof entry.msg === 'string' ? entry.msg : '', ...fields]
    .filter((part) => part !== '')
    .join(' ');
  const parts = [head];
  const err = entry.err as { type?: string; message?: string; stack?: string } | undefined;
  if (err)
    parts.push(`    ${err.stack ?? `${err.type ?? 'Error'}: ${err.message ?? ''}`}`.replace(/\n/g, '\n    '));
  if (typeof entry.setupCode === 'string') parts.push(setupCodeBlock(entry.setupCode));
  return `${parts.join('\n')}\n`;
}

/** A pino destination that writes each JSON line to `target` rendered by {@link formatLogLine}. */
export function prettyDestination(target: DestinationStream): DestinationStream {
  return { write: (line: string) => target.write(formatLogLine(line)) };
}
