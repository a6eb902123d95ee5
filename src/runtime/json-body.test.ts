import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseJson, readLimited } from './json-body.ts';

describe('readLimited', () => {
  it('reads a body within the limit', async () => {
    expect(await readLimited(Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]), 100)).toBe('{"a":1}');
  });

  it('stops reading and gives up once the body passes the limit', async () => {
    const body = Readable.from([Buffer.alloc(60), Buffer.alloc(60), Buffer.alloc(60)]);
    expect(await readLimited(body, 100)).toBeUndefined();
    expect(body.destroyed).toBe(true);
  });
});

describe('parseJson', () => {
  it('reads an empty body as null and refuses text that is not JSON', () => {
    expect(parseJson('')).toEqual({ ok: true, value: null });
    expect(parseJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJson('<html>')).toEqual({ ok: false });
  });
});
