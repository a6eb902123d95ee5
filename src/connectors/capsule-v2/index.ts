import type { ConnectorDefinition } from '../connector-definition.ts';
import { CAPSULE_ICON } from './icon.ts';
import { CAPSULE_METHODS } from './methods.ts';
import { CAPSULE_WEBHOOKS } from './webhook-events.ts';

/** Capsule CRM API v2 (https://developer.capsulecrm.com/v2/). */
export const CAPSULE_V2: ConnectorDefinition = {
  id: 5801,
  name: 'Capsule',
  version: 'v2',
  description: 'Capsule CRM: people, organisations, opportunities, projects, tasks and notes.',
  icon: CAPSULE_ICON,
  categories: ['CRM'],
  auth: {
    type: 'OAuth2',
    grant: 'AuthorisationCode',
    authoriseUrl: 'https://api.capsulecrm.com/oauth/authorise?scope=read+write',
    accessTokenUrl: 'https://api.capsulecrm.com/oauth/token',
    // Capsule's docs say /oauth/token/revoke, its discovery document /oauth/revoke: try both.
    revocationUrls: ['token/revoke', 'revoke'],
    defaultScopes: null,
    tokenAuthMethod: 'client_secret_post',
    pkce: 'S256',
    // Capsule's discovery document does not announce RFC 9207 support.
    issParameterSupported: false,
    tokenMetadataFields: ['subdomain'],
    refreshMarginSeconds: 15 * 60,
    keepAliveSeconds: 24 * 60 * 60,
  },
  api: {
    baseUrl: 'https://api.capsulecrm.com/api/v2',
    headers: { Accept: 'application/json' },
  },
  properties: [],
  rateLimits: {
    requestsPerHour: 4000,
    headers: {
      limit: 'X-RateLimit-Limit',
      remaining: 'X-RateLimit-Remaining',
      reset: 'X-RateLimit-Reset',
      resetFormat: 'epoch-seconds',
    },
    defaultBackoffSeconds: 60,
  },
  retry: {
    maxAttempts: 3,
    retryStatuses: [502, 503, 504],
    idempotentMethods: ['GET', 'DELETE'],
    retryNetworkErrors: true,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
  },
  errors: {
    messagePath: 'message',
    detailsPath: 'errors',
    unauthorizedStatuses: [401],
  },
  methods: CAPSULE_METHODS,
  changeTracking: { recordId: 'id', changeStamp: 'updatedAt' },
  webhooks: CAPSULE_WEBHOOKS,
};
