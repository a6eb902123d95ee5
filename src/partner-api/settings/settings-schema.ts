import { Type } from 'typebox';
import type { PartnerSettings } from '../../domain/settings/settings-service.ts';
import { Nullable } from '../schemas.ts';

const ORIGINS =
  'Origins allowed as targetOrigin of the end-user OAuth flow: exact origins (scheme://host[:port]), https except for localhost, 127.0.0.0/8 and [::1]. Stored lower-case, without a default port, de-duplicated.';

const PARTNER_NAME = 'Your product name, shown on the LAUNCH and account pages (at most 100 characters).';
const PARTNER_LOGO =
  'Your logo on the LAUNCH and account pages: a data:image/(png|jpeg|gif|webp|svg+xml);base64,… URI of at most 256 KiB.';
const PARTNER_COLOUR = 'The colour of the buttons and header of the LAUNCH and account pages, #rrggbb.';

export const SettingsSchema = Type.Object({
  ServiceDomain: Type.String({ description: 'PLUGBOARD_PUBLIC_URL (read-only).' }),
  CallbackUrl: Type.String({ description: 'The OAuth redirect URI to register at providers (read-only).' }),
  AllowedOrigins: Type.Array(Type.String(), { description: ORIGINS }),
  PartnerName: Nullable(Type.String(), { description: PARTNER_NAME }),
  PartnerLogo: Nullable(Type.String(), { description: PARTNER_LOGO }),
  PartnerColour: Nullable(Type.String(), { description: PARTNER_COLOUR }),
});

export const SettingsBody = Type.Object(
  {
    AllowedOrigins: Type.Optional(
      Nullable(Type.Array(Type.String()), { description: `${ORIGINS} null empties the list.` }),
    ),
    PartnerName: Type.Optional(Nullable(Type.String(), { description: `${PARTNER_NAME} null clears it.` })),
    PartnerLogo: Type.Optional(Nullable(Type.String(), { description: `${PARTNER_LOGO} null clears it.` })),
    PartnerColour: Type.Optional(
      Nullable(Type.String(), { description: `${PARTNER_COLOUR} null clears it.` }),
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
    PartnerName: settings.branding.partnerName,
    PartnerLogo: settings.branding.partnerLogo,
    PartnerColour: settings.branding.partnerColour,
  };
}
