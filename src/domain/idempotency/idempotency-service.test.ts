import { describe, expect, it } from 'vitest';
import {
  ABANDONED_AFTER_MS,
  IDEMPOTENCY_KEY_LIFETIME_MS,
  IdempotencyService,
} from './idempotency-service.ts';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store.ts';

function memoryStore(): IdempotencyStore {
  const records = new Map<string, IdempotencyRecord>();
  const id = (clientKey: string, key: string) => `${clientKey}\n${key}`;
  return {
    async claim(clientKey, key, requestHash, at) {
      if (records.has(id(clientKey, key))) return false;
      records.set(id(clientKey, key), { clientKey, key, requestHash, createdAt: at, response: null });
      return true;
    },
    async find(clientKey, key) {
      return records.get(id(clientKey, key));
    },
    async complete(clientKey, key, response) {
      const record = records.get(id(clientKey, key));
      if (record) records.set(id(clientKey, key), { ...record, response });
    },
    async remove(clientKey, key, createdAt) {
      if (records.get(id(clientKey, key))?.createdAt !== createdAt) return false;
      return records.delete(id(clientKey, key));
    },
    async deleteCreatedBefore() {
      return 0;
    },
  };
}

const response = { statusCode: 200, headers: {}, body: '{}' };

describe('IdempotencyService', () => {
  it('runs a new key, replays it for the same request and refuses it for another', async () => {
    const service = new IdempotencyService(memoryStore(), () => 1000);
    const first = await service.begin('client:a', 'k', 'h1');
    expect(first.kind).toBe('run');
    expect(await service.begin('client:a', 'k', 'h1')).toEqual({ kind: 'in-progress' });
    if (first.kind === 'run') await service.complete(first.claim, response);
    expect(await service.begin('client:a', 'k', 'h1')).toEqual({ kind: 'replay', response });
    expect(await service.begin('client:a', 'k', 'h2')).toEqual({ kind: 'mismatch' });
    expect((await service.begin('client:b', 'k', 'h2')).kind).toBe('run');
  });

  it('runs again after the key expires, or after a pending claim was abandoned by a dead process', async () => {
    let now = 0;
    const service = new IdempotencyService(memoryStore(), () => now);
    const done = await service.begin('client:a', 'done', 'h');
    if (done.kind === 'run') await service.complete(done.claim, response);
    await service.begin('client:a', 'stuck', 'h');
    now = ABANDONED_AFTER_MS;
    expect((await service.begin('client:a', 'stuck', 'h')).kind).toBe('run');
    expect((await service.begin('client:a', 'done', 'other')).kind).toBe('mismatch');
    now = IDEMPOTENCY_KEY_LIFETIME_MS;
    expect((await service.begin('client:a', 'done', 'other')).kind).toBe('run');
  });

  it('frees a key whose request failed, so a retry runs', async () => {
    const service = new IdempotencyService(memoryStore(), () => 0);
    const first = await service.begin('client:a', 'k', 'h');
    if (first.kind === 'run') await service.abandon(first.claim);
    expect((await service.begin('client:a', 'k', 'h')).kind).toBe('run');
  });

  it('refuses a key that is empty, too long or not printable ASCII', async () => {
    const service = new IdempotencyService(memoryStore(), () => 0);
    for (const key of ['', 'x'.repeat(256), 'with space', 'ключ']) {
      await expect(service.begin('client:a', key, 'h')).rejects.toThrow(/^Idempotency-Key must be/);
    }
  });
});
