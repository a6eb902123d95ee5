import type { Cycle } from '../../src/domain/cycles/cycle.ts';
import type { CycleTransaction } from '../../src/domain/cycles/cycle-run.ts';
import type { Stores } from '../../src/domain/stores.ts';
import type { TemplateDocument } from '../../src/domain/templates/template-document.ts';

/** Stores a template named by its id (names are unique) whose one release (1) is `document`. */
export async function insertTemplateRelease(
  stores: Stores,
  templateId: string,
  document: TemplateDocument,
): Promise<void> {
  await stores.templates.insert({
    id: templateId,
    name: templateId,
    description: null,
    tags: [],
    latestRelease: 1,
    createdAt: 1,
    updatedAt: 1,
  });
  await stores.templates.insertRelease({ templateId, releaseNumber: 1, document, createdAt: 1 });
}

/** An active five-minute cycle row of release 1, bound to no connector unless `overrides` says. */
export function cycleRow(
  ids: { readonly id: string; readonly accountId: string; readonly templateId: string },
  document: TemplateDocument,
  overrides: Partial<Cycle> = {},
): Cycle {
  return {
    ...ids,
    releaseNumber: 1,
    name: document.Name,
    description: null,
    status: 'Active',
    document,
    connectors: {},
    intervalMinutes: 5,
    startTime: null,
    runOnce: false,
    generation: 1,
    nextRunAt: null,
    highWaterMark: null,
    lastRunAt: null,
    activatedAt: 1,
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

/** A transaction row at step `send`, queued unless `overrides` says. */
export function transactionRow(
  ids: { readonly id: string; readonly cycleId: string; readonly accountId: string },
  overrides: Partial<CycleTransaction> = {},
): CycleTransaction {
  return {
    ...ids,
    status: 'Queued',
    dedupeKey: ids.id,
    parentId: null,
    splitIndex: null,
    item: { id: ids.id },
    currentStep: 'send',
    stepAttempt: 0,
    reasonCode: null,
    message: null,
    releaseNumber: 1,
    createdAt: 1,
    startedAt: null,
    completedAt: null,
    updatedAt: 1,
    ...overrides,
  };
}
