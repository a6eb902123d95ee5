import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';

export const PropertyParams = Type.Object({ id: Type.String(), pid: Type.String() });
export const ValueBody = Type.Object(
  { Value: Type.Optional(Type.Union([Type.String(), Type.Null()])) },
  { additionalProperties: true },
);

export function propertyId(text: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new PlugboardError('not_found', `Property ${text} was not found.`);
  return Number(text);
}

export const tags = ['Account connector properties'];

export const access = { access: 'account' } as const;
