import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { Clock } from '../clock.ts';
import { conflict, notFound, PlugboardError } from '../errors.ts';
import type { Stores } from '../stores.ts';
import { INTERVALS } from '../templates/template-document.ts';
import type { TemplateService } from '../templates/template-service.ts';
import type { Cycle, CycleStep } from './cycle.ts';
import { type InstallRequest, installCycle, withStepDataLogging } from './cycle-install.ts';
import type { CycleLifecycleHook } from './cycle-lifecycle.ts';
import { cyclePrerequisites, type Prerequisite } from './cycle-prerequisites.ts';
import { upgradedDocument } from './cycle-upgrade.ts';

export interface ActivationRequest {
  /** Epoch ms; default now. */
  readonly startTime?: number | undefined;
  /** Minutes, one of Cyclr's intervals; default the template's. */
  readonly interval?: number | undefined;
  readonly runOnce?: boolean | undefined;
}

/** Installs cycles and runs their life: activation, deactivation, edits, upgrades. */
export class CycleService {
  readonly #hooks: CycleLifecycleHook[] = [];

  constructor(
    private readonly stores: Stores,
    private readonly catalog: ConnectorCatalog,
    private readonly templates: TemplateService,
    private readonly clock: Clock,
  ) {}

  /** Adds work done inside activation and deactivation (the engine's scheduling, webhook subscriptions). */
  addLifecycleHook(hook: CycleLifecycleHook): void {
    this.#hooks.push(hook);
  }

  async install(accountId: string, templateId: string, request: InstallRequest): Promise<Cycle> {
    const release = await this.templates.release(templateId);
    return this.stores.transaction((tx) =>
      installCycle(tx, this.catalog, accountId, release, request, this.clock()),
    );
  }

  async get(accountId: string, id: string): Promise<Cycle> {
    const cycle = await this.stores.cycles.find(accountId, id);
    if (!cycle) throw notFound(`Cycle ${id} was not found.`);
    return cycle;
  }

  list(accountId: string, page: { offset: number; limit: number }) {
    return this.stores.cycles.list(accountId, page);
  }

  /** Each template connector's account connector and whether it is authenticated. */
  async bindings(cycle: Cycle): Promise<Map<string, { accountConnectorId: number; authenticated: boolean }>> {
    const out = new Map<string, { accountConnectorId: number; authenticated: boolean }>();
    for (const [key, id] of Object.entries(cycle.connectors)) {
      const connector = await this.stores.accountConnectors.find(cycle.accountId, id);
      out.set(key, { accountConnectorId: id, authenticated: connector?.authStatus === 'Authenticated' });
    }
    return out;
  }

  async steps(accountId: string, id: string): Promise<{ cycle: Cycle; steps: CycleStep[] }> {
    const cycle = await this.get(accountId, id);
    return { cycle, steps: await this.stores.cycles.steps(cycle.id) };
  }

  async step(
    accountId: string,
    stepId: string,
  ): Promise<{ cycle: Cycle; step: CycleStep; steps: CycleStep[] }> {
    const found = await this.stores.cycles.step(accountId, stepId);
    if (!found) throw notFound(`Step ${stepId} was not found.`);
    return { ...found, steps: await this.stores.cycles.steps(found.cycle.id) };
  }

  /**
   * Cyclr's partial PUT of a cycle: Name, Description and LogStepDataRequests — allowed while it runs
   * (none of them changes what the steps do).
   */
  async update(
    accountId: string,
    id: string,
    changes: { name?: string; description?: string | null; logStepDataRequests?: boolean },
  ): Promise<Cycle> {
    const name = changes.name?.trim();
    if (name !== undefined && (name === '' || name.length > 200))
      throw new PlugboardError('invalid_parameter', 'Name must be 1 to 200 characters.');
    await this.stores.transaction(async (tx) => {
      const cycle = await tx.cycles.lockById(id);
      if (!cycle || cycle.accountId !== accountId) throw notFound(`Cycle ${id} was not found.`);
      const logging = changes.logStepDataRequests;
      await tx.cycles.update(cycle.id, {
        ...(name === undefined ? {} : { name }),
        ...(changes.description === undefined ? {} : { description: changes.description }),
        ...(logging === undefined ? {} : { document: withStepDataLogging(cycle.document, logging) }),
        updatedAt: this.clock(),
      });
    });
    return this.get(accountId, id);
  }

  /** Deletes the cycle with its transactions; an active one is deactivated first (its queued work stops). */
  async delete(accountId: string, id: string): Promise<void> {
    const cycle = await this.get(accountId, id);
    await this.stores.transaction(async (tx) => {
      if (cycle.status === 'Active') await this.#deactivateIn(tx, cycle, false);
      await tx.cycles.delete(cycle.id);
    });
  }

