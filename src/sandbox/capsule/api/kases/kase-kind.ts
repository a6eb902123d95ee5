import { deleteKase } from '../../model/cascade-deletes.ts';
import type { KaseRecord } from '../../model/records.ts';
import type { SandboxContext } from '../../sandbox-context.ts';
import { type EntityKind, UNSAVED_ID } from '../entity-kind.ts';
import { commonTaggedFields, type FilterField, ownerValues } from '../filter-conditions.ts';
import { partyName } from '../references.ts';
import { KASE_EMBEDS, presentKase } from './kase-presenter.ts';
import { applyKaseInput } from './kase-writes.ts';

/** Kases (projects) for the shared entity routes. */
export function kaseKind(ctx: SandboxContext): EntityKind<KaseRecord> {
  const { state } = ctx;
  return {
    collection: 'kases',
    singular: 'kase',
    embeds: KASE_EMBEDS,
    records: state.kases,
    deletions: state.deletions.kases,
    present: (kase, embeds) => presentKase(state, kase, embeds),
    create: (input) => ({
      ...applyKaseInput(state, undefined, input, { id: UNSAVED_ID, now: ctx.now() }).record,
      id: state.nextId('kase'),
    }),
    update: (current, input) => applyKaseInput(state, current, input, { id: current.id, now: ctx.now() }),
    remove: (kase) => deleteKase(state, kase.id, ctx.now()),
    searchText: (kase) => {
      const party = state.parties.get(kase.partyId);
      return [kase.name, kase.description, party === undefined ? '' : partyName(party)].join(' ');
    },
    filterField: (name) => kaseFilterField(ctx, name),
  };
}

function kaseFilterField(ctx: SandboxContext, name: string): FilterField<KaseRecord> | undefined {
  const { state } = ctx;
  const fields: Record<string, FilterField<KaseRecord>> = {
    name: { kind: 'text', values: (kase) => [kase.name] },
    status: { kind: 'text', values: (kase) => [kase.status] },
    stage: {
      kind: 'text',
      values: (kase) => {
        const stage = kase.stageId === null ? undefined : state.stages.get(kase.stageId);
        return stage === undefined ? [] : [stage.name, String(stage.id)];
      },
    },
    owner: { kind: 'text', values: (kase) => ownerValues(state, kase.ownerId) },
    isOpen: { kind: 'boolean', values: (kase) => [kase.status === 'OPEN'] },
    closedOn: { kind: 'date', values: (kase) => [kase.closedOn] },
    expectedCloseOn: { kind: 'date', values: (kase) => [kase.expectedCloseOn] },
  };
  return fields[name] ?? commonTaggedFields<KaseRecord>(name, 'kases', state);
}
