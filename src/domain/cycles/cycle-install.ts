import { randomUUID } from 'node:crypto';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import { PlugboardError } from '../errors.ts';
import type { Stores } from '../stores.ts';
import type { TemplateRelease } from '../templates/template.ts';
import { effectiveSettings, type TemplateDocument } from '../templates/template-document.ts';
import { resolveConnectors } from '../templates/template-validation.ts';
import type { Cycle, CycleStep } from './cycle.ts';

export interface InstallRequest {
  readonly name?: string | undefined;
  /** Template connector Key → an account connector of the account to bind. */
  readonly accountConnectors?: Readonly<Record<string, number>> | undefined;
  /** Overrides the template's `Settings.LogStepDataRequests` for this cycle. */
  readonly logStepDataRequests?: boolean | undefined;
}

/** The document with `Settings.LogStepDataRequests` set (the cycle's own choice over its template's). */
export function withStepDataLogging(document: TemplateDocument, on: boolean): TemplateDocument {
  return { ...document, Settings: { ...(document.Settings ?? {}), LogStepDataRequests: on } };
}

async function freeConnectorName(tx: Stores, accountId: string, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base} (${n})`;
    if ((await tx.accountConnectors.findIdByName(accountId, candidate)) === undefined) return candidate;
  }
}

/** The steps of a document, each with a new stable Id. */
export function newSteps(cycleId: string, release: TemplateRelease): CycleStep[] {
  return release.document.Steps.map((s, position) => ({ id: randomUUID(), cycleId, key: s.Key, position }));
}

/**
 * Installs `release` into the account inside `tx`: binds each template connector to the account
 * connector given for its Key, or installs a new, unauthenticated one (as Cyclr does).
 */
export async function installCycle(
  tx: Stores,
  catalog: ConnectorCatalog,
  accountId: string,
  release: TemplateRelease,
  request: InstallRequest,
  now: number,
): Promise<Cycle> {
  const document =
    request.logStepDataRequests === undefined
      ? release.document
      : withStepDataLogging(release.document, request.logStepDataRequests);
  const definitions = resolveConnectors(document, catalog);
  const given = request.accountConnectors ?? {};
  for (const key of Object.keys(given)) {
    if (!definitions.has(key))
      throw new PlugboardError(
        'invalid_parameter',
        `The template has no connector '${key}' (AccountConnectors).`,
      );
  }
  const connectors: Record<string, number> = {};
  for (const [key, definition] of definitions) {
    const id = given[key];
    if (id !== undefined) {
      const connector = await tx.accountConnectors.find(accountId, id);
      if (!connector) throw new PlugboardError('not_found', `Account connector ${id} was not found.`);
      if (connector.connectorId !== definition.id)
        throw new PlugboardError(
          'invalid_parameter',
          `Account connector ${id} is not a ${definition.name} ${definition.version} connector (template connector '${key}').`,
        );
      connectors[key] = id;
    } else {
      const created = await tx.accountConnectors.insert({
        accountId,
        connectorId: definition.id,
        name: await freeConnectorName(tx, accountId, `${definition.name} ${definition.version}`),
        description: null,
        createdAt: now,
      });
      connectors[key] = created.id;
    }
  }
  const name = request.name?.trim() || document.Name;
  if (name.length > 200)
    throw new PlugboardError('invalid_parameter', 'Name must be at most 200 characters.');
  const id = randomUUID();
  const cycle: Cycle = {
    id,
    accountId,
    templateId: release.templateId,
    releaseNumber: release.releaseNumber,
    name,
    description: document.Description ?? null,
    status: 'Paused',
    document,
    connectors,
    intervalMinutes: effectiveSettings(document.Settings).Interval,
    startTime: null,
    runOnce: false,
    generation: 0,
    nextRunAt: null,
    highWaterMark: null,
    lastRunAt: null,
    activatedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await tx.cycles.insert(cycle, newSteps(id, release));
  return cycle;
}
