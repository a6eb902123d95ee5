import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import { FIXTURE_CONNECTOR } from '../support/fixture-connectors.ts';
import { describeTenantIsolation, type IsolationKit } from '../support/isolation-cases.ts';

const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

/** Installs a connector in `account` and returns its id (a fresh one for every request). */
async function installed(
  account: string,
  kit: IsolationKit,
  connector = 'Capsule/v2',
  properties?: unknown,
): Promise<number> {
  const response = await kit.call('POST', `/v1.0/connectors/${connector}/install`, {
    account,
    body: {
      Name: `probe-${Math.random().toString(36).slice(2)}`,
      ...(properties ? { Properties: properties } : {}),
    },
  });
  if (response.status !== 200) throw new Error(`install failed: ${response.text}`);
  return response.json().Id;
}

async function withProperty(account: string, kit: IsolationKit): Promise<string> {
  const id = await installed(account, kit, String(FIXTURE_CONNECTOR.id), [{ Name: 'Region', Value: 'eu' }]);
  const properties = await kit.call('GET', `/v1.0/account/connectors/${id}/properties`, { account });
  return `/v1.0/account/connectors/${id}/properties/${properties.json()[0].Id}`;
}

describeTenantIsolation(
  'connector catalog, setup, installs, account connectors, properties, data on demand and proxy',
  [
    { name: 'GET /v1.0/connectors', method: 'GET', access: 'partner', url: () => '/v1.0/connectors' },
    {
      name: 'GET /v1.0/connectors/{id}',
      method: 'GET',
      access: 'partner',
      url: () => `/v1.0/connectors/${CAPSULE_V2.id}`,
    },
    {
      name: 'GET /v1.0/connectors/{id}/methods',
      method: 'GET',
      access: 'partner',
      url: () => `/v1.0/connectors/${CAPSULE_V2.id}/methods`,
    },
    {
      name: 'GET /v1.0/methods/{id}',
      method: 'GET',
      access: 'partner',
      url: () => `/v1.0/methods/${LIST_PARTIES}`,
    },
    {
      name: 'GET /v1.0/connectors/{id}/setup',
      method: 'GET',
      access: 'partner-wide',
      url: () => `/v1.0/connectors/${CAPSULE_V2.id}/setup`,
    },
    {
      name: 'PUT /v1.0/connectors/{id}/setup',
      method: 'PUT',
      access: 'partner-wide',
      url: () => `/v1.0/connectors/${CAPSULE_V2.id}/setup`,
      body: () => ({ Scopes: 'read write' }),
    },
    {
      name: 'POST /v1.0/connectors/{id}/install',
      method: 'POST',
      access: 'account',
      url: () => `/v1.0/connectors/${CAPSULE_V2.id}/install`,
      body: () => ({ Name: `probe-${Math.random().toString(36).slice(2)}` }),
    },
    {
      name: 'GET /v1.0/account/connectors',
      method: 'GET',
      access: 'account',
      url: () => '/v1.0/account/connectors',
    },
    {
      name: 'GET /v1.0/account/connectors/{id}',
      method: 'GET',
      access: 'account',
      url: async (account, kit) => `/v1.0/account/connectors/${await installed(account, kit)}`,
    },
    {
      name: 'PUT /v1.0/account/connectors/{id}',
      method: 'PUT',
      access: 'account',
      url: async (account, kit) => `/v1.0/account/connectors/${await installed(account, kit)}`,
      body: () => ({ Description: 'changed by the isolation probe' }),
    },
    {
      name: 'DELETE /v1.0/account/connectors/{id}',
      method: 'DELETE',
      access: 'account',
      url: async (account, kit) => `/v1.0/account/connectors/${await installed(account, kit)}`,
    },
    {
      name: 'PUT /v1.0/account/connectors/{id}/deauthenticate',
      method: 'PUT',
      access: 'account',
      url: async (account, kit) => `/v1.0/account/connectors/${await installed(account, kit)}/deauthenticate`,
    },
    {
      name: 'GET /v1.0/account/connectors/{id}/properties',
      method: 'GET',
      access: 'account',
      url: async (account, kit) => `/v1.0/account/connectors/${await installed(account, kit)}/properties`,
    },
    {
      name: 'POST /v1.0/account/connectors/{id}/properties',
      method: 'POST',
      access: 'account',
      url: async (account, kit) =>
        `/v1.0/account/connectors/${await installed(account, kit, String(FIXTURE_CONNECTOR.id))}/properties`,
      body: () => ({ Name: 'Region', Value: 'us' }),
    },
    { name: 'GET …/properties/{pid}', method: 'GET', access: 'account', url: withProperty },
    {
      name: 'PUT …/properties/{pid}',
      method: 'PUT',
      access: 'account',
      url: withProperty,
      body: () => ({ Value: 'us' }),
    },
    { name: 'DELETE …/properties/{pid}', method: 'DELETE', access: 'account', url: withProperty },
    {
      name: 'POST /v1.0/account/connectors/{id}/methods/{guid} (not yet authenticated: 409)',
      method: 'POST',
      access: 'account',
      url: async (account, kit) =>
        `/v1.0/account/connectors/${await installed(account, kit)}/methods/${LIST_PARTIES}`,
      body: () => ({ Parameters: { perPage: 1 } }),
      okStatus: 409,
    },
    {
      name: 'GET /v1.0/account/connectors/{id}/proxy/{path} (not yet authenticated: 409)',
      method: 'GET',
      access: 'account',
      url: async (account, kit) => `/v1.0/account/connectors/${await installed(account, kit)}/proxy/parties`,
      okStatus: 409,
    },
  ],
  { connectors: [CAPSULE_V2, FIXTURE_CONNECTOR] },
);
