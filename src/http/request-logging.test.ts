import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../logging/logger.ts';
import { LazyRequestLogger } from './request-logging.ts';

function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const logger = pino(loggerOptions('info'), { write: (line: string) => written.push(line) });
  return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('LazyRequestLogger', () => {
  it('builds no child logger until something is logged, then logs with its bindings and redaction', () => {
    const { logger, lines } = capture();
    let children = 0;
    const parent = Object.assign(Object.create(logger) as pino.Logger, {
      child: (bindings: pino.Bindings) => {
        children++;
        return logger.child(bindings);
      },
    });
    const log = new LazyRequestLogger(parent, { reqId: 'r-1' }).child({ clientRequestId: 'c-1' });
    expect(children).toBe(0);
    log.warn({ headers: { authorization: 'Bearer secret' } }, 'refused');
    expect(children).toBe(1);
    const [line] = lines();
    expect(line).toMatchObject({ reqId: 'r-1', clientRequestId: 'c-1', msg: 'refused' });
    expect(JSON.stringify(line)).not.toContain('secret');
  });

  it('reports the level of its parent and honours it', () => {
    const { logger, lines } = capture();
    const log = new LazyRequestLogger(logger, { reqId: 'r-2' });
    expect(log.level).toBe('info');
    log.debug('not written');
    log.info('written');
    expect(lines().map((l) => l.msg)).toEqual(['written']);
  });
});
