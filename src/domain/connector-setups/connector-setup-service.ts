import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import { ApiBaseError, parseApiBase } from '../../runtime/api-base.ts';
import { checkOutboundUrl, type OutboundPolicy } from '../../runtime/outbound/address-policy.ts';
import type { Clock } from '../clock.ts';
import { PlugboardError } from '../errors.ts';
import { parseSecretBearingUrl } from '../url-rules.ts';
import type {
  ConnectorSetupStore,
  StoredConnectorSetup,
  StoredConnectorSetupSummary,
} from './connector-setup-store.ts';

/** A stored setup as the view sees it: whether a secret exists, not the secret. */
function summaryOf(stored: StoredConnectorSetup | undefined): StoredConnectorSetupSummary | undefined {
  if (stored === undefined) return undefined;
  const { clientSecret, ...rest } = stored;
  return { ...rest, hasClientSecret: Boolean(clientSecret) };
}

export type TokenAuthMethod = 'client_secret_post' | 'client_secret_basic';

/** A connector setup with the definition's defaults filled in. The client secret is never in here. */
export interface ConnectorSetupView {
  readonly connectorId: number;
  readonly clientId: string | null;
  readonly hasClientSecret: boolean;
  readonly authoriseUrl: string;
  readonly accessTokenUrl: string;
  readonly apiBaseUrl: string;
  readonly scopes: string | null;
  readonly tokenAuthMethod: TokenAuthMethod;
  readonly issuer: string | null;
  readonly requestsPerHour: number;
  readonly updatedAt: number | null;
}

/** Everything needed to talk to the provider: only for the OAuth flow, refresh and revocation. */
export interface ResolvedConnectorSetup extends Omit<ConnectorSetupView, 'hasClientSecret'> {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A partial update as the partner API receives it (PascalCase names mapped by the route). */
export interface ConnectorSetupChanges {
  readonly clientId?: string | null;
  readonly clientSecret?: string | null;
  readonly authoriseUrl?: string | null;
  readonly accessTokenUrl?: string | null;
  readonly apiBaseUrl?: string | null;
  readonly scopes?: string | null;
  readonly tokenAuthMethod?: string | null;
  readonly issuer?: string | null;
  readonly requestsPerHour?: number | null;
}

function checkUrl(name: string, value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  const parsed = parseSecretBearingUrl(trimmed);
  if ('problem' in parsed) throw new PlugboardError('invalid_parameter', `${name} ${parsed.problem}.`);
  return trimmed;
}

/**
 * A URL Plugboard itself will call (API base, token, revocation): the same checks the runtime makes
 * before sending, so a setup that would fail every call is refused when it is saved, not later.
 */
function checkCalledUrl(name: string, value: string | null | undefined, policy: OutboundPolicy) {
  const checked = checkUrl(name, value);
  if (checked === undefined || checked === null) return checked;
  const verdict = checkOutboundUrl(checked, policy);
  if (!verdict.ok) throw new PlugboardError('invalid_parameter', `${name} is refused: ${verdict.reason}.`);
  return checked;
}

function checkApiBaseUrl(value: string | null | undefined, policy: OutboundPolicy) {
  const checked = checkCalledUrl('ApiBaseUrl', value, policy);
  if (checked === undefined || checked === null) return checked;
  try {
    parseApiBase(checked);
  } catch (error) {
    const reason =
      error instanceof ApiBaseError ? error.message.replace(/^The API base URL /, '') : 'is not valid.';
    throw new PlugboardError('invalid_parameter', `ApiBaseUrl ${reason}`);
  }
  return checked;
}

/** The revocation endpoints a token URL implies (resolved against it, as the token client does). */
function checkRevocationUrls(
  definition: ConnectorDefinition,
  accessTokenUrl: string,
  policy: OutboundPolicy,
) {
  for (const reference of definition.auth.revocationUrls) {
    const verdict = checkOutboundUrl(new URL(reference, accessTokenUrl), policy);
    if (!verdict.ok) {
      throw new PlugboardError(
        'invalid_parameter',
        `The revocation URL of this AccessTokenUrl is refused: ${verdict.reason}.`,
      );
    }
  }
}

function checkText(name: string, value: string | null | undefined, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (trimmed.length > max)
    throw new PlugboardError('invalid_parameter', `${name} must be at most ${max} characters.`);
  if ([...trimmed].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f))
    throw new PlugboardError('invalid_parameter', `${name} must not contain control characters.`);
  return trimmed;
}

