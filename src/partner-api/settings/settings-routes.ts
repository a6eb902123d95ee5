import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { getSettings } from './get-settings.ts';
import { updateSettings } from './update-settings.ts';

/** Partner-wide settings (a Plugboard addition to Cyclr's API). */
export async function settingsRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  getSettings(v1, deps);
  updateSettings(v1, deps);
}
