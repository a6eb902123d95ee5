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
    name: 'PUT /v1.0/accounts/{id}/users',
    method: 'PUT',
    access: 'partner',
    accountInPath: true,
    url: (account) => `/v1.0/accounts/${account}/users`,
    body: () => ({ UserName: 'probe', Password: 'probe-password' }),
  },
  {
    name: 'DELETE /v1.0/accounts/{id}/users',
    method: 'DELETE',
    access: 'partner',
    accountInPath: true,
    url: async (account, kit) => {
      // A fresh user to remove each time; for an account that does not exist this answers 404.
      await kit.call('PUT', `/v1.0/accounts/${account}/users`, { body: { UserName: 'probe' } });
      return `/v1.0/accounts/${account}/users`;
    },
    body: () => ({ UserName: 'probe' }),
  },
  {
    name: 'PUT /v1.0/users',
    method: 'PUT',
    access: 'account',
    url: async (account, kit) => {
      await kit.call('PUT', `/v1.0/accounts/${account}/users`, { body: { UserName: 'probe' } });
      return '/v1.0/users';
    },
    body: () => ({ UserName: 'probe', Password: 'probe-password' }),
  },
  {
    name: 'GET /v1.0/accounts/{id}/usage',
    method: 'GET',
    access: 'partner',
    accountInPath: true,
    url: (account) => `/v1.0/accounts/${account}/usage`,
  },
  {
    name: 'GET /v1.0/accounts/{id}/subaccounts',
    method: 'GET',
    access: 'partner',
    accountInPath: true,
    url: (account) => `/v1.0/accounts/${account}/subaccounts`,
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
