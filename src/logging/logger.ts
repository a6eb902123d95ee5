import type { DestinationStream, LoggerOptions } from 'pino';
import pino from 'pino';
import type { LogFormat, LogLevel } from '../config/config-options.ts';
import { prettyDestination } from './pretty-format.ts';
import { REDACT_PATHS, REDACTED, redactUrl } from './redaction.ts';

export type Logger = pino.Logger;

interface RequestLike {
  id?: unknown;
  method?: string;
  url?: string;
  ip?: string;
  headers?: Record<string, unknown>;
}

let timeSecond = Number.NaN;
let timePrefix = '';

/**
 * pino's `isoTime` (`,"time":"2026-12-04T13:45:12.345Z"`) with the date and time up to the second
 * worked out once a second: formatting a whole date for every line cost more than the rest of an
 * access line's fields together.
 */
export function isoTime(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== timeSecond) {
    timeSecond = second;
    // `YYYY-MM-DDTHH:mm:ss.` of `YYYY-MM-DDTHH:mm:ss.sssZ`.
    timePrefix = `,"time":"${new Date(second * 1000).toISOString().slice(0, -4)}`;
  }
  const ms = now - second * 1000;
  return `${timePrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
}

/** pino options shared by the server and the CLI: JSON lines, secrets redacted at every level. */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    base: { service: 'plugboard' },
    timestamp: isoTime,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      req: (req: RequestLike) => ({
        id: req.id,
        method: req.method,
        url: req.url ? redactUrl(req.url) : undefined,
        remoteAddress: req.ip,
        userAgent: req.headers?.['user-agent'],
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: pino.stdSerializers.err,
    },
  };
}

/**
 * Builds a logger writing to `destination` (stdout by default): JSON lines, or with `pretty` one
 * readable line an event rendered from the same (redacted) JSON.
 */
export function createLogger(
  level: LogLevel,
  format: LogFormat = 'json',
  destination?: DestinationStream,
): Logger {
  const target = destination ?? pino.destination(1);
  return pino(loggerOptions(level), format === 'pretty' ? prettyDestination(target) : target);
}
