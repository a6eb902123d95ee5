import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';

export const PropertyInputSchema = Type.Object(
  { Name: Type.String({ minLength: 1 }), Value: Type.Optional(Type.Union([Type.String(), Type.Null()])) },
  { additionalProperties: true },
);

export const AccountConnectorIdParams = Type.Object({ id: Type.String() });

/** Account connector ids are numbers; anything else names nothing (404, as an unknown number would). */
export function accountConnectorId(text: string): number {
  if (!/^\d{1,15}$/.test(text))
    throw new PlugboardError('not_found', `Account connector ${text} was not found.`);
  return Number(text);
}

export function propertiesFrom(
  input: readonly { Name: string; Value?: string | null | undefined }[] | undefined,
) {
  return input?.map((p) => ({ name: p.Name, value: p.Value ?? null }));
}
