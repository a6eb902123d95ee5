import { describeTenantIsolation } from '../support/isolation-cases.ts';

describeTenantIsolation('accounts, sign-in tokens and settings', [
  { name: 'GET /v1.0/accounts', method: 'GET', access: 'partner-wide', url: () => '/v1.0/accounts' },
  {
    name: 'POST /v1.0/accounts',
    method: 'POST',
    access: 'partner-wide',
    url: () => '/v1.0/accounts',
    body: () => ({ Name: 'Isolation probe' }),
  },
  {
    name: 'GET /v1.0/accounts/{id}',
    method: 'GET',
    access: 'partner',
    accountInPath: true,
    url: (account) => `/v1.0/accounts/${account}`,
  },
  {
    name: 'PUT /v1.0/accounts/{id}',
    method: 'PUT',
    access: 'partner',
    accountInPath: true,
    url: (account) => `/v1.0/accounts/${account}`,
    body: () => ({ Description: 'changed by the isolation probe' }),
  },
  {
    name: 'DELETE /v1.0/accounts/{id}',
    method: 'DELETE',
    access: 'partner',
    accountInPath: true,
    url: (account) => `/v1.0/accounts/${account}`,
  },
  {
    name: 'GET /v1.0/accounts/{id}/users',
    method: 'GET',
    access: 'partner',
    accountInPath: true,
    url: (account) => `/v1.0/accounts/${account}/users`,
  },
  {
    name: 'POST /v1.0/accounts/{id}/signintoken',
    method: 'POST',
    access: 'partner',
    accountInPath: true,
    url: (account) => `/v1.0/accounts/${account}/signintoken`,
    body: () => ({ Username: 'probe' }),
  },
  { name: 'GET /v1.0/settings', method: 'GET', access: 'partner-wide', url: () => '/v1.0/settings' },
  {
    name: 'PUT /v1.0/settings',
    method: 'PUT',
    access: 'partner-wide',
    url: () => '/v1.0/settings',
    body: () => ({ AllowedOrigins: ['https://isolation.example.com'] }),
  },
]);