  async prerequisites(accountId: string, id: string): Promise<Prerequisite[]> {
    const { cycle, steps } = await this.steps(accountId, id);
    return cyclePrerequisites(this.stores, this.catalog, cycle, steps);
  }

  /** Starts the cycle on its schedule (or once, with RunOnce); refused while a prerequisite is unmet. */
  async activate(accountId: string, id: string, request: ActivationRequest): Promise<Cycle> {
    if (request.interval !== undefined && !INTERVALS.includes(request.interval))
      throw new PlugboardError(
        'invalid_parameter',
        `Interval must be one of ${INTERVALS.join(', ')} (minutes).`,
      );
    const unmet = await this.prerequisites(accountId, id);
    if (unmet.length > 0) {
      throw new PlugboardError(
        'invalid_request',
        `The cycle cannot be activated until its prerequisites are met: ${unmet.map((p) => `${p.ReasonCode} ${p.Reason} (${p.Description})`).join(' ')}`,
        { details: unmet },
      );
    }
    const now = this.clock();
    await this.stores.transaction(async (tx) => {
      const cycle = await tx.cycles.lockById(id);
      if (!cycle || cycle.accountId !== accountId) throw notFound(`Cycle ${id} was not found.`);
      const startTime = request.startTime ?? now;
      await tx.cycles.update(cycle.id, {
        status: 'Active',
        generation: cycle.generation + 1,
        intervalMinutes: request.interval ?? cycle.intervalMinutes,
        startTime: request.startTime ?? null,
        runOnce: request.runOnce ?? false,
        nextRunAt: startTime,
        activatedAt: cycle.status === 'Active' ? cycle.activatedAt : now,
        updatedAt: now,
      });
      const activated = (await tx.cycles.findById(cycle.id)) as Cycle;
      for (const hook of this.#hooks) await hook.activated(tx, activated);
    });
    return this.get(accountId, id);
  }

  /** Pauses the cycle; queued transactions finish or stop as asked. */
  async deactivate(accountId: string, id: string, finishQueuedTransactions: boolean): Promise<Cycle> {
    await this.get(accountId, id);
    await this.stores.transaction(async (tx) => {
      const cycle = await tx.cycles.lockById(id);
      if (!cycle) throw notFound(`Cycle ${id} was not found.`);
      await this.#deactivateIn(tx, cycle, finishQueuedTransactions);
    });
    return this.get(accountId, id);
  }

  async #deactivateIn(tx: Stores, cycle: Cycle, finishQueuedTransactions: boolean): Promise<void> {
    const now = this.clock();
    await tx.cycles.update(cycle.id, {
      status: 'Paused',
      generation: cycle.generation + 1,
      nextRunAt: null,
      updatedAt: now,
    });
    const paused = (await tx.cycles.findById(cycle.id)) as Cycle;
    for (const hook of this.#hooks) await hook.deactivated(tx, paused, { finishQueuedTransactions });
  }

  /**
   * What a deactivation does beyond the status change, for a pause the engine made itself in `tx`
   * (StopIntegration, a finished RunOnce): the lifecycle hooks run, and queued transactions finish.
   */
  async pausedByEngine(tx: Stores, cycle: Cycle): Promise<void> {
    for (const hook of this.#hooks) await hook.deactivated(tx, cycle, { finishQueuedTransactions: true });
  }

  /** Refuses a change to the steps or variables of a cycle that is running (Cyclr's 409). */
  requireEditable(cycle: Cycle): void {
    if (cycle.status === 'Active')
      throw conflict(`Cycle ${cycle.id} is running: deactivate it before changing its steps or variables.`);
  }

  /** Moves the cycle to another release of its template (the latest by default); keeps its values. */
  async upgrade(accountId: string, id: string, releaseNumber?: number): Promise<Cycle> {
    const cycle = await this.get(accountId, id);
    this.requireEditable(cycle);
    const release = await this.templates.release(cycle.templateId, releaseNumber);
    const previous = await this.stores.templates.release(cycle.templateId, cycle.releaseNumber);
    const upgraded = upgradedDocument(cycle, previous, release, this.catalog);
    const current = await this.stores.cycles.steps(cycle.id);
    await this.stores.transaction(async (tx) => {
      await tx.cycles.update(cycle.id, {
        document: upgraded.document,
        releaseNumber: release.releaseNumber,
        updatedAt: this.clock(),
      });
      // Steps that keep their key keep their Id, so a partner's stored step Ids stay valid.
      const ids = new Map(current.map((s) => [s.key, s.id]));
      await tx.cycles.replaceSteps(
        cycle.id,
        upgraded.document.Steps.map((s, position) => ({
          id: ids.get(s.Key) ?? crypto.randomUUID(),
          cycleId: cycle.id,
          key: s.Key,
          position,
        })),
      );
    });
    return this.get(accountId, id);
  }
}
