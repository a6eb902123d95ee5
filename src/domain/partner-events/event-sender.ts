/** One POST of an event to a partner's URL. */
export interface OutboundEventRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal?: AbortSignal;
}

/** How the POST went: an answer (any status), no answer, or refused before sending by the address policy. */
export type OutboundEventResult =
  | {
      readonly kind: 'answered';
      readonly status: number;
      /** The start of the answer, for the delivery log. */
      readonly bodyExcerpt: string;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'network-error'; readonly message: string }
  | { readonly kind: 'refused'; readonly message: string };

/**
 * Sends events to partner URLs (implemented in `src/runtime/`): never follows a redirect, refuses
 * addresses the outbound policy forbids, gives up after a timeout, and logs no header or body.
 */
export interface EventSender {
  send(request: OutboundEventRequest): Promise<OutboundEventResult>;
}
