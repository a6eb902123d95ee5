import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { invalid, notFound } from '../errors.ts';
import type { Stores } from '../stores.ts';
import { ensureStreamDrainer, streamOf } from './event-outbox.ts';
import { endpointWants, eventTypeProblems } from './event-types.ts';
import type {
  DeliveryAttempt,
  DeliveryStatus,
  EventDelivery,
  WebhookEndpoint,
} from './partner-event-store.ts';

export interface EndpointInput {
  readonly url?: string | undefined;
  readonly eventTypes?: readonly string[] | undefined;
  readonly enabled?: boolean | undefined;
  readonly description?: string | null | undefined;
}

/** What may be delivered to: checked when an endpoint is saved (the sender checks addresses again). */
export type EndpointUrlCheck = (url: string) => Promise<string | null>;

/** A new signing secret: `whsec_` and base64 of 32 random bytes (Standard Webhooks' format). */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Events re-sent by one replay call at most (the answer says when the range held more). */
export const MAX_REPLAY_EVENTS = 1000;

export interface DeliveryWithAttempts extends EventDelivery {
  readonly attemptLog: readonly DeliveryAttempt[];
}

/** Called after endpoints change, so the subscriptions at providers can follow (forwarded events). */
export type EndpointsChanged = (tx: Stores, at: number) => Promise<void>;

/**
 * The partner's event endpoints: create (the secret is returned once), change, rotate the secret,
 * delete; the delivery log; retrying one delivery and replaying a time range.
 */
export class WebhookEndpointService {
  constructor(
    private readonly stores: Stores,
    private readonly clock: Clock,
    /** Every event type an endpoint may name (platform and forwarded). */
    private readonly knownTypes: () => readonly string[],
    private readonly checkUrl: EndpointUrlCheck,
    private readonly changed: EndpointsChanged = async () => {},
  ) {}

  list(): Promise<WebhookEndpoint[]> {
    return this.stores.webhookEndpoints.list();
  }

  async get(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.stores.webhookEndpoints.find(id);
    if (!endpoint) throw notFound(`Webhook endpoint ${id} was not found.`);
    return endpoint;
  }

  async create(input: EndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    if (input.url === undefined) throw invalid('Url is required.');
    const url = await this.#url(input.url);
    const eventTypes = this.#types(input.eventTypes ?? []);
    const now = this.clock();
    const endpoint: WebhookEndpoint = {
      id: `ep_${randomBytes(12).toString('base64url')}`,
      url,
      description: cleanDescription(input.description),
      eventTypes,
      enabled: input.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    };
    const secret = newSigningSecret();
    await this.stores.transaction(async (tx) => {
      await tx.webhookEndpoints.insert(endpoint, secret);
      await this.changed(tx, now);
    });
    return { endpoint, secret };
  }

