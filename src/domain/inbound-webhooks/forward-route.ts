import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import { emitPartnerEvent } from '../partner-events/event-outbox.ts';
import { forwardedEventType } from '../partner-events/event-types.ts';
import type { InboundItemRoute } from './item-routes.ts';

/**
 * Forwards each provider record to the partner as an event named from the connector and the event
 * (`capsule.party.created`), with the account and account connector ids and the record as `Record`.
 * Written only when an endpoint wants it (see `emitPartnerEvent`).
 */
export function forwardProviderEvents(connectors: Pick<ConnectorCatalog, 'byId'>): InboundItemRoute {
  return {
    async route(tx, hook, item, at) {
      if (hook.kind !== 'connector' || hook.accountConnectorId === null) return;
      const connection = await tx.accountConnectors.findById(hook.accountConnectorId);
      const definition = connection ? connectors.byId(connection.connectorId) : undefined;
      if (!definition) return;
      await emitPartnerEvent(
        tx,
        {
          type: forwardedEventType(definition.name, item.event),
          accountId: hook.accountId,
          accountConnectorId: hook.accountConnectorId,
          data: { Event: item.event, Record: item.record },
        },
        at,
      );
    },
  };
}
