import { Type } from 'typebox';
import type { PartnerSettings } from '../../domain/settings/settings-service.ts';
import { Nullable } from '../schemas.ts';

const ORIGINS =
  'Origins allowed as targetOrigin of the end-user OAuth flow: exact origins (scheme://host[:port]), https except for localhost, 127.0.0.0/8 and [::1]. Stored lower-case, without a default port, de-duplicated.';

const PARTNER_NAME = 'Your product name, shown on the LAUNCH and account pages (at most 100 characters).';
const PARTNER_LOGO =
  'Your logo on the LAUNCH and account pages: a data:image/(png|jpeg|gif|webp|svg+xml);base64,… URI of at most 256 KiB.';
const PARTNER_COLOUR = 'The colour of the buttons and header of the LAUNCH and account pages, #rrggbb.';
const OUTBOUND_HOSTS =
  'Hosts that Http steps and event endpoints may reach: "host" (any port), "host:port", or "*.example.com" (any name below example.com). Stored lower-case, IDN as punycode, de-duplicated.';
const ALLOW_PRIVATE =
  'Whether requests Plugboard makes on your behalf (provider API and token URLs, Http steps, event endpoints) may reach loopback, private, link-local or other non-public addresses, checked after DNS resolution. Defaults to true only while the service domain is loopback (development).';

export const SettingsSchema = Type.Object({
  ServiceDomain: Type.String({ description: 'PLUGBOARD_PUBLIC_URL (read-only).' }),
  CallbackUrl: Type.String({ description: 'The OAuth redirect URI to register at providers (read-only).' }),
  AllowedOrigins: Type.Array(Type.String(), { description: ORIGINS }),
  PartnerName: Nullable(Type.String(), { description: PARTNER_NAME }),
  PartnerLogo: Nullable(Type.String(), { description: PARTNER_LOGO }),
  PartnerColour: Nullable(Type.String(), { description: PARTNER_COLOUR }),
  AllowedOutboundHosts: Type.Array(Type.String(), { description: OUTBOUND_HOSTS }),
  AllowPrivateAddresses: Type.Boolean({ description: ALLOW_PRIVATE }),
  ConsoleOriginAdded: Type.Boolean({
    description:
      "Read-only: whether the console's own origin (the service domain's) has ever been in AllowedOrigins. The console adds it the first time an admin authenticates a connector, and never again once removed.",
  }),
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
    AllowedOutboundHosts: Type.Optional(
      Nullable(Type.Array(Type.String()), { description: `${OUTBOUND_HOSTS} null empties the list.` }),
    ),
    AllowPrivateAddresses: Type.Optional(
      Nullable(Type.Boolean(), { description: `${ALLOW_PRIVATE} null returns to the default.` }),
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
    AllowedOutboundHosts: settings.allowedOutboundHosts,
    AllowPrivateAddresses: settings.allowPrivateAddresses,
    ConsoleOriginAdded: settings.consoleOriginAdded,
  };
}
