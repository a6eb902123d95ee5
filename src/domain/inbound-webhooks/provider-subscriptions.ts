import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { WebhookSettings } from '../../connectors/connector-definition.ts';
import type { MethodInput } from '../../runtime/method-input.ts';
import type { MethodCallResult } from '../../runtime/provider-call.ts';
import type { Clock } from '../clock.ts';
import type { Stores } from '../stores.ts';
import { hookTokenHash, hookUrl, newHookToken } from './hook-token.ts';
import type { InboundHook } from './inbound-hook-store.ts';

/** Calls a connector method through the account connector (the connector call service). */
export interface MethodCaller {
  callMethod(
    accountId: string,
    accountConnectorId: number,
    methodReference: string,
    input: MethodInput,
  ): Promise<MethodCallResult>;
}

/** What one reconciliation did, and what it could not do (each problem a sentence for people). */
export interface ReconcileReport {
  readonly subscribed: readonly string[];
  readonly unsubscribed: readonly string[];
  readonly problems: readonly string[];
}

const EMPTY: ReconcileReport = { subscribed: [], unsubscribed: [], problems: [] };

/** The messages of a provider's structured error details (Capsule: `errors[].message`), in brackets. */
function detailText(details: unknown): string {
  if (!Array.isArray(details)) return '';
  const messages = details
    .map((d) => (d && typeof d === 'object' ? (d as { message?: unknown }).message : undefined))
    .filter((m): m is string => typeof m === 'string');
  return messages.length === 0 ? '' : ` (${messages.join('; ')})`;
}

/** Statuses in which Plugboard may call the provider for the account connector. */
const CALLABLE = new Set(['Authenticated', 'Refreshing', 'Degraded']);

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/**
 * Keeps an account connector's webhook subscriptions at its provider matching what is wanted: one
 * provider hook per event, shared by every cycle and forwarding that needs it, each with its own
 * unguessable URL. Subscribing and unsubscribing use the connector's own methods (named in its
 * definition) through the ordinary call path. A retired hook's URL answers the provider's
 * unsubscribe status (Capsule: 410), so a hook that could not be deleted is dropped on its next delivery.
 */
export class ProviderSubscriptions {
  constructor(
    private readonly deps: {
      readonly stores: Stores;
      readonly connectors: Pick<ConnectorCatalog, 'byId'>;
      readonly calls: MethodCaller;
      readonly publicUrl: string;
      readonly clock: Clock;
    },
  ) {}

  /** The account connector's hooks that are subscribed or being subscribed. */
  live(accountConnectorId: number): Promise<InboundHook[]> {
    return this.deps.stores.inboundHooks.hooksOfConnector(accountConnectorId, ['pending', 'active']);
  }

  /** The account connector's hooks to show: live ones and those the provider refused. */
  listed(accountConnectorId: number): Promise<InboundHook[]> {
    return this.deps.stores.inboundHooks.hooksOfConnector(accountConnectorId, [
      'pending',
      'active',
      'failed',
    ]);
  }

  /**
   * Subscribes to each wanted event not yet subscribed and unsubscribes the rest; with `renew`, every
   * subscription is made again (after re-authentication, the old ones may be gone). Events the
   * connector does not declare are ignored. Does nothing while the connector cannot call out.
   */
  async reconcile(
    accountConnectorId: number,
    wanted: ReadonlySet<string>,
    options: { renew?: boolean } = {},
  ): Promise<ReconcileReport> {
    const connector = await this.deps.stores.accountConnectors.findById(accountConnectorId);
    if (!connector || !CALLABLE.has(connector.authStatus)) return EMPTY;
    const webhooks = this.deps.connectors.byId(connector.connectorId)?.webhooks;
    if (!webhooks) return EMPTY;
    const declared = new Set(webhooks.events.map((e) => e.event));
    const target = new Set([...wanted].filter((event) => declared.has(event)));
    // Earlier refusals are asked again below; the old rows stop being shown.
    for (const failed of await this.deps.stores.inboundHooks.hooksOfConnector(accountConnectorId, ['failed']))
      await this.deps.stores.inboundHooks.updateHook(failed.id, { status: 'retired' }, this.deps.clock());
    const unsubscribed: string[] = [];
    const kept: InboundHook[] = [];
    for (const hook of await this.live(accountConnectorId)) {
      if (options.renew || hook.event === null || !target.has(hook.event)) {
        await this.#unsubscribe(connector.accountId, hook, webhooks);
        if (hook.event) unsubscribed.push(hook.event);
      } else {
        kept.push(hook);
      }
    }
    const subscribed: string[] = [];
    const problems: string[] = [];
    let count = kept.length;
    for (const event of [...target].sort()) {
      if (kept.some((hook) => hook.event === event)) continue;
      if (count >= webhooks.subscription.maxPerAccount) {
        problems.push(
          `${event} was not subscribed: the provider allows at most ${webhooks.subscription.maxPerAccount} webhook subscriptions per account and ${count} are in use.`,
        );
        continue;
      }
      const problem = await this.#subscribe(connector.accountId, accountConnectorId, event, webhooks);
      if (problem) problems.push(problem);
      else {
        subscribed.push(event);
        count += 1;
      }
    }
    return { subscribed, unsubscribed, problems };
  }

