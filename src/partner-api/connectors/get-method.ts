import { Type } from 'typebox';
import type { MethodDefinition } from '../../connectors/connector-definition.ts';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { GUID, tags } from './catalog-shapes.ts';

/** `GET /v1.0/methods/:id`: One method by numeric id or MethodUniqueIdentifier. */
export function getMethod(v1: HttpServer, deps: PartnerApiDependencies): void {
  const { catalog } = deps;
  v1.get(
    '/methods/:id',
    {
      schema: {
        tags,
        operationId: 'getMethod',
        summary: 'One method by numeric id or MethodUniqueIdentifier',
        params: Type.Object({ id: Type.String() }),
      },
    },
    async (request) => {
      const reference = request.params.id;
      let method: MethodDefinition | undefined;
      if (/^\d+$/.test(reference)) method = catalog.methodById(Number(reference))?.method;
      else if (GUID.test(reference)) {
        for (const definition of catalog.definitions) method ??= catalog.method(definition, reference);
      } else
        throw new PlugboardError('invalid_parameter', `'${reference}' is neither a method id nor a GUID.`);
      if (!method) throw new PlugboardError('not_found', `Method ${reference} was not found.`);
      return {
        Name: method.name,
        Description: method.description,
        Category: method.category,
        MethodType: 'Action',
        EndPoint: method.endpoint,
      };
    },
  );
}
