import { Type } from 'typebox';
import type { ConnectorSetupView } from '../../domain/connector-setups/connector-setup-service.ts';

export const NullableString = Type.Union([Type.String(), Type.Null()]);

export const SetupBody = Type.Object(
  {
    ClientId: Type.Optional(NullableString),
    ClientSecret: Type.Optional(
      Type.Union([Type.String(), Type.Null()], {
        description: 'Write-only; omit or null to keep the current one',
      }),
    ),
    AuthoriseUrl: Type.Optional(NullableString),
    AccessTokenUrl: Type.Optional(NullableString),
    ApiBaseUrl: Type.Optional(NullableString),
    Scopes: Type.Optional(NullableString),
    TokenAuthMethod: Type.Optional(NullableString),
    Issuer: Type.Optional(NullableString),
    RequestsPerHour: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  },
  { additionalProperties: true },
);

export function setupView(view: ConnectorSetupView, callbackUrl: string) {
  return {
    ConnectorId: view.connectorId,
    ClientId: view.clientId,
    HasClientSecret: view.hasClientSecret,
    AuthoriseUrl: view.authoriseUrl,
    AccessTokenUrl: view.accessTokenUrl,
    ApiBaseUrl: view.apiBaseUrl,
    Scopes: view.scopes,
    TokenAuthMethod: view.tokenAuthMethod,
    Issuer: view.issuer,
    RequestsPerHour: view.requestsPerHour,
    CallbackUrl: callbackUrl,
    UpdatedAtUtc: view.updatedAt === null ? null : new Date(view.updatedAt).toISOString(),
  };
}

export const params = Type.Object({ ref: Type.String() });

export const schema = { tags: ['Connector setup'], params };
