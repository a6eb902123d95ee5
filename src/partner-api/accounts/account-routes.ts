import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { createAccount } from './create-account.ts';
import { deleteAccount } from './delete-account.ts';
import { deleteAccountUser } from './delete-account-user.ts';
import { getAccount } from './get-account.ts';
import { getAccountUsage } from './get-account-usage.ts';
import { listAccountUsers } from './list-account-users.ts';
import { listAccounts } from './list-accounts.ts';
import { listSubAccounts } from './list-sub-accounts.ts';
import { putAccountUser } from './put-account-user.ts';
import { putUser } from './put-user.ts';
import { updateAccount } from './update-account.ts';

/** Cyclr's account API: `/v1.0/accounts[/{id}[/users|/usage|/subaccounts]]` and `/v1.0/users`. */
export async function accountRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listAccounts(v1, deps);
  createAccount(v1, deps);
  getAccount(v1, deps);
  updateAccount(v1, deps);
  deleteAccount(v1, deps);
  listAccountUsers(v1, deps);
  putAccountUser(v1, deps);
  deleteAccountUser(v1, deps);
  putUser(v1, deps);
  getAccountUsage(v1, deps);
  listSubAccounts(v1, deps);
}
