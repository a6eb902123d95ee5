import { expect } from 'vitest';
import type { PartnerClient } from '../../support/partner-client.ts';

/** Polls `probe` until it returns a value, within `timeoutMs` (CPU is shared: bounds are generous). */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  what = 'a condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface TransactionView {
  Id: string;
  Status: string;
  CurrentStepKey: string | null;
  ReasonCode: number | null;
  Message: string | null;
}

/** Every transaction of a cycle (all pages). */
export async function allTransactions(
  partner: PartnerClient,
  account: string,
  cycleId: string,
): Promise<TransactionView[]> {
  const out: TransactionView[] = [];
  for (let page = 1; ; page++) {
    const reply = await partner.call(
      'GET',
      `/v1.0/cycles/${cycleId}/transactions?pageSize=1000&page=${page}`,
      { account },
    );
    expect(reply.status).toBe(200);
    const items = reply.json() as TransactionView[];
    out.push(...items);
    if (items.length < 1000) return out;
  }
}

/** Waits until the cycle is paused (a RunOnce finished its poll) and no transaction is still on its way. */
export async function settled(
  partner: PartnerClient,
  account: string,
  cycleId: string,
  timeoutMs = 60_000,
): Promise<TransactionView[]> {
  return eventually(
    async () => {
      const cycle = (await partner.call('GET', `/v1.0/cycles/${cycleId}`, { account })).json();
      if (cycle.Status === 'Active') return undefined;
      const transactions = await allTransactions(partner, account, cycleId);
      return transactions.some((t) => t.Status === 'Queued' || t.Status === 'Running')
        ? undefined
        : transactions;
    },
    timeoutMs,
    'the cycle to settle',
  );
}
