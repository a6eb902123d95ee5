import { afterAll, describe, expect, it } from 'vitest';
import { ExpressionError, ExpressionPool } from './expression-pool.ts';

const pool = new ExpressionPool({ timeoutMs: 500, maxHeapMb: 32 });
afterAll(() => pool.close());

describe('JSONata expressions in a sandbox process', () => {
  it('evaluates over step outputs', async () => {
    const input = { changed: { firstName: 'Ada', lastName: 'Lovelace' } };
    expect(await pool.evaluate("changed.firstName & ' ' & changed.lastName", input)).toBe('Ada Lovelace');
    expect(await pool.evaluate('changed.nothing', input)).toBeUndefined();
  });

  it('stops a runaway expression by its time limit and keeps serving others', async () => {
    const started = Date.now();
    const runaway = pool.evaluate('( $f := function($n) { $f($n + 1) }; $f(0) )', {});
    await expect(runaway).rejects.toThrow(/timeout|longer than/i);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await pool.evaluate('1 + 2', {})).toBe(3);
  });

  it('stops an expression that allocates past its memory limit, and the server survives', async () => {
    await expect(pool.evaluate('$length($pad("", 300000000))', {})).rejects.toThrow(ExpressionError);
    await expect(pool.evaluate('$count([1..9000000])', {})).rejects.toThrow(ExpressionError);
    expect(await pool.evaluate('$uppercase("still here")', {})).toBe('STILL HERE');
  });

  it('refuses $eval, and reports an expression error as a failure', async () => {
    await expect(pool.evaluate('$eval("1+1")', {})).rejects.toThrow(/\$eval is not available/);
    await expect(pool.evaluate('$number("x") + ', {})).rejects.toThrow(ExpressionError);
  });

  it('the event loop stays free while an expression runs', async () => {
    const slow = pool.evaluate('( $f := function($n) { $f($n + 1) }; $f(0) )', {}).catch(() => 'stopped');
    const tick = await new Promise<number>((resolve) => {
      const at = Date.now();
      setTimeout(() => resolve(Date.now() - at), 20);
    });
    expect(tick).toBeLessThan(400);
    expect(await slow).toBe('stopped');
  });
});
