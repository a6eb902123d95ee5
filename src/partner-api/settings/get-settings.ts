import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { SettingsSchema, toSettingsJson } from './settings-schema.ts';

/** `GET /v1.0/settings` (a Plugboard addition). */
export function getSettings(v1: HttpServer, deps: PartnerApiDependencies): void {
  v1.get(
    '/settings',
    {
      config: { access: 'partner-wide' },
      schema: {
        operationId: 'getSettings',
        tags: ['Settings'],
        summary: 'Get the partner settings',
        response: { 200: SettingsSchema },
      },
    },
    async () => toSettingsJson(await deps.settings.get()),
  );
}
