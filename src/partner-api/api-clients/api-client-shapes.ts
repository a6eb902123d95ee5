import { Type } from 'typebox';
import type { ApiClient } from '../../domain/api-clients/api-client-store.ts';
import { Nullable, Timestamp } from '../schemas.ts';

export const iso = (time: number | null) => (time === null ? null : new Date(time).toISOString());

export const ApiClientSchema = Type.Object({
  ClientId: Type.String({ description: 'The client_id for POST /oauth/token' }),
  Name: Type.String(),
  CreatedAtUtc: Timestamp('When the client was created'),
  Revoked: Type.Boolean(),
  RevokedAtUtc: Nullable(Type.String({ format: 'date-time' }), { description: 'When it was revoked' }),
});

export const NewApiClientSchema = Type.Object({
  ...ApiClientSchema.properties,
  ClientSecret: Type.String({ description: 'The client_secret: returned here only, never again' }),
});

/** An API client as listed: never its secret (only a hash of it is stored). */
export function apiClientView(client: ApiClient) {
  return {
    ClientId: client.id,
    Name: client.name,
    CreatedAtUtc: iso(client.createdAt) as string,
    Revoked: client.revokedAt !== null,
    RevokedAtUtc: iso(client.revokedAt),
  };
}

export const CreateBody = Type.Object(
  { Name: Type.String({ maxLength: 200, description: 'Who uses it, e.g. "Production backend"' }) },
  { additionalProperties: true },
);
export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const tags = ['API clients'];

export const config = { access: 'partner-wide' } as const;
