import { Type } from 'typebox';
import type { PartnerSettings } from '../../domain/settings/settings-service.ts';
import { Nullable } from '../schemas.ts';

const ORIGINS =
  'Origins allowed as targetOrigin of the end-user OAuth flow: exact origins (scheme://host[:port]), https except for localhost, 127.0.0.0/8 and [::1]. Stored lower-case, without a default port, de-duplicated.';

export const SettingsSchema = Type.Object({
  ServiceDomain: Type.String({ description: 'PLUGBOARD_PUBLIC_URL (read-only).' }),
  CallbackUrl: Type.String({ description: 'The OAuth redirect URI to register at providers (read-only).' }),
  AllowedOrigins: Type.Array(Type.String(), { description: ORIGINS }),
});

export const SettingsBody = Type.Object(
  {
    AllowedOrigins: Type.Optional(
      Nullable(Type.Array(Type.String()), { description: `${ORIGINS} null empties the list.` }),
    ),
    ServiceDomain: Type.Optional(
      Nullable(
        Type.String({ description: 'Read-only: may be sent back unchanged; a different value is refused.' }),
      ),
    ),
    CallbackUrl: Type.Optional(
      Nullable(
        Type.String({ description: 'Read-only: may be sent back unchanged; a different value is refused.' }),
      ),
    ),
  },
  { additionalProperties: true },
);

export function toSettingsJson(settings: PartnerSettings) {
  return {
    ServiceDomain: settings.serviceDomain,
    CallbackUrl: settings.callbackUrl,
    AllowedOrigins: settings.allowedOrigins,
  };
}
