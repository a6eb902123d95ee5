import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { exportTemplate } from './export-template.ts';
import { getTemplate } from './get-template.ts';
import { importTemplate } from './import-template.ts';
import { installTemplate } from './install-template.ts';
import { listTemplates } from './list-templates.ts';

/** Templates: import, list, object, export, install into an account. */
export async function templateRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  importTemplate(v1, deps);
  listTemplates(v1, deps);
  getTemplate(v1, deps);
  exportTemplate(v1, deps);
  installTemplate(v1, deps);
}
