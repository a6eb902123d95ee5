import { describe, expect, it } from 'vitest';
import { CAPSULE_WEBHOOKS } from '../../connectors/capsule-v2/webhook-events.ts';
import { splitConnectorDelivery, splitGenericDelivery, UnreadableDeliveryError } from './split-delivery.ts';

const format = CAPSULE_WEBHOOKS.delivery;
const batch = (...records: unknown[]) => JSON.stringify({ event: 'party/updated', payload: records });

describe('splitConnectorDelivery', () => {
  it('splits a batched Capsule delivery into one item per record', () => {
    const items = splitConnectorDelivery(
      format,
      'party/updated',
      batch({ id: 1, updatedAt: 'a' }, { id: 2, updatedAt: 'a' }),
    );
    expect(items.map((i) => [i.event, (i.record as { id: number }).id])).toEqual([
      ['party/updated', 1],
      ['party/updated', 2],
    ]);
  });

  it('gives a repeated record (same event, id and updatedAt) the same key, and a newer change another', () => {
    const [first] = splitConnectorDelivery(format, null, batch({ id: 1, updatedAt: 'a', name: 'x' }));
    const [again] = splitConnectorDelivery(format, null, batch({ id: 1, updatedAt: 'a', name: 'y' }));
    const [newer] = splitConnectorDelivery(format, null, batch({ id: 1, updatedAt: 'b' }));
    const [deleted] = splitConnectorDelivery(
      format,
      null,
      JSON.stringify({ event: 'party/deleted', payload: [{ id: 1, updatedAt: 'a' }] }),
    );
    expect(again?.key).toBe(first?.key);
    expect(newer?.key).not.toBe(first?.key);
    expect(deleted?.key).not.toBe(first?.key);
  });

  it('keys a record without a change stamp by a hash of its body', () => {
    const [a] = splitConnectorDelivery(format, null, batch({ id: 1 }));
    const [b] = splitConnectorDelivery(format, null, batch({ id: 1, name: 'changed' }));
    expect(a?.key).not.toBe(b?.key);
  });

  it('refuses a body that is not JSON or has no records', () => {
    expect(() => splitConnectorDelivery(format, 'party/created', 'not json')).toThrow(
      UnreadableDeliveryError,
    );
    expect(() => splitConnectorDelivery(format, 'party/created', '{"event":"party/created"}')).toThrow(
      "The body has no records at 'payload'.",
    );
  });
});

describe('splitGenericDelivery', () => {
  it('makes an array one item per element and anything else one item', () => {
    expect(splitGenericDelivery('[{"a":1},{"a":2}]')).toHaveLength(2);
    expect(splitGenericDelivery('{"a":1}').map((i) => i.record)).toEqual([{ a: 1 }]);
  });
});
