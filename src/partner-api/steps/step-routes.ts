import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { listFieldMappings } from './list-field-mappings.ts';
import { listParameters } from './list-parameters.ts';
import { setFieldMapping } from './set-field-mapping.ts';
import { setParameter } from './set-parameter.ts';

/** Cyclr's step endpoints: field mappings and parameters. */
export async function stepRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listFieldMappings(v1, deps);
  setFieldMapping(v1, deps);
  listParameters(v1, deps);
  setParameter(v1, deps);
}
