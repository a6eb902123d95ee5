import type { Readable } from 'node:stream';
import { type HttpClient, HttpClientError } from '../ports.ts';

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

/** Says why a URL may not be called now, or null when it may (the partner's outbound address policy). */
export type OutboundUrlCheck = (url: URL) => Promise<string | null>;

export interface EventSenderOptions {
  readonly http: HttpClient;
  readonly checkUrl: OutboundUrlCheck;
  /** Longest wait for the answer's headers and between body chunks. Default 15 s. */
  readonly timeoutMs?: number;
  /** Characters of the answer kept for the delivery log. Default 500. */
  readonly excerptChars?: number;
}

const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

function retryAfterMs(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  const seconds = Number(text);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(text) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : undefined;
}

async function excerpt(body: Readable, chars: number): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length >= chars) break;
  }
  body.destroy();
  return text.slice(0, chars);
}

/**
 * Posts events over undici: a redirect is an answer like any other (never followed, so a signed body
 * cannot be bounced elsewhere), the URL is checked against the outbound address policy first, and a
 * slow receiver times out. Errors name their kind only; headers and bodies are never logged.
 */
export function createEventSender(options: EventSenderOptions): EventSender {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const excerptChars = options.excerptChars ?? 500;
  return {
    async send(request: OutboundEventRequest): Promise<OutboundEventResult> {
      const refusal = await options.checkUrl(new URL(request.url));
      if (refusal) return { kind: 'refused', message: refusal };
      try {
        const response = await options.http.send({
          method: 'POST',
          url: request.url,
          headers: { ...request.headers },
          body: request.body,
          timeoutMs,
          ...(request.signal ? { signal: request.signal } : {}),
        });
        const text = await excerpt(response.body, excerptChars).catch(() => '');
        const wait = retryAfterMs(response.headers['retry-after'], Date.now());
        return {
          kind: 'answered',
          status: response.status,
          bodyExcerpt: text,
          ...(wait === undefined ? {} : { retryAfterMs: wait }),
        };
      } catch (error) {
        const message = error instanceof HttpClientError ? error.message : 'the request failed';
        return { kind: 'network-error', message };
      }
    },
  };
}
