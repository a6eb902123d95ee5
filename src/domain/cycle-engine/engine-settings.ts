/** The engine's limits and timings, from the configuration (tests shorten them). */
export interface CycleEngineSettings {
  /** Polls ask for changes since the high-water mark minus this (default 60 s). */
  readonly pollOverlapMs: number;
  /** Most transactions one poll or one split starts; past it an incident is raised (default 1000). */
  readonly fanOutCap: number;
  /** Multiplies Cyclr's retry ladder (1 in production). */
  readonly retryLadderScale: number;
  /** Transactions of one account running at once, across processes (default 10). */
  readonly accountConcurrency: number;
  /** How often the maintenance job deletes expired step data and resumes re-authenticated work. */
  readonly maintenanceIntervalMs: number;
  /** Rows deleted per batch by retention. */
  readonly retentionBatch: number;
  /** Retention of step data when the account sets none: 31 days, as Cyclr. */
  readonly defaultRetentionHours: number;
  /** Longest wait for an Http step's answer. */
  readonly httpTimeoutMs: number;
}

export const DEFAULT_ENGINE_SETTINGS: CycleEngineSettings = {
  pollOverlapMs: 60_000,
  fanOutCap: 1000,
  retryLadderScale: 1,
  accountConcurrency: 10,
  maintenanceIntervalMs: 30_000,
  retentionBatch: 500,
  defaultRetentionHours: 744,
  httpTimeoutMs: 30_000,
};

/** The job kinds of the engine. */
export const CYCLE_POLL = 'cycle.poll';
export const CYCLE_STEP = 'cycle.step';
export const CYCLE_MAINTENANCE = 'cycle.maintenance';
export const CYCLE_RESUME = 'cycle.resume';
