import { describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../../connectors/capsule-v2/index.ts';
import type {
  AccountConnector,
  AccountConnectorProperty,
} from '../../domain/account-connectors/account-connector.ts';
import type { AccountConnectorService } from '../../domain/account-connectors/account-connector-service.ts';
import { accountConnectorListJson, accountConnectorView } from './account-connector-view.ts';

const service = { definitionOf: () => CAPSULE_V2 } as unknown as AccountConnectorService;

function connector(id: number, changes: Partial<AccountConnector> = {}): AccountConnector {
  return {
    id,
    accountId: 'acct-"1"',
    connectorId: CAPSULE_V2.id,
    name: `Capsule ${id}`,
    description: null,
    authStatus: 'Unauthenticated',
    credentialsVersion: 0,
    tokenExpiresAt: null,
    authenticatedAt: null,
    lastRefreshAt: null,
    lastUsedAt: null,
    lastError: null,
    lastErrorAt: null,
    refreshFailures: 0,
    refreshBlockedUntil: null,
    rateLimitedUntil: null,
    createdAt: 1_764_000_000_123,
    updatedAt: 1_764_000_000_123,
    ...changes,
  };
}

describe('a page of account connectors as JSON', () => {
  it('is byte for byte the JSON of each connector view, whatever the text in it', async () => {
    const connectors = [
      connector(1),
      connector(2, {
        name: 'Qu"ote\\ back\nline \u2028 ünïcode 😀 \u0001',
        description: '</script> & <b>',
        authStatus: 'Authenticated',
        authenticatedAt: 1_764_000_001_000,
        tokenExpiresAt: 1_764_003_600_999,
        lastRefreshAt: 0,
        lastError: 'refresh failed: "invalid_grant"',
        lastErrorAt: 1_764_000_002_500,
      }),
      connector(9_007_199_254, { description: '' }),
    ];
    const properties = new Map<number, AccountConnectorProperty[]>([
      [
        2,
        [
          { id: 7, accountConnectorId: 2, name: 'Region', value: 'eu' },
          { id: 8, accountConnectorId: 2, name: 'Empty "one"', value: null },
        ],
      ],
      [9_007_199_254, [{ id: 9, accountConnectorId: 9_007_199_254, name: 'Plan', value: '' }]],
    ]);
    const views = await Promise.all(
      connectors.map((c) => accountConnectorView(service, c, properties.get(c.id) ?? [])),
    );
    expect(accountConnectorListJson(service, connectors, properties)).toBe(JSON.stringify(views));
  });

  it('is an empty array for an empty page', () => {
    expect(accountConnectorListJson(service, [], new Map())).toBe('[]');
  });
});
