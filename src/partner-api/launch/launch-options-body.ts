import type { LaunchOptions } from '../../domain/account-sessions/launch-options.ts';
import { invalid } from '../../domain/errors.ts';
import { isAllowedOrigin, parseTargetOrigin } from '../../domain/oauth-flows/target-origin.ts';
import { hasControlCharacter } from '../../domain/text-rules.ts';
import { asInputObject, type InputObject, readField } from '../cross-cutting/input-fields.ts';

const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 100;
const MAX_COMPLETE_PARAMETER = 2000;

function optionalString(body: InputObject, name: string, max: number): string | null {
  const field = readField(body, name);
  if (!field.present || field.value === null || field.value === undefined) return null;
  if (typeof field.value !== 'string') throw invalid(`${name} must be a string.`);
  if (field.value.length > max) throw invalid(`${name} must be at most ${max} characters.`);
  return field.value;
}

function readTags(body: InputObject): string[] {
  const field = readField(body, 'Tags');
  if (!field.present || field.value === null) return [];
  if (!Array.isArray(field.value)) throw invalid('Tags must be an array of strings.');
  if (field.value.length > MAX_TAGS) throw invalid(`Tags can hold at most ${MAX_TAGS} tags.`);
  const tags = new Set<string>();
  for (const tag of field.value) {
    if (typeof tag !== 'string' || tag.trim() === '') throw invalid('Each tag must be a non-empty string.');
    if (tag.length > MAX_TAG_LENGTH || hasControlCharacter(tag))
      throw invalid(`Each tag must be at most ${MAX_TAG_LENGTH} characters, without control characters.`);
    tags.add(tag.trim());
  }
  return [...tags];
}

function readRunOnce(body: InputObject): boolean {
  const field = readField(body, 'RunOnce');
  if (!field.present || field.value === null) return false;
  if (typeof field.value !== 'boolean') throw invalid('RunOnce must be true or false.');
  return field.value;
}

function readStart(body: InputObject): string | null {
  const text = optionalString(body, 'Start', 64);
  if (text === null || text.trim() === '') return null;
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(time))
    throw invalid('Start must be an ISO 8601 date and time, such as 2026-01-31T09:00:00Z.');
  return new Date(time).toISOString();
}

/**
 * Where the result goes: `TargetOrigin` (an origin, or a URL on one, as in the OAuth link) must be one
 * of the allowed origins; without it, the only allowed origin is used. Refused when that is ambiguous,
 * so a result is never posted anywhere the partner did not name.
 */
function readTarget(body: InputObject, allowedOrigins: readonly string[]) {
  const text = optionalString(body, 'TargetOrigin', 2000);
  if (text === null) {
    if (allowedOrigins.length === 1) return { origin: allowedOrigins[0] as string, url: null };
    throw invalid(
      allowedOrigins.length === 0
        ? 'Add the origin of your web app to AllowedOrigins (PUT /v1.0/settings) so the LAUNCH page can report to it.'
        : 'TargetOrigin is required when AllowedOrigins holds more than one origin: name the one the LAUNCH page reports to.',
    );
  }
  const target = parseTargetOrigin(text);
  if (!target) throw invalid('TargetOrigin must be an http(s) origin or URL.');
  if (!isAllowedOrigin(target.origin, allowedOrigins))
    throw invalid(`TargetOrigin ${target.origin} is not one of the AllowedOrigins in the settings.`);
  return target;
}

/** Reads the LAUNCH options from `POST /v1.0/accounts/{id}/launch`'s body (every field optional). */
export function readLaunchOptions(body: unknown, allowedOrigins: readonly string[]): LaunchOptions {
  const input = asInputObject(body);
  const target = readTarget(input, allowedOrigins);
  return {
    tags: readTags(input),
    completeParameter: optionalString(input, 'CompleteParameter', MAX_COMPLETE_PARAMETER),
    runOnce: readRunOnce(input),
    start: readStart(input),
    targetOrigin: target.origin,
    redirectUrl: target.url,
  };
}
