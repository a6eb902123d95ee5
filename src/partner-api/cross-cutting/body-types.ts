import type { FastifyRequest } from 'fastify';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { addRouteHook } from '../../http/route-hooks.ts';

type Schema = Readonly<Record<string, unknown>>;

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/** The JSON types a schema allows at its top level, or `null` when it does not say (no `type`). */
function allowedTypes(schema: Schema): Set<string> | null {
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(branches)) {
    const types = new Set<string>();
    for (const branch of branches) {
      const inner = allowedTypes(branch);
      if (inner === null) return null;
      for (const type of inner) types.add(type);
    }
    return types;
  }
  if (typeof schema.type === 'string') return new Set([schema.type]);
  if (Array.isArray(schema.type)) return new Set(schema.type as string[]);
  return null;
}

/** The property schema a body key binds to: the exact name, else one differing only in case (.NET binding). */
function propertyFor(properties: Record<string, Schema>, key: string): Schema | undefined {
  if (Object.hasOwn(properties, key)) return properties[key];
  const lower = key.toLowerCase();
  for (const name of Object.keys(properties)) if (name.toLowerCase() === lower) return properties[name];
  return undefined;
}

type Mismatch = { readonly path: string; readonly expected: ReadonlySet<string> };

/** The schema among `schema` and its union branches that has `key` (`properties`, `items`). */
function branchWith(schema: Schema, key: string): Schema | null {
  if (schema[key] && typeof schema[key] === 'object') return schema;
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (!Array.isArray(branches)) return null;
  for (const branch of branches) {
    const found = branchWith(branch, key);
    if (found) return found;
  }
  return null;
}

/**
 * The first field (as a dotted path) where a number or boolean was sent for a field that only takes
 * text. Schema validation would otherwise coerce it (`{"Name":123}` stored as `"123"`).
 */
function findMismatch(value: unknown, schema: Schema, path: string): Mismatch | null {
  if (typeof value === 'number' || typeof value === 'boolean') {
    const types = allowedTypes(schema);
    if (types === null || !types.has('string')) return null;
    const allowed =
      typeof value === 'boolean' ? types.has('boolean') : types.has('number') || types.has('integer');
    return allowed ? null : { path, expected: types };
  }
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    const items = branchWith(schema, 'items')?.items as Schema | undefined;
    if (!items) return null;
    for (let index = 0; index < value.length; index++) {
      const found = findMismatch(value[index], items, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  const properties = branchWith(schema, 'properties')?.properties as Record<string, Schema> | undefined;
  if (!properties) return null;
  for (const [key, child] of Object.entries(value)) {
    const childSchema = propertyFor(properties, key);
    if (!childSchema) continue;
    const found = findMismatch(child, childSchema, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses a number or boolean sent where a `/v1.0` body field takes text, with a 400 that names the
 * field and the type it takes. Runs before schema validation, whose type coercion (kept for query
 * strings and path parameters, where everything arrives as text) would otherwise turn `123` into
 * `"123"` and store it. A field whose schema also allows numbers (an account `Id`) is left alone.
 */
export function refuseCoercedBodyTypes(v1: HttpServer): void {
  // A hook of the routes with a body schema only.
  addRouteHook(
    v1,
    'preValidation',
    (route) => route.schema?.body !== undefined,
    async (request: FastifyRequest) => {
      const schema = request.routeOptions.schema?.body as Schema | undefined;
      if (!schema || request.body === null || typeof request.body !== 'object') return;
      const found = findMismatch(request.body, schema, '');
      if (!found) return;
      const expected = [...found.expected].map((type) => TYPE_NAMES[type] ?? type).join(' or ');
      throw Object.assign(new PlugboardError('invalid_request', `${found.path} must be ${expected}.`), {
        statusCode: 400,
      });
    },
  );
}
