import { describeTenantIsolation, type IsolationKit } from '../support/isolation-cases.ts';
import { installGenericWebhookCycle as genericCycle } from '../support/isolation-cycles.ts';

/** A fresh event endpoint (partner-wide: endpoints belong to the partner, not to an account). */
async function endpoint(kit: IsolationKit): Promise<string> {
  const response = await kit.call('POST', '/v1.0/webhooks/endpoints', {
    body: { Url: 'https://receiver.example/events', EventTypes: ['cycle.*'] },
  });
  if (response.status !== 200) throw new Error(`endpoint failed: ${response.text}`);
  return response.json().Id;
}

async function connection(account: string, kit: IsolationKit): Promise<number> {
  const response = await kit.call('POST', '/v1.0/connectors/Capsule/v2/install', {
    account,
    body: { Name: `probe-${Math.random().toString(36).slice(2)}` },
  });
  if (response.status !== 200) throw new Error(`install failed: ${response.text}`);
  return response.json().Id;
}

describeTenantIsolation(
  'event endpoints, deliveries, webhook subscriptions and generic webhook URLs',
  [
    {
      name: 'GET /v1.0/webhooks/endpoints',
      method: 'GET',
      access: 'partner-wide',
      url: () => '/v1.0/webhooks/endpoints',
    },
    {
      name: 'POST /v1.0/webhooks/endpoints',
      method: 'POST',
      access: 'partner-wide',
      url: () => '/v1.0/webhooks/endpoints',
      body: () => ({ Url: 'https://receiver.example/x' }),
    },
    {
      name: 'GET /v1.0/webhooks/endpoints/{id}',
      method: 'GET',
      access: 'partner-wide',
      url: async (_, kit) => `/v1.0/webhooks/endpoints/${await endpoint(kit)}`,
    },
    {
      name: 'PUT /v1.0/webhooks/endpoints/{id}',
      method: 'PUT',
      access: 'partner-wide',
      url: async (_, kit) => `/v1.0/webhooks/endpoints/${await endpoint(kit)}`,
      body: () => ({ Enabled: false }),
    },
    {
      name: 'DELETE /v1.0/webhooks/endpoints/{id}',
      method: 'DELETE',
      access: 'partner-wide',
      url: async (_, kit) => `/v1.0/webhooks/endpoints/${await endpoint(kit)}`,
    },
    {
      name: 'POST /v1.0/webhooks/endpoints/{id}/rotate-secret',
      method: 'POST',
      access: 'partner-wide',
      url: async (_, kit) => `/v1.0/webhooks/endpoints/${await endpoint(kit)}/rotate-secret`,
    },
    {
      name: 'GET /v1.0/webhooks/endpoints/{id}/deliveries',
      method: 'GET',
      access: 'partner-wide',
      url: async (_, kit) => `/v1.0/webhooks/endpoints/${await endpoint(kit)}/deliveries`,
    },
    {
      name: 'POST /v1.0/webhooks/endpoints/{id}/replay',
      method: 'POST',
      access: 'partner-wide',
      url: async (_, kit) => `/v1.0/webhooks/endpoints/${await endpoint(kit)}/replay`,
      body: () => ({ Since: '2026-01-01T00:00:00Z' }),
    },
    {
      name: 'GET /v1.0/account/connectors/{id}/webhooks',
      method: 'GET',
      access: 'account',
      url: async (account, kit) => `/v1.0/account/connectors/${await connection(account, kit)}/webhooks`,
    },
    {
      name: 'GET /v1.0/cycles/{id}/webhook-url',
      method: 'GET',
      access: 'account',
      url: async (account, kit) => `/v1.0/cycles/${await genericCycle(account, kit)}/webhook-url`,
    },
    {
      name: 'POST /v1.0/cycles/{id}/webhook-url',
      method: 'POST',
      access: 'account',
      url: async (account, kit) => `/v1.0/cycles/${await genericCycle(account, kit)}/webhook-url`,
    },
  ],
  { env: { PLUGBOARD_PUBLIC_URL: 'http://127.0.0.1:9' } },
);
