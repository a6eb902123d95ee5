import { Type } from 'typebox';
import type { HttpServer } from '../../http/build-server.ts';
import { AccountConnectorIdParams, accountConnectorId } from '../account-connectors/request-shapes.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { Nullable, Timestamp } from '../schemas.ts';

const STATUS = { pending: 'Pending', active: 'Active', failed: 'Failed', retired: 'Retired' } as const;

const SubscriptionSchema = Type.Object({
  Id: Type.Integer(),
  Event: Type.String({ description: "The provider's event, e.g. `party/created`." }),
  Status: Type.String({
    description: '`Pending` (being subscribed), `Active`, or `Failed` (LastError says why).',
  }),
  LastError: Nullable(Type.String()),
  CreatedOnUtc: Timestamp('When the subscription was asked for.'),
});

/**
 * `GET /v1.0/account/connectors/{id}/webhooks` (a Plugboard addition): the account connector's webhook
 * subscriptions at its provider, with the reason for any the provider refused (its limit, say).
 */
export async function connectionHookRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  v1.get(
    '/account/connectors/:id/webhooks',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'listAccountConnectorWebhooks',
        tags: ['Webhooks'],
        summary: "An account connector's webhook subscriptions at its provider",
        params: AccountConnectorIdParams,
        response: { 200: Type.Array(SubscriptionSchema) },
      },
    },
    async (request) => {
      const id = accountConnectorId(request.params.id);
      await deps.accountConnectors.get(accountOf(request), id);
      const hooks = deps.providerSubscriptions ? await deps.providerSubscriptions.listed(id) : [];
      return hooks.map((hook) => ({
        Id: hook.id,
        Event: hook.event ?? '',
        Status: STATUS[hook.status],
        LastError: hook.lastError,
        CreatedOnUtc: new Date(hook.createdAt).toISOString(),
      }));
    },
  );
}
