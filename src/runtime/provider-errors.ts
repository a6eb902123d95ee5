/**
 * How a provider's answer becomes Plugboard's: every failure gets a status, a stable code (the partner
 * API's `Plugboard-Error-Code` vocabulary) and a message written for the partner's developers. Messages
 * quote the provider's own words where they help and never carry a token.
 */
import type { ConnectorDefinition } from '../connectors/connector-definition.ts';
import type { ResponseHeaders } from './http-headers.ts';
import { blockedUntil } from './rate-limit-signals.ts';
import type { NetworkErrorKind } from './retry-decision.ts';

/**
 * Why a provider call failed, one code per kind of failure. These codes are part of Plugboard's error
 * table (`domain/errors.ts`); the HTTP status each one answers with is decided in one place
 * (`http/error-status.ts`), never here.
 */
export type ProviderErrorCode =
  /** The provider has no such record (404). */
  | 'not_found'
  /** The provider refused the call for this connection (403). */
  | 'forbidden'
  /** The provider refused the input (422, with its own details). */
  | 'provider_validation_failed'
  /** The provider refused another 4xx: the request does not suit it. */
  | 'provider_rejected'
  /** The provider keeps refusing fresh credentials. */
  | 'needs_reauthentication'
  /** The provider's or the account's rate limit. */
  | 'rate_limited'
  /** The provider answered with a redirect, which Plugboard never follows. */
  | 'provider_redirected'
  /** The provider's answer could not be used (malformed, too large) or the call was cancelled. */
  | 'provider_error'
  /** The provider failed (5xx) or could not be reached. */
  | 'provider_unavailable'
  /** The provider did not answer in time. */
  | 'provider_timeout'
  /** Nothing is wrong with the call, but it cannot be made right now (a refresh is pending): try again shortly. */
  | 'provider_retry_later'
  /** The outbound address policy refused the host or the address it resolves to. */
  | 'outbound_address_refused';

/** A call that did not succeed, ready for the HTTP layer to answer with. */
export interface ProviderFailure {
  readonly ok: false;
  readonly code: ProviderErrorCode;
  readonly message: string;
  /** The provider's status, when it answered at all. */
  readonly providerStatus?: number;
  /** Structured details from the provider (Capsule's 422 `errors`). */
  readonly details?: unknown;
  /** Whole seconds until trying again makes sense (429, refresh trouble). */
  readonly retryAfterSeconds?: number;
  /** Epoch milliseconds until which the provider refuses this account (after a 429). */
  readonly blockedUntil?: number;
  /** The provider refused fresh credentials: the account connector must be re-authenticated. */
  readonly needsReauthentication?: true;
}

/** What to do with a provider response. */
export type ResponseVerdict =
  | { readonly action: 'pass-through' }
  | { readonly action: 'refresh-and-retry' }
  | { readonly action: 'fail'; readonly failure: ProviderFailure };

export interface ProviderResponseFacts {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** The parsed JSON body, or `undefined` when it was empty or not JSON. */
  readonly body: unknown;
  /** True when the token was already refreshed once for this call. */
  readonly alreadyRefreshed: boolean;
  /** Current time in epoch milliseconds. */
  readonly nowMs: number;
}

/** Maps one provider response: success passes through, a refused token asks for one refresh, the rest fail. */
export function judgeProviderResponse(
  definition: ConnectorDefinition,
  facts: ProviderResponseFacts,
): ResponseVerdict {
  const { status } = facts;
  const provider = definition.name;
  if (status >= 200 && status < 300) return { action: 'pass-through' };
  if (definition.errors.unauthorizedStatuses.includes(status)) {
    return facts.alreadyRefreshed
      ? { action: 'fail', failure: reauthenticationFailure(provider, status) }
      : { action: 'refresh-and-retry' };
  }
  const said = providerMessage(facts.body, definition.errors.messagePath);
  const quoted = `${provider} returned ${status}${said ? `: ${said}` : ''}`;
  const fail = (failure: Omit<ProviderFailure, 'ok' | 'providerStatus'>): ResponseVerdict => ({
    action: 'fail',
    failure: { ok: false, providerStatus: status, ...failure },
  });
  if (status === 404) return fail({ code: 'not_found', message: quoted });
  if (status === 403) return fail({ code: 'forbidden', message: quoted });
  if (status === 422) {
    const details = definition.errors.detailsPath
      ? readPath(facts.body, definition.errors.detailsPath)
      : undefined;
    const failure = { code: 'provider_validation_failed', message: quoted } as const;
    return fail(details === undefined ? failure : { ...failure, details });
  }
  if (status === 429) {
    const until = blockedUntil(definition.rateLimits, facts.headers, facts.nowMs);
    return fail({ ...rateLimited(provider, until, facts.nowMs), blockedUntil: until });
  }
  if (status >= 300 && status < 400) {
    return fail({
      code: 'provider_redirected',
      message: `${provider} answered with a redirect (${status}); Plugboard does not follow redirects.`,
    });
  }
  if (status >= 500) return fail({ code: 'provider_unavailable', message: quoted });
  return fail({ code: 'provider_rejected', message: quoted });
}

