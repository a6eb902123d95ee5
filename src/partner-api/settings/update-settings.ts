import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { readSettingsChanges } from './settings-body.ts';
import { SettingsBody, SettingsSchema, toSettingsJson } from './settings-schema.ts';

/** `PUT /v1.0/settings` (a Plugboard addition): partial; the read-only fields may only be echoed. */
export function updateSettings(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.put(
    '/settings',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'updateSettings',
        tags: ['Settings'],
        summary: 'Change the partner settings',
        description:
          "Partial: fields not sent keep their values. ServiceDomain and CallbackUrl come from PLUGBOARD_PUBLIC_URL; sending them unchanged is fine, a different value is refused with 400. Every bad AllowedOrigins entry is named in the 400 message. A list that drops the console's own origin answers with a Plugboard-Notice header saying so.",
        body: SettingsBody,
        response: { 200: SettingsSchema },
      },
    },
    async (request, reply) => {
      const changes = readSettingsChanges(request.body, deps.settings.configured());
      const { settings, notice } = await deps.settings.updateWithNotice(changes);
      if (notice) reply.header('Plugboard-Notice', notice);
      return toSettingsJson(settings);
    },
  );
}
