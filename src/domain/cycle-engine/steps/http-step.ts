/**
 * A request to the partner's own app. The URL must pass the outbound policy (its host in the
 * settings' `AllowedOutboundHosts`; loopback and private addresses only when `AllowPrivateAddresses`),
 * checked here and again on the address actually connected to. Redirects are not followed. Every
 * request carries `Idempotency-Key: {TransactionId}-{StepKey}` so the app can drop a repeat.
 */
import { readLimited } from '../../../runtime/json-body.ts';
import { checkOutboundUrl, type OutboundPolicy } from '../../../runtime/outbound/address-policy.ts';
import { type HttpClient, HttpClientError } from '../../../runtime/ports.ts';
import { resolveMapping, resolveMappings } from '../../mapping/resolve-mapping.ts';
import { failed, type StepExecutor } from './step-outcome.ts';

export interface HttpStepDependencies {
  /** Sends through the dispatcher that applies the outbound policy after DNS resolution. */
  readonly http: HttpClient;
  /** The policy in force: the settings' allowed hosts and private-address switch. */
  readonly policy: () => Promise<OutboundPolicy>;
  readonly timeoutMs: number;
}

/** Largest response body kept and parsed. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

function retryAfterMs(value: string | string[] | undefined, now: number): number {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return 60_000;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(1, seconds) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? 60_000 : Math.max(1000, at - now);
}

export function httpStep(deps: HttpStepDependencies): StepExecutor {
  return async ({ step, mapping, transaction, now, signal }) => {
    const url = await resolveMapping(step.Url, mapping);
    const method = step.HttpMethod ?? 'POST';
    const body =
      method === 'GET' || method === 'DELETE' ? undefined : await resolveMappings(step.Fields, mapping);
    const request = {
      Method: method,
      Url: typeof url === 'string' ? url : (url ?? null),
      Body: body ?? null,
    };
    if (typeof url !== 'string' || url === '')
      return failed('permanent', 'The Url of the Http step is empty.', request);
    const policy = await deps.policy();
    const check = checkOutboundUrl(url, policy);
    if (!check.ok) return failed('permanent', `The Http step may not call ${url}: ${check.reason}.`, request);
    const headers: Record<string, string> = {
      'idempotency-key': `${transaction.id}-${step.Key}`,
      'user-agent': 'Plugboard',
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let status: number;
    let text: string | undefined;
    let responseHeaders: Record<string, string | string[] | undefined>;
    try {
      const response = await deps.http.send({
        method,
        url: check.url.toString(),
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        timeoutMs: deps.timeoutMs,
        signal,
      });
      status = response.status;
      responseHeaders = response.headers;
      text = await readLimited(response.body, MAX_RESPONSE_BYTES);
    } catch (error) {
      if (error instanceof HttpClientError) {
        const permanent = error.kind === 'refused' || error.kind === 'tls';
        return failed(
          permanent ? 'permanent' : 'transient',
          `The Http step's request failed: ${error.message}.`,
          request,
        );
      }
      throw error;
    }
    let parsed: unknown = text ?? null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: kept as text.
    }
    const response = { Status: status, Body: parsed };
    if (status === 429)
      return {
        kind: 'rate-limited',
        until: now + retryAfterMs(responseHeaders['retry-after'], now),
        message: `${url} answered 429.`,
      };
    if (status >= 200 && status < 300) return { kind: 'completed', output: parsed, request, response };
    if (status >= 300 && status < 400)
      return failed('permanent', `${url} answered ${status}; redirects are not followed.`, request, response);
    const transient = status >= 500 || status === 408;
    return failed(transient ? 'transient' : 'permanent', `${url} answered ${status}.`, request, response);
  };
}
