import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { createAccount } from './create-account.ts';
import { deleteAccount } from './delete-account.ts';
import { getAccount } from './get-account.ts';
import { listAccountUsers } from './list-account-users.ts';
import { listAccounts } from './list-accounts.ts';
import { updateAccount } from './update-account.ts';

/** Cyclr's account API: `/v1.0/accounts[/{id}[/users]]`. */
export async function accountRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listAccounts(v1, deps);
  createAccount(v1, deps);
  getAccount(v1, deps);
  updateAccount(v1, deps);
  deleteAccount(v1, deps);
  listAccountUsers(v1, deps);
}