  /** Unsubscribes everything (before the credentials are dropped or the account connector deleted). */
  async releaseAll(accountConnectorId: number): Promise<void> {
    const connector = await this.deps.stores.accountConnectors.findById(accountConnectorId);
    if (!connector) return;
    const webhooks = this.deps.connectors.byId(connector.connectorId)?.webhooks;
    for (const hook of await this.live(accountConnectorId)) {
      if (webhooks && CALLABLE.has(connector.authStatus))
        await this.#unsubscribe(connector.accountId, hook, webhooks);
      else await this.deps.stores.inboundHooks.updateHook(hook.id, { status: 'retired' }, this.deps.clock());
    }
  }

  async #subscribe(
    accountId: string,
    accountConnectorId: number,
    event: string,
    webhooks: WebhookSettings,
  ): Promise<string | null> {
    const { stores, clock, calls, publicUrl } = this.deps;
    const { subscription } = webhooks;
    const token = newHookToken();
    // Stored before the provider is asked, so a delivery that arrives at once is accepted.
    const hook = await stores.inboundHooks.insertHook(
      {
        kind: 'connector',
        accountId,
        accountConnectorId,
        cycleId: null,
        event,
        providerHookId: null,
        status: 'pending',
        lastError: null,
        createdAt: clock(),
      },
      hookTokenHash(token),
    );
    let result: MethodCallResult;
    try {
      result = await calls.callMethod(accountId, accountConnectorId, subscription.subscribeMethod, {
        Fields: {
          ...subscription.fields,
          [subscription.eventField]: event,
          [subscription.targetUrlField]: hookUrl(publicUrl, token),
        },
      });
    } catch (error) {
      result = {
        ok: false,
        code: 'provider_error',
        message: error instanceof Error ? error.message : 'failed',
      };
    }
    const providerId = result.ok ? at(result.body, subscription.hookIdPath) : undefined;
    if (result.ok && (typeof providerId === 'string' || typeof providerId === 'number')) {
      await stores.inboundHooks.updateHook(
        hook.id,
        { status: 'active', providerHookId: String(providerId), lastError: null },
        clock(),
      );
      return null;
    }
    const reason = result.ok ? 'the answer had no hook id' : `${result.message}${detailText(result.details)}`;
    const problem = `${event} was not subscribed: ${reason}`.slice(0, 500);
    await stores.inboundHooks.updateHook(hook.id, { status: 'failed', lastError: problem }, clock());
    return problem;
  }

  async #unsubscribe(accountId: string, hook: InboundHook, webhooks: WebhookSettings): Promise<void> {
    const { stores, clock, calls } = this.deps;
    const { subscription } = webhooks;
    let lastError: string | null = null;
    if (hook.providerHookId !== null && hook.accountConnectorId !== null) {
      try {
        const result = await calls.callMethod(
          accountId,
          hook.accountConnectorId,
          subscription.unsubscribeMethod,
          {
            Parameters: { [subscription.hookIdParameter]: hook.providerHookId },
          },
        );
        const gone = !result.ok && subscription.goneStatuses.includes(result.providerStatus ?? 0);
        if (!result.ok && !gone)
          lastError = `Unsubscribing failed (${result.message}); its deliveries are refused.`;
      } catch (error) {
        lastError = `Unsubscribing failed (${error instanceof Error ? error.message : 'unknown'}); its deliveries are refused.`;
      }
    }
    // Retired either way: the URL now answers the unsubscribe status, which removes a hook left behind.
    await stores.inboundHooks.updateHook(
      hook.id,
      { status: 'retired', lastError: lastError?.slice(0, 500) ?? null },
      clock(),
    );
  }
}
