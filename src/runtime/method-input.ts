/**
 * Checks of the values a partner sends to a connector method (`{"Parameters": {…}, "Fields": {…}}`)
 * against the method's definition. Values may arrive as JSON types or, as Cyclr clients often send
 * them, as strings (`"42"`, `"true"`); each check accepts both and returns the value to send.
 */
import type { DataType, FieldDefinition, ParameterDefinition } from '../connectors/connector-definition.ts';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth.ts';

/** What a partner sends to call a method. */
export interface MethodInput {
  /** Path, query and header values, keyed by `ParameterDefinition.name`. */
  readonly Parameters?: Readonly<Record<string, unknown>>;
  /** The request body's fields, keyed by `FieldDefinition.name`; values may be nested JSON. */
  readonly Fields?: Readonly<Record<string, unknown>>;
}

/** A value the method cannot take. `parameter` names the parameter or field; the message says why. */
export class MethodInputError extends Error {
  override readonly name = 'MethodInputError';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

type Subject = 'Parameter' | 'Field';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const INTEGER = /^[+-]?\d+$/;
// Unambiguous, so it runs in linear time: the digits after the point are only tried after a point.
// (`\d+\.?\d*` could split one run of digits in n ways and backtrack quadratically on a bad tail.)
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** True for a value that counts as "not given": undefined, null or an empty string. */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * The checked text of each item of a path, query or header parameter (one item unless `multiple`), or
 * `undefined` when the parameter is absent and optional. Comma lists accept a comma string or an array.
 * Items come back unencoded: the caller encodes them for their place in the request.
 */
export function parameterItems(definition: ParameterDefinition, raw: unknown): string[] | undefined {
  const name = definition.name;
  const items = definition.multiple ? splitList(raw) : isAbsent(raw) ? [] : [raw];
  if (items.length === 0) {
    if (definition.required) throw new MethodInputError(name, `Parameter '${name}' is required.`);
    return undefined;
  }
  const maxItems = definition.multiple?.maxItems;
  if (maxItems !== undefined && items.length > maxItems) {
    throw new MethodInputError(name, `Parameter '${name}' takes at most ${maxItems} values.`);
  }
  return items.map((item) => {
    const text = scalarText('Parameter', name, definition.dataType, item);
    checkRange('Parameter', definition, text);
    const value = definition.values ? oneOf('Parameter', name, definition.values, text) : text;
    if (definition.location !== 'query' && CONTROL.test(value)) {
      throw new MethodInputError(name, `Parameter '${name}' must not contain control characters.`);
    }
    if (definition.location === 'path' && (value === '.' || value === '..')) {
      throw new MethodInputError(name, `Parameter '${name}' must not be '.' or '..'.`);
    }
    return value;
  });
}

/** The JSON value to send for a body field (numbers and booleans given as strings are converted). */
export function fieldValue(definition: FieldDefinition, raw: unknown): unknown {
  const name = definition.name;
  if (raw === null || raw === undefined) {
    if (definition.required) throw new MethodInputError(name, `Field '${name}' is required.`);
    return raw;
  }
  // Fields also come from places other than a parsed request body (cycle steps): checked here too.
  if (typeof raw === 'object' && exceedsJsonDepth(raw)) {
    throw new MethodInputError(name, `Field '${name}' nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  switch (definition.dataType) {
    case 'Object':
      if (typeof raw !== 'object' || Array.isArray(raw)) {
        throw new MethodInputError(name, `Field '${name}' must be a JSON object.`);
      }
      return raw;
    case 'Array':
      if (!Array.isArray(raw)) throw new MethodInputError(name, `Field '${name}' must be a JSON array.`);
      return raw;
    case 'Integer':
    case 'Float':
    case 'Decimal':
      return Number(scalarText('Field', name, definition.dataType, raw));
    case 'Boolean':
      return scalarText('Field', name, 'Boolean', raw) === 'true';
    default: {
      const text = scalarText('Field', name, definition.dataType, raw);
      return definition.values ? oneOf('Field', name, definition.values, text) : text;
    }
  }
}

function splitList(raw: unknown): unknown[] {
  if (isAbsent(raw)) return [];
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
  return items
    .map((item) => (typeof item === 'string' ? item.trim() : item))
    .filter((item) => !isAbsent(item));
}

/** Checks one scalar against a data type and returns it as the text the provider receives. */
function scalarText(subject: Subject, name: string, dataType: DataType, raw: unknown): string {
  const fail = (expected: string): never => {
    throw new MethodInputError(name, `${subject} '${name}' must be ${expected}.`);
  };
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  switch (dataType) {
    case 'Integer':
      if (typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
      if (text !== undefined && INTEGER.test(text) && Number.isSafeInteger(Number(text)))
        return String(Number(text));
      return fail('an integer');
    case 'Float':
    case 'Decimal':
      if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
      if (text !== undefined && NUMBER.test(text)) return text;
      return fail('a number');
    case 'Boolean':
      if (typeof raw === 'boolean') return String(raw);
      if (text !== undefined && /^(true|false)$/i.test(text)) return text.toLowerCase();
      return fail('true or false');
    case 'DateTime':
      if (text !== undefined && ISO_DATE_TIME.test(text) && !Number.isNaN(Date.parse(text))) return text;
      return fail('an ISO-8601 date and time, such as 2024-09-19T12:30:45Z');
    case 'Date':
      if (text !== undefined && ISO_DATE.test(text) && !Number.isNaN(Date.parse(text))) return text;
      return fail('a date such as 2024-09-19');
    case 'Object':
    case 'Array':
      return fail(dataType === 'Object' ? 'a JSON object' : 'a JSON array');
    default:
      if (typeof raw === 'string') return raw;
      if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean') return String(raw);
      return fail('text');
  }
}

function checkRange(subject: Subject, definition: ParameterDefinition, text: string): void {
  const { name, minimum, maximum } = definition;
  if (minimum === undefined && maximum === undefined) return;
  const value = Number(text);
  if (minimum !== undefined && value < minimum) {
    throw new MethodInputError(name, `${subject} '${name}' must be at least ${minimum}.`);
  }
  if (maximum !== undefined && value > maximum) {
    throw new MethodInputError(name, `${subject} '${name}' must be at most ${maximum}.`);
  }
}

/** Matches `text` against the allowed values, ignoring case, and returns the defined spelling. */
function oneOf(subject: Subject, name: string, values: readonly string[], text: string): string {
  const match = values.find((v) => v.toLowerCase() === text.toLowerCase());
  if (match !== undefined) return match;
  throw new MethodInputError(name, `${subject} '${name}' must be one of: ${values.join(', ')}.`);
}