/** Reads and changes the partner's OAuth app per connector (Cyclr's Connector Library > Setup). */
export class ConnectorSetupService {
  constructor(
    private readonly store: ConnectorSetupStore,
    private readonly clock: Clock,
    /** The outbound address policy in force (the settings' `AllowPrivateAddresses`). */
    private readonly outboundPolicy: () => Promise<OutboundPolicy>,
  ) {}

  private merge(
    definition: ConnectorDefinition,
    stored: StoredConnectorSetupSummary | undefined,
  ): ConnectorSetupView {
    return {
      connectorId: definition.id,
      clientId: stored?.clientId ?? null,
      hasClientSecret: stored?.hasClientSecret ?? false,
      authoriseUrl: stored?.authoriseUrl ?? definition.auth.authoriseUrl,
      accessTokenUrl: stored?.accessTokenUrl ?? definition.auth.accessTokenUrl,
      apiBaseUrl: stored?.apiBaseUrl ?? definition.api.baseUrl,
      scopes: stored?.scopes ?? definition.auth.defaultScopes,
      tokenAuthMethod: stored?.tokenAuthMethod ?? definition.auth.tokenAuthMethod,
      issuer: stored?.issuer ?? null,
      requestsPerHour: stored?.requestsPerHour ?? definition.rateLimits.requestsPerHour,
      updatedAt: stored?.updatedAt ?? null,
    };
  }

  async view(definition: ConnectorDefinition): Promise<ConnectorSetupView> {
    // The view only says whether a secret is stored, so the secret is not decrypted for it.
    return this.merge(definition, await this.store.findSummary(definition.id));
  }

  /** The setup with its secret, or a 409 saying what the partner still has to fill in. */
  async resolve(definition: ConnectorDefinition): Promise<ResolvedConnectorSetup> {
    const stored = await this.store.find(definition.id);
    const view = this.merge(definition, summaryOf(stored));
    if (!view.clientId || !stored?.clientSecret) {
      throw new PlugboardError(
        'connector_not_set_up',
        `Connector '${definition.name} ${definition.version}' is not set up: enter its Client ID and Client Secret first.`,
      );
    }
    const { hasClientSecret: _omit, ...rest } = view;
    return { ...rest, clientId: view.clientId, clientSecret: stored.clientSecret };
  }

  /** Applies a partial update; fields absent from `changes` stay as they are, `null` or "" resets to the default. */
  async update(definition: ConnectorDefinition, changes: ConnectorSetupChanges): Promise<ConnectorSetupView> {
    const stored = await this.store.find(definition.id);
    const method = checkText('TokenAuthMethod', changes.tokenAuthMethod, 40);
    if (
      method !== undefined &&
      method !== null &&
      method !== 'client_secret_post' &&
      method !== 'client_secret_basic'
    ) {
      throw new PlugboardError(
        'invalid_parameter',
        'TokenAuthMethod must be client_secret_post or client_secret_basic.',
      );
    }
    const perHour = changes.requestsPerHour;
    if (
      perHour !== undefined &&
      perHour !== null &&
      (!Number.isInteger(perHour) || perHour < 0 || perHour > 10_000_000)
    ) {
      throw new PlugboardError(
        'invalid_parameter',
        'RequestsPerHour must be a whole number from 0 (no budget) up.',
      );
    }
    const policy = await this.outboundPolicy();
    const accessTokenUrl = checkCalledUrl('AccessTokenUrl', changes.accessTokenUrl, policy);
    if (accessTokenUrl) checkRevocationUrls(definition, accessTokenUrl, policy);
    const pick = <T>(change: T | undefined, current: T | null | undefined): T | null =>
      change === undefined ? (current ?? null) : change;
    const next: StoredConnectorSetup = {
      connectorId: definition.id,
      clientId: pick(checkText('ClientId', changes.clientId, 500), stored?.clientId),
      clientSecret: pick(checkText('ClientSecret', changes.clientSecret, 2000), stored?.clientSecret),
      authoriseUrl: pick(checkUrl('AuthoriseUrl', changes.authoriseUrl), stored?.authoriseUrl),
      accessTokenUrl: pick(accessTokenUrl, stored?.accessTokenUrl),
      apiBaseUrl: pick(checkApiBaseUrl(changes.apiBaseUrl, policy), stored?.apiBaseUrl),
      scopes: pick(checkText('Scopes', changes.scopes, 1000), stored?.scopes),
      tokenAuthMethod: pick(method as TokenAuthMethod | null | undefined, stored?.tokenAuthMethod),
      issuer: pick(checkUrl('Issuer', changes.issuer), stored?.issuer),
      requestsPerHour: pick(perHour, stored?.requestsPerHour),
      updatedAt: this.clock(),
    };
    await this.store.save(next);
    return this.merge(definition, summaryOf(next));
  }
}
