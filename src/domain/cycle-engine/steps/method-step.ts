/**
 * A connector method, called through the same executor as data on demand (refresh, rate budget and
 * retries shared). The output is the provider's record, unwrapped from the method's wrap key.
 */
import type { ConnectorCatalog } from '../../../connectors/catalog.ts';
import type { MethodDefinition } from '../../../connectors/connector-definition.ts';
import type { MethodInput } from '../../../runtime/method-input.ts';
import type { MethodCallResult } from '../../../runtime/provider-call.ts';
import { PlugboardError } from '../../errors.ts';
import { resolveMappings } from '../../mapping/resolve-mapping.ts';
import { effectiveSettings } from '../../templates/template-document.ts';
import { stepMethods } from '../../templates/template-validation.ts';
import { failed, type StepExecutor, type StepOutcome } from './step-outcome.ts';

/** The part of the connector call service steps use. */
export interface MethodCaller {
  callMethod(
    accountId: string,
    accountConnectorId: number,
    methodReference: string,
    input: MethodInput,
    options?: { maxPages?: number; actor?: 'cycle' },
  ): Promise<MethodCallResult>;
}

const TRANSIENT_CODES = new Set(['provider_unavailable', 'provider_timeout', 'provider_error']);

/** The record (or list) inside a method's response. */
export function unwrap(method: MethodDefinition, body: unknown): unknown {
  const key = method.response.wrapKey;
  if (key === undefined || typeof body !== 'object' || body === null) return body;
  return (body as Record<string, unknown>)[key] ?? body;
}

/** Turns what the call service reports into an outcome. */
export function outcomeOfCall(
  result: MethodCallResult,
  request: unknown,
  now: number,
): StepOutcome | undefined {
  if (result.ok) return undefined;
  if (result.needsReauthentication || result.code === 'needs_reauthentication')
    return { kind: 'needs-authentication', message: result.message, request };
  if (result.code === 'rate_limited') {
    const until = result.blockedUntil ?? now + (result.retryAfterSeconds ?? 60) * 1000;
    return { kind: 'rate-limited', until, message: result.message };
  }
  const transient = TRANSIENT_CODES.has(result.code) || result.providerStatus === 408;
  return failed(transient ? 'transient' : 'permanent', result.message, request, {
    Status: result.providerStatus ?? null,
    Code: result.code,
    Errors: result.details ?? null,
  });
}

/** Maps a refusal thrown before the call (not authenticated, bad input) to an outcome. */
export function outcomeOfRefusal(error: unknown, request: unknown): StepOutcome {
  if (error instanceof PlugboardError) {
    if (error.code === 'not_authenticated' || error.code === 'needs_reauthentication')
      return { kind: 'needs-authentication', message: error.message, request };
    return failed('permanent', error.message, request);
  }
  if (error instanceof Error && error.name === 'MethodInputError')
    return failed('permanent', error.message, request);
  throw error;
}

export function methodStep(calls: MethodCaller, catalog: ConnectorCatalog): StepExecutor {
  return async ({ cycle, step, mapping, now }) => {
    const method = stepMethods(cycle.document, catalog).get(step.Key);
    const accountConnectorId = step.Connector === undefined ? undefined : cycle.connectors[step.Connector];
    if (!method || accountConnectorId === undefined)
      return failed('permanent', `Step '${step.Key}' has no method to call.`);
    const input = {
      Parameters: await resolveMappings(step.Parameters, mapping),
      Fields: await resolveMappings(step.Fields, mapping),
    };
    let result: MethodCallResult;
    try {
      result = await calls.callMethod(cycle.accountId, accountConnectorId, method.uniqueIdentifier, input, {
        actor: 'cycle',
      });
    } catch (error) {
      return outcomeOfRefusal(error, input);
    }
    const refusal = outcomeOfCall(result, input, now);
    if (refusal || !result.ok) return refusal as StepOutcome;
    const output = unwrap(method, result.body);
    const split = step.CollectionSplitType ?? effectiveSettings(cycle.document.Settings).CollectionSplitType;
    const response = { Status: result.status, Body: result.body };
    if (method.response.isList && Array.isArray(output)) {
      if (split === 'First')
        return { kind: 'completed', output: output[0] ?? null, request: input, response };
      if (split === 'All') return { kind: 'completed', output, request: input, response, fanOut: output };
    }
    return {
      kind: 'completed',
      output: method.response.isList ? result.body : output,
      request: input,
      response,
    };
  };
}
