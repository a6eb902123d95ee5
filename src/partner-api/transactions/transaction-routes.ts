import type { HttpServer } from '../../http/build-server.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';
import { getTransaction } from './get-transaction.ts';
import { listIncidents } from './list-incidents.ts';
import { listTransactions } from './list-transactions.ts';
import { retryTransaction } from './retry-transaction.ts';

/** Transactions with their step data, retries and incidents. */
export async function transactionRoutes(v1: HttpServer, deps: PartnerApiDependencies): Promise<void> {
  listTransactions(v1, deps);
  getTransaction(v1, deps);
  retryTransaction(v1, deps);
  listIncidents(v1, deps);
}
