import { invalid } from '../../domain/errors.ts';

/**
 * Reading Cyclr-shaped request bodies: PascalCase names, matched the way Cyclr's .NET model binding
 * matches them. Only `partner-api/` reads raw bodies; the domain receives typed, camelCase input.
 */

/** A JSON request body as the partner sent it, before any field is trusted. */
export type InputObject = Readonly<Record<string, unknown>>;

/** One field of an {@link InputObject}: whether it was sent at all, and its raw value. */
export type InputField = { readonly present: false } | { readonly present: true; readonly value: unknown };

/**
 * Reads a field the way Cyclr's .NET model binding does: the exact name first, then any spelling that
 * differs only in case (`description` for `Description`), since Cyclr-style clients send both.
 */
export function readField(body: InputObject, name: string): InputField {
  if (Object.hasOwn(body, name)) return { present: true, value: body[name] };
  const lower = name.toLowerCase();
  for (const key of Object.keys(body)) {
    if (key.toLowerCase() === lower) return { present: true, value: body[key] };
  }
  return { present: false };
}

/** Refuses anything but a JSON object (an absent body counts as `{}`). */
export function asInputObject(body: unknown): InputObject {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalid('The request body must be a JSON object.');
  return body as InputObject;
}
