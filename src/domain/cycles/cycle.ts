import type { TemplateDocument } from '../templates/template-document.ts';

/**
 * `Paused` after install, deactivation, or a StopIntegration error action (which also records an
 * incident); `Active` while it runs. `Stopped` and `Error` are Cyclr's statuses, kept so partners'
 * clients can read them; this engine does not set them.
 */
export type CycleStatus = 'Paused' | 'Active' | 'Stopped' | 'Error';

/** A template release installed in one account. */
export interface Cycle {
  readonly id: string;
  readonly accountId: string;
  readonly templateId: string;
  readonly releaseNumber: number;
  readonly name: string;
  readonly description: string | null;
  readonly status: CycleStatus;
  /** The release's document with this cycle's variable values and mapping edits. */
  readonly document: TemplateDocument;
  /** Template connector Key → the account connector it is bound to. */
  readonly connectors: Readonly<Record<string, number>>;
  readonly intervalMinutes: number;
  readonly startTime: number | null;
  readonly runOnce: boolean;
  /** Bumped on each activation and deactivation, so work scheduled for an older one does nothing. */
  readonly generation: number;
  readonly nextRunAt: number | null;
  /** The newest change stamp a successful poll saw: `{{LastSuccessfulRunDate}}` before the overlap. */
  readonly highWaterMark: number | null;
  readonly lastRunAt: number | null;
  readonly activatedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A step of a cycle, with the stable Id the step endpoints use. */
export interface CycleStep {
  readonly id: string;
  readonly cycleId: string;
  readonly key: string;
  readonly position: number;
}

export type CycleChanges = Partial<
  Pick<
    Cycle,
    | 'name'
    | 'description'
    | 'status'
    | 'document'
    | 'releaseNumber'
    | 'intervalMinutes'
    | 'startTime'
    | 'runOnce'
    | 'generation'
    | 'nextRunAt'
    | 'highWaterMark'
    | 'lastRunAt'
    | 'activatedAt'
  >
> & { readonly updatedAt: number };
