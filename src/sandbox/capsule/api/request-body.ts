import { isIsoDate } from '../time-format.ts';
import { type ValidationProblems, validationError } from './api-errors.ts';

/** A JSON object from a request body. */
export type Input = Readonly<Record<string, unknown>>;

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object under the body's wrapping key, e.g. `{"party":{…}}` → `{…}`; 422 when absent. */
export function unwrapBody(body: unknown, key: string): Input {
  const inner = isObject(body) ? body[key] : undefined;
  if (!isObject(inner)) {
    throw validationError(key, key, `${key} is required`);
  }
  return inner;
}

/** True when the field is present in the input, even as null. */
export function has(input: Input, field: string): boolean {
  return Object.hasOwn(input, field);
}

/**
 * A text field: undefined when absent, null when sent as null or blank, otherwise the trimmed text.
 * Wrong types are reported and read as absent.
 */
export function readText(
  input: Input,
  field: string,
  problems: ValidationProblems,
  maxLength = 1000,
): string | null | undefined {
  const value = input[field];
  if (value === undefined) {
    return undefined;
  }
  if (value === null) {
    return null;
  }
  if (typeof value !== 'string') {
    problems.add(field, `${field} must be a string`);
    return undefined;
  }
  const text = value.trim();
  if (text.length > maxLength) {
    problems.add(field, `${field} is too long`);
    return undefined;
  }
  return text === '' ? null : text;
}

/** A `YYYY-MM-DD` date field, with the same absent/null convention as {@link readText}. */
export function readDate(
  input: Input,
  field: string,
  problems: ValidationProblems,
): string | null | undefined {
  const text = readText(input, field, problems, 10);
  if (typeof text === 'string' && !isIsoDate(text)) {
    problems.add(field, `${field} must be a date (YYYY-MM-DD)`);
    return undefined;
  }
  return text;
}

/** A number field (numbers or numeric strings). */
export function readNumber(
  input: Input,
  field: string,
  problems: ValidationProblems,
): number | null | undefined {
  const value = input[field];
  if (value === undefined || value === null) {
    return value;
  }
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) {
    problems.add(field, `${field} must be a number`);
    return undefined;
  }
  return number;
}

/** One of a fixed set of values. */
export function readChoice<T extends string>(
  input: Input,
  field: string,
  choices: readonly T[],
  problems: ValidationProblems,
): T | undefined {
  const value = input[field];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    problems.add(field, `${field} must be one of ${choices.join(', ')}`);
    return undefined;
  }
  return value as T;
}

/**
 * A reference such as `"party":{"id":12}`: undefined when absent, null when sent as null, the id
 * otherwise. `exists` decides whether the id names a record; unknown ids are reported.
 */
export function readReference(
  input: Input,
  field: string,
  problems: ValidationProblems,
  exists: (id: number) => boolean,
): number | null | undefined {
  const value = input[field];
  if (value === undefined || value === null) {
    return value;
  }
  const id = isObject(value) ? value.id : undefined;
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    problems.add(field, `${field}.id is required`);
    return undefined;
  }
  if (!exists(id)) {
    problems.add(field, `${field} not found`);
    return undefined;
  }
  return id;
}
