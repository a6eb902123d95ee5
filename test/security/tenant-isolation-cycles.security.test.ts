import { describeTenantIsolation, type IsolationKit } from '../support/isolation-cases.ts';
import {
  installGenericWebhookCycle as cycle,
  importGenericWebhookTemplate as template,
} from '../support/isolation-cycles.ts';

/** The Http step of a fresh cycle of `account`. */
async function step(account: string, kit: IsolationKit): Promise<string> {
  const id = await cycle(account, kit);
  const steps = await kit.call('GET', `/v1.0/cycles/${id}/steps`, { account });
  if (steps.status !== 200) throw new Error(`steps failed: ${steps.text}`);
  const send = steps.json().find((s: { Name?: string; Key?: string }) => (s.Key ?? s.Name) === 'send');
  return (send ?? steps.json()[1]).Id;
}

const ofCycle = (path: string) => async (account: string, kit: IsolationKit) =>
  `/v1.0/cycles/${await cycle(account, kit)}${path}`;

describeTenantIsolation('cycles, their steps, transactions and incidents', [
  { name: 'GET /v1.0/cycles', method: 'GET', access: 'account', url: () => '/v1.0/cycles' },
  { name: 'GET /v1.0/cycles/{id}', method: 'GET', access: 'account', url: ofCycle('') },
  {
    name: 'PUT /v1.0/cycles/{id}',
    method: 'PUT',
    access: 'account',
    url: ofCycle(''),
    body: () => ({ Name: 'Renamed' }),
  },
  { name: 'DELETE /v1.0/cycles/{id}', method: 'DELETE', access: 'account', url: ofCycle('') },
  {
    name: 'PUT /v1.0/cycles/{id}/activate',
    method: 'PUT',
    access: 'account',
    url: ofCycle('/activate'),
    body: () => ({ Interval: 60 }),
  },
  { name: 'PUT /v1.0/cycles/{id}/deactivate', method: 'PUT', access: 'account', url: ofCycle('/deactivate') },
  {
    name: 'GET /v1.0/cycles/{id}/prerequisites',
    method: 'GET',
    access: 'account',
    url: ofCycle('/prerequisites'),
  },
  { name: 'GET /v1.0/cycles/{id}/steps', method: 'GET', access: 'account', url: ofCycle('/steps') },
  { name: 'GET /v1.0/cycles/{id}/edges', method: 'GET', access: 'account', url: ofCycle('/edges') },
  { name: 'GET /v1.0/cycles/{id}/variables', method: 'GET', access: 'account', url: ofCycle('/variables') },
  {
    name: 'PATCH /v1.0/cycles/{id}/variables',
    method: 'PATCH',
    access: 'account',
    url: ofCycle('/variables'),
    body: () => [{ SystemName: 'Target', Value: 'https://app.example.com/other' }],
  },
  {
    name: 'GET /v1.0/cycles/{id}/transactions',
    method: 'GET',
    access: 'account',
    url: ofCycle('/transactions'),
  },
  { name: 'GET /v1.0/cycles/{id}/incidents', method: 'GET', access: 'account', url: ofCycle('/incidents') },
  {
    name: 'GET /v1.0/cycles/incidents/error',
    method: 'GET',
    access: 'account',
    url: () => '/v1.0/cycles/incidents/error',
  },
  {
    name: 'GET /v1.0/steps/{id}/parameters',
    method: 'GET',
    access: 'account',
    url: async (account, kit) => `/v1.0/steps/${await step(account, kit)}/parameters`,
  },
  {
    name: 'GET /v1.0/steps/{id}/fieldmappings',
    method: 'GET',
    access: 'account',
    url: async (account, kit) => `/v1.0/steps/${await step(account, kit)}/fieldmappings`,
  },
  {
    name: 'POST /v1.0/templates/{id}/install',
    method: 'POST',
    access: 'account',
    url: async (_, kit) => `/v1.0/templates/${await template(kit)}/install`,
    body: () => ({}),
  },
]);
