import { Type } from 'typebox';
import { PlugboardError } from '../../domain/errors.ts';
import { GENERIC_EVENT, webhookTriggers } from '../../domain/inbound-webhooks/cycle-webhooks.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';

/**
 * `POST /v1.0/cycles/{id}/webhook-url` (a Plugboard addition): issues the URL a cycle's generic
 * webhook trigger listens on, for the partner's own app to post to. Only a hash is stored, so the
 * URL is shown in this answer alone; calling again issues a new one and the old one stops working.
 */
export async function cycleWebhookUrlRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  v1.post(
    '/cycles/:id/webhook-url',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'issueCycleWebhookUrl',
        tags: ['Webhooks'],
        summary: "Issue (or replace) a cycle's generic webhook URL",
        description:
          'For a cycle whose trigger is a Webhook step with `"Event": "Generic"`. Deliveries are JSON; an array is one transaction per element. While the cycle is not active they are stored and not run.',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: Type.Object({ Url: Type.String() }) },
      },
    },
    async (request) => {
      const cycle = await deps.cycles.get(accountOf(request), request.params.id);
      if (!webhookTriggers(cycle).some((step) => step.Event === GENERIC_EVENT))
        throw new PlugboardError('invalid_request', `Cycle ${cycle.id} has no generic webhook trigger.`);
      if (!deps.genericHookUrls) throw new PlugboardError('not_found', 'Webhooks are not available.');
      return { Url: await deps.genericHookUrls.issue(cycle) };
    },
  );
}