/**
 * The failure for a request that got no HTTP answer. `detail` is the outbound policy's reason when
 * the kind is `refused` (it names the host and what kind of address it is, never a token).
 */
export function networkFailure(
  provider: string,
  kind: NetworkErrorKind,
  timeoutMs: number,
  detail?: string,
): ProviderFailure {
  switch (kind) {
    case 'refused':
      return {
        ok: false,
        code: 'outbound_address_refused',
        message: `Plugboard will not send this request to ${provider}: ${detail ?? 'the address is not allowed.'}`,
      };
    case 'timeout':
      return {
        ok: false,
        code: 'provider_timeout',
        message: `${provider} did not answer within ${Math.round(timeoutMs / 1000)} s.`,
      };
    case 'connect':
      return {
        ok: false,
        code: 'provider_unavailable',
        message: `Could not connect to ${provider}.`,
      };
    case 'tls':
      return {
        ok: false,
        code: 'provider_unavailable',
        message: `The secure connection to ${provider} failed.`,
      };
    case 'aborted':
      return {
        ok: false,
        code: 'provider_error',
        message: `The request to ${provider} was cancelled.`,
      };
    default:
      return {
        ok: false,
        code: 'provider_unavailable',
        message: `The connection to ${provider} broke before it answered.`,
      };
  }
}

/** The provider refused a freshly refreshed token, or the refresh itself was refused. */
export function reauthenticationFailure(provider: string, providerStatus?: number): ProviderFailure {
  const failure: ProviderFailure = {
    ok: false,
    code: 'needs_reauthentication',
    message: `${provider} no longer accepts this connection's credentials; the account connector needs re-authentication.`,
    needsReauthentication: true,
  };
  return providerStatus === undefined ? failure : { ...failure, providerStatus };
}

/** The token could not be refreshed for a reason that may pass (the token endpoint was down, a refresh is pending). */
export function refreshFailure(provider: string, retryAfterSeconds = 30): ProviderFailure {
  return {
    ok: false,
    code: 'provider_retry_later',
    message: `Could not refresh the access token for ${provider}; try again in ${retryAfterSeconds} s.`,
    retryAfterSeconds,
  };
}

/** After a refusal of a streamed request: the token is fresh now, but the body cannot be sent twice. */
export function resendFailure(provider: string): ProviderFailure {
  return {
    ok: false,
    code: 'provider_retry_later',
    message: `${provider} refused the access token, which has now been refreshed; send the request again.`,
    retryAfterSeconds: 1,
  };
}

/** A 429 for a call held back until `until` (epoch ms), by the provider or by the account's own budget. */
export function rateLimited(
  provider: string,
  until: number,
  nowMs: number,
): Pick<ProviderFailure, 'ok' | 'code' | 'message' | 'retryAfterSeconds'> {
  const seconds = Math.max(1, Math.ceil((until - nowMs) / 1000));
  return {
    ok: false,
    code: 'rate_limited',
    message: `The rate limit for ${provider} was reached; try again in ${seconds} s.`,
    retryAfterSeconds: seconds,
  };
}

/** The failure with every occurrence of `secret` removed from its message and details. */
export function redactFailure(failure: ProviderFailure, secret: string): ProviderFailure {
  if (secret === '') return failure;
  const message = failure.message.replaceAll(secret, '[redacted]');
  return failure.details === undefined
    ? { ...failure, message }
    : { ...failure, message, details: scrub(failure.details, secret) };
}

function scrub(value: unknown, secret: string): unknown {
  if (typeof value === 'string') return value.replaceAll(secret, '[redacted]');
  if (Array.isArray(value)) return value.map((item) => scrub(item, secret));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key.replaceAll(secret, '[redacted]'), scrub(item, secret)]),
    );
  }
  return value;
}

const MAX_MESSAGE = 300;

/** The provider's error message at `path`, cleaned of control characters and shortened. */
function providerMessage(body: unknown, path: string): string | undefined {
  const value = readPath(body, path);
  if (typeof value !== 'string') return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (clean === '') return undefined;
  return clean.length > MAX_MESSAGE ? `${clean.slice(0, MAX_MESSAGE)}…` : clean;
}

/** Reads a dot-separated path (`error.message`) from parsed JSON. */
export function readPath(body: unknown, path: string): unknown {
  let value: unknown = body;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
