import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { AccountConnectorIdParams, accountConnectorId } from './request-shapes.ts';

/** `GET /v1.0/account/connectors/{id}/events`: the connection's audit trail, newest first. */
export async function accountConnectorEventRoutes(
  v1: HttpServer,
  deps: PartnerApiDependencies,
): Promise<void> {
  v1.get(
    '/account/connectors/:id/events',
    {
      config: { access: 'account' },
      schema: {
        tags: ['Account connectors'],
        operationId: 'listAccountConnectorEvents',
        summary:
          "The connection's audit trail: authentications, refreshes, failures, deauthentication (newest first)",
        params: AccountConnectorIdParams,
        querystring: Type.Object({ limit: Type.Optional(Type.String()) }),
      },
    },
    async (request) => {
      const events = await deps.accountConnectors.events(
        accountOf(request),
        accountConnectorId(request.params.id),
        readLimit(request.query.limit),
      );
      return events.map((event) => ({
        AtUtc: new Date(event.at).toISOString(),
        Action: event.action,
        Actor: event.actor,
        Detail: event.detail,
      }));
    },
  );
}

function readLimit(text: string | undefined): number {
  if (text === undefined) return 50;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new PlugboardError('invalid_parameter', 'limit must be a whole number from 1 to 500.');
  }
  return limit;
}