  async update(id: string, input: EndpointInput): Promise<WebhookEndpoint> {
    await this.get(id);
    const changes = {
      ...(input.url === undefined ? {} : { url: await this.#url(input.url) }),
      ...(input.eventTypes === undefined ? {} : { eventTypes: this.#types(input.eventTypes) }),
      ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
      ...(input.description === undefined ? {} : { description: cleanDescription(input.description) }),
    };
    const now = this.clock();
    await this.stores.transaction(async (tx) => {
      if (!(await tx.webhookEndpoints.update(id, changes, now)))
        throw notFound(`Webhook endpoint ${id} was not found.`);
      await this.changed(tx, now);
    });
    return this.get(id);
  }

  async rotateSecret(id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const secret = newSigningSecret();
    if (!(await this.stores.webhookEndpoints.replaceSecret(id, secret, this.clock())))
      throw notFound(`Webhook endpoint ${id} was not found.`);
    return { endpoint: await this.get(id), secret };
  }

  async remove(id: string): Promise<void> {
    const now = this.clock();
    await this.stores.transaction(async (tx) => {
      if (!(await tx.webhookEndpoints.delete(id))) throw notFound(`Webhook endpoint ${id} was not found.`);
      await this.changed(tx, now);
    });
  }

  /** Newest first, with each delivery's attempts. */
  async deliveries(
    id: string,
    query: { status?: DeliveryStatus | undefined; before?: number | undefined; limit: number },
  ): Promise<DeliveryWithAttempts[]> {
    await this.get(id);
    const list = await this.stores.partnerEvents.listDeliveries({
      endpointId: id,
      limit: query.limit,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.before === undefined ? {} : { before: query.before }),
    });
    const attempts = await this.stores.partnerEvents.attemptsOf(list.map((d) => d.id));
    return list.map((delivery) => ({
      ...delivery,
      attemptLog: attempts.filter((a) => a.deliveryId === delivery.id),
    }));
  }

  /** Sends a delivery again now, whatever its state, as the newest of its stream. */
  async retry(id: string, deliveryId: number): Promise<EventDelivery> {
    const delivery = await this.stores.partnerEvents.findDelivery(deliveryId);
    if (!delivery || delivery.endpointId !== id) throw notFound(`Delivery ${deliveryId} was not found.`);
    const now = this.clock();
    await this.stores.transaction(async (tx) => {
      const seq = await tx.partnerEvents.nextSequence(delivery.stream);
      await tx.partnerEvents.requeue(deliveryId, seq, now);
      await ensureStreamDrainer(tx, delivery.stream, delivery.event.accountId, now);
    });
    return (await this.stores.partnerEvents.findDelivery(deliveryId)) as EventDelivery;
  }

  /**
   * Re-sends every event of [since, until) the endpoint wants now, as new deliveries at the end of
   * their streams (same `webhook-id` as before, so receivers can drop what they already have).
   */
  async replay(id: string, since: number, until: number): Promise<{ queued: number; more: boolean }> {
    const endpoint = await this.get(id);
    if (!(since < until)) throw invalid('Since must be before Until.');
    const events = await this.stores.partnerEvents.eventsBetween(since, until, MAX_REPLAY_EVENTS + 1);
    const chosen = events
      .slice(0, MAX_REPLAY_EVENTS)
      .filter((event) => endpointWants(endpoint.eventTypes, event.type));
    const now = this.clock();
    await this.stores.transaction(async (tx) => {
      for (const event of chosen) {
        const stream = streamOf(endpoint.id, event);
        const seq = await tx.partnerEvents.nextSequence(stream);
        await tx.partnerEvents.insertDelivery({
          eventId: event.id,
          endpointId: endpoint.id,
          targetUrl: null,
          stream,
          seq,
          createdAt: now,
        });
        await ensureStreamDrainer(tx, stream, event.accountId, now);
      }
    });
    return { queued: chosen.length, more: events.length > MAX_REPLAY_EVENTS };
  }

  async #url(raw: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw invalid(`Url ${JSON.stringify(raw.slice(0, 200))} is not an absolute URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('Url must be http or https.');
    if (url.username || url.password) throw invalid('Url must not carry credentials.');
    if (url.hash) throw invalid('Url must not have a fragment.');
    if (raw.length > 2048) throw invalid('Url must be at most 2048 characters.');
    const refusal = await this.checkUrl(url.href);
    if (refusal) throw invalid(refusal);
    return url.href;
  }

  #types(requested: readonly string[]): string[] {
    const unique = [...new Set(requested.map((t) => t.trim()))];
    const problems = eventTypeProblems(unique, this.knownTypes());
    if (problems.length > 0) throw invalid(`EventTypes: ${problems.join('; ')}.`);
    return unique;
  }
}

function cleanDescription(description: string | null | undefined): string | null {
  const trimmed = description?.trim() ?? '';
  if (trimmed.length > 500) throw invalid('Description must be at most 500 characters.');
  return trimmed === '' ? null : trimmed;
}
