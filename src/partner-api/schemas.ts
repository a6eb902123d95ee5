import { type Static, type TSchema, Type } from 'typebox';

/** Cyclr's error body; clients compare the text, so nothing else is added. */
export const ErrorBody = Type.Object(
  {
    Message: Type.String({
      description: 'What went wrong, for people. The stable code is in Plugboard-Error-Code.',
    }),
  },
  { description: 'An error. The `Plugboard-Error-Code` header carries a stable, machine-readable code.' },
);

/**
 * A value that may also be `null`, written as `type: [T, "null"]`. With an `anyOf`, Fastify's type
 * coercion would turn a `null` into `""` or `false` before the handler saw it; with a type list it
 * leaves `null` alone.
 */
export function Nullable<T extends TSchema>(schema: T, options: Record<string, unknown> = {}) {
  const type = (schema as { type?: unknown }).type;
  if (typeof type !== 'string') throw new Error('Nullable() needs a schema with a single type');
  return Type.Unsafe<Static<T> | null>({ ...schema, ...options, type: [type, 'null'] });
}

/** ISO 8601 UTC timestamps, as Cyclr sends them. */
export const Timestamp = (description: string) => Type.String({ format: 'date-time', description });
