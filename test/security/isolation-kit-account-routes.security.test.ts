import { vi } from 'vitest';
import { describeTenantIsolation } from '../support/isolation-cases.ts';

/**
 * The kit's account-scoped checks, run against two small account-scoped routes added for this test
 * only (the real ones come with account connectors): one without ids, one that looks up a user of
 * the account by name, so "another account's ids → 404" has something to bite on.
 */
vi.mock('../../src/partner-api/accounts/account-routes.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/partner-api/accounts/account-routes.ts')>();
  const { accountOf } = await import('../../src/partner-api/auth/route-access.ts');
  const { notFound } = await import('../../src/domain/errors.ts');
  return {
    accountRoutes: async (...args: Parameters<typeof original.accountRoutes>) => {
      const [v1, deps] = args;
      await original.accountRoutes(...args);
      v1.get('/account/probe', { config: { access: 'account' } }, async (request) => ({
        AccountId: accountOf(request),
      }));
      v1.get<{ Params: { username: string } }>(
        '/account/users/:username',
        { config: { access: 'account' } },
        async (request) => {
          const users = await deps.accountService.listUsers(accountOf(request), { offset: 0, limit: 1000 });
          if (!users.items.includes(request.params.username)) throw notFound('User not found.');
          return { Username: request.params.username };
        },
      );
    },
  };
});

describeTenantIsolation('the kit on account-scoped routes', [
  { name: 'GET /v1.0/account/probe', method: 'GET', access: 'account', url: () => '/v1.0/account/probe' },
  {
    name: 'GET /v1.0/account/users/{username}',
    method: 'GET',
    access: 'account',
    url: async (account, kit) => {
      const username = `user-of-${account}`;
      await kit.call('POST', `/v1.0/accounts/${account}/signintoken`, { body: { Username: username } });
      return `/v1.0/account/users/${username}`;
    },
  },
]);
