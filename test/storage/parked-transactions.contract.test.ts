import { expect, it } from 'vitest';
import { findResumable } from '../../src/domain/cycle-engine/reauthentication-resume.ts';
import type { Cycle } from '../../src/domain/cycles/cycle.ts';
import type { CycleTransaction } from '../../src/domain/cycles/cycle-run.ts';
import type { Stores } from '../../src/domain/stores.ts';
import type { TemplateDocument } from '../../src/domain/templates/template-document.ts';
import { accountRow } from '../support/account-rows.ts';
import { cycleRow, insertTemplateRelease, transactionRow } from '../support/cycle-rows.ts';
import { describeOnEachDatabase } from '../support/each-database.ts';

const DOCUMENT: TemplateDocument = { Name: 'Parked', Connectors: [], Steps: [] };

const cycle = (id: string, accountId: string, connectorId: number): Cycle =>
  cycleRow({ id, accountId, templateId: 'parked-template' }, DOCUMENT, {
    connectors: { capsule: connectorId },
  });

const parked = (id: string, cycleId: string, accountId: string): CycleTransaction =>
  transactionRow(
    { id, cycleId, accountId },
    {
      status: 'Waiting',
      item: {},
      reasonCode: 20,
      message: 'The connection needs re-authentication.',
      startedAt: 1,
    },
  );

async function connection(stores: Stores, accountId: string, name: string, authenticated: boolean) {
  const created = await stores.accountConnectors.insert({
    accountId,
    connectorId: 1,
    name,
    description: null,
    createdAt: 1,
  });
  if (authenticated) {
    await stores.connectorCredentials.storeCredentials(
      created.id,
      {
        accessToken: 'a',
        refreshToken: 'r',
        tokenType: 'bearer',
        expiresAt: 10_000_000,
        refreshExpiresAt: null,
        scope: null,
        metadata: {},
      },
      2,
    );
  }
  return created.id;
}

describeOnEachDatabase('Parked transactions and the cycles bound to a connection', (fixture) => {
  it('finds resumable transactions past a page of ones still blocked, and only cycles of the connection', async () => {
    const { stores } = fixture().storage;
    await stores.accounts.insert(accountRow('parked-acme'));
    await stores.accounts.insert(accountRow('parked-other'));
    await insertTemplateRelease(stores, 'parked-template', DOCUMENT);
    const broken = await connection(stores, 'parked-acme', 'broken', false);
    const working = await connection(stores, 'parked-acme', 'working', true);
    const elsewhere = await connection(stores, 'parked-other', 'elsewhere', true);
    await stores.cycles.insert(cycle('parked-blocked', 'parked-acme', broken), []);
    await stores.cycles.insert(cycle('parked-ready', 'parked-acme', working), []);
    await stores.cycles.insert(cycle('parked-foreign', 'parked-other', elsewhere), []);
    // Ids sort the blocked ones first: three pages of two before anything can resume.
    for (const n of [1, 2, 3, 4, 5, 6])
      await stores.cycleRuns.insertTransaction(parked(`a-blocked-${n}`, 'parked-blocked', 'parked-acme'));
    for (const n of [1, 2, 3])
      await stores.cycleRuns.insertTransaction(parked(`b-ready-${n}`, 'parked-ready', 'parked-acme'));

    const firstTwo = await findResumable(stores, 2, 'parked-acme');
    expect(firstTwo.ready.map((t) => t.id)).toEqual(['b-ready-1', 'b-ready-2']);
    expect(firstTwo.more).toBe(true);
    const all = await findResumable(stores, 10);
    expect(all.ready.map((t) => t.id)).toEqual(['b-ready-1', 'b-ready-2', 'b-ready-3']);
    expect(all.more).toBe(false);
    expect((await findResumable(stores, 2, 'parked-other')).ready).toEqual([]);

    const usingWorking = await stores.cycles.activeUsingAccountConnector(working);
    expect(usingWorking.map((c) => c.id)).toEqual(['parked-ready']);
    expect((await stores.cycles.activeUsingAccountConnector(elsewhere)).map((c) => c.id)).toEqual([
      'parked-foreign',
    ]);
    await stores.cycles.update('parked-ready', { status: 'Paused', updatedAt: 3 });
    expect(await stores.cycles.activeUsingAccountConnector(working)).toEqual([]);
  });
});
