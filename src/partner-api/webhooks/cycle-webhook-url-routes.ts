import { Type } from 'typebox';
import type { Cycle } from '../../domain/cycles/cycle.ts';
import { PlugboardError } from '../../domain/errors.ts';
import { GENERIC_EVENT, webhookTriggers } from '../../domain/inbound-webhooks/cycle-webhooks.ts';
import type { HttpServer } from '../../http/build-server.ts';
import { accountOf } from '../auth/route-access.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';

const params = Type.Object({ id: Type.String({ maxLength: 100 }) });

const hasGenericTrigger = (cycle: Cycle) =>
  webhookTriggers(cycle).some((step) => step.Event === GENERIC_EVENT);

/**
 * A cycle's generic webhook URL (Plugboard additions), for a cycle whose trigger is a Webhook step
 * with `"Event": "Generic"`: the partner's own app posts to it.
 * - `POST /v1.0/cycles/{id}/webhook-url` issues the URL. Only a hash is stored, so the URL is shown in
 *   this answer alone; calling again issues a new one and the old one stops working (410).
 * - `GET /v1.0/cycles/{id}/webhook-url` says whether the cycle takes one and since when its working URL
 *   was issued — never the URL itself.
 */
export async function cycleWebhookUrlRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  v1.get(
    '/cycles/:id/webhook-url',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'getCycleWebhookUrlStatus',
        tags: ['Webhooks'],
        summary: "Whether a cycle's generic webhook URL has been issued",
        description:
          '`Available` is false when the cycle has no generic webhook trigger. The URL itself is shown only when issued.',
        params,
        response: {
          200: Type.Object({
            Available: Type.Boolean(),
            Issued: Type.Boolean(),
            IssuedOnUtc: Type.Union([Type.String(), Type.Null()]),
          }),
        },
      },
    },
    async (request) => {
      const cycle = await deps.cycles.get(accountOf(request), request.params.id);
      const urls = hasGenericTrigger(cycle) ? deps.genericHookUrls : undefined;
      const issuedAt = urls ? await urls.issuedAt(cycle) : null;
      return {
        Available: urls !== undefined,
        Issued: issuedAt !== null,
        IssuedOnUtc: issuedAt === null ? null : new Date(issuedAt).toISOString(),
      };
    },
  );

  v1.post(
    '/cycles/:id/webhook-url',
    {
      config: { access: 'account' },
      schema: {
        operationId: 'issueCycleWebhookUrl',
        tags: ['Webhooks'],
        summary: "Issue (or replace) a cycle's generic webhook URL",
        description:
          'For a cycle whose trigger is a Webhook step with `"Event": "Generic"`. Deliveries are JSON; an array is one transaction per element. While the cycle is not active they are stored and not run. Issuing again replaces the URL: the old one is answered 410 from then on.',
        params,
        response: { 200: Type.Object({ Url: Type.String() }) },
      },
    },
    async (request) => {
      const cycle = await deps.cycles.get(accountOf(request), request.params.id);
      if (!hasGenericTrigger(cycle))
        throw new PlugboardError('invalid_request', `Cycle ${cycle.id} has no generic webhook trigger.`);
      if (!deps.genericHookUrls) throw new PlugboardError('not_found', 'Webhooks are not available.');
      return { Url: await deps.genericHookUrls.issue(cycle) };
    },
  );
}
