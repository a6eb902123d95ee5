import { createHash } from 'node:crypto';
import type { WebhookDeliveryFormat } from '../../connectors/connector-definition.ts';

/** One record of a delivery, with the key that identifies a repeat of it. */
export interface InboundItem {
  /** The provider's event (`party/created`), or `Generic`. */
  readonly event: string;
  readonly record: unknown;
  readonly key: string;
}

/** A body that cannot be processed however often it is retried. */
export class UnreadableDeliveryError extends Error {
  override readonly name = 'UnreadableDeliveryError';
}

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new UnreadableDeliveryError('The body is not JSON.');
  }
}

/**
 * Splits a provider's delivery into its records (`itemsPath` may hold an array — a batch — or one
 * record). A record's key is its event, id and change stamp when it has them, else its event and a
 * hash of the record, so a batch repeated by the provider's retries routes each record once.
 */
export function splitConnectorDelivery(
  format: WebhookDeliveryFormat,
  subscribedEvent: string | null,
  body: string,
): InboundItem[] {
  const document = parse(body);
  const named = at(document, format.eventPath);
  const event = typeof named === 'string' && named !== '' ? named : subscribedEvent;
  if (!event) throw new UnreadableDeliveryError(`The body has no event at '${format.eventPath}'.`);
  const found = at(document, format.itemsPath);
  if (found === null || typeof found !== 'object')
    throw new UnreadableDeliveryError(`The body has no records at '${format.itemsPath}'.`);
  const records = Array.isArray(found) ? found : [found];
  return records.map((record) => {
    const id = at(record, format.recordIdField);
    const stamp = format.changeStampField ? at(record, format.changeStampField) : undefined;
    const identity =
      id !== undefined && id !== null && stamp !== undefined && stamp !== null
        ? `${event}|${String(id)}|${String(stamp)}`
        : `${event}|${sha256(JSON.stringify(record))}`;
    return { event, record, key: sha256(identity) };
  });
}

/** A generic delivery: a JSON array is one item per element, anything else one item; keys hash the item. */
export function splitGenericDelivery(body: string): InboundItem[] {
  const document = parse(body);
  const records = Array.isArray(document) ? document : [document];
  return records.map((record) => ({
    event: 'Generic',
    record,
    key: sha256(`Generic|${JSON.stringify(record)}`),
  }));
}
