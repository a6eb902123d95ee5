import { Type } from 'typebox';
import { PropertyInputSchema } from './request-shapes.ts';

export const UpdateBody = Type.Object(
  {
    Name: Type.Optional(Type.String()),
    Description: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    AuthValue: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    Properties: Type.Optional(Type.Array(PropertyInputSchema)),
  },
  { additionalProperties: true },
);

export const tags = ['Account connectors'];

export const access = { access: 'account' } as const;
