import type {
  ActivityTypeRecord,
  BoardRecord,
  DeletionRecord,
  EntryRecord,
  FieldDefinitionRecord,
  KaseRecord,
  LostReasonRecord,
  MilestoneRecord,
  OpportunityRecord,
  PartyRecord,
  PipelineRecord,
  RestHookRecord,
  SiteRecord,
  StageRecord,
  TaggableCollection,
  TagRecord,
  TaskCategoryRecord,
  TaskRecord,
  UserRecord,
} from './model/records.ts';
import type {
  AttachmentRecord,
  GoalRecord,
  JobRecord,
  SavedFilterRecord,
  TeamRecord,
  TrackDefinitionRecord,
  TrackRecord,
} from './model/workflow-records.ts';

/** Independent id counters; nested items (addresses, field values …) share `nested`. */
export type IdSequence =
  | 'party'
  | 'opportunity'
  | 'kase'
  | 'task'
  | 'entry'
  | 'tag'
  | 'definition'
  | 'pipeline'
  | 'milestone'
  | 'restHook'
  | 'board'
  | 'stage'
  | 'category'
  | 'activityType'
  | 'lostReason'
  | 'team'
  | 'trackDefinition'
  | 'track'
  | 'goal'
  | 'savedFilter'
  | 'attachment'
  | 'nested';

/** Thrown when a create would take the sandbox past its record cap; answered 422. */
export class SandboxFullError extends Error {
  readonly statusCode = 422;
}

/**
 * Records anyone may add on top of the seed. The sandbox shares its process (and memory) with the
 * partner API, so what strangers can store is bounded; deleting records frees their room again.
 */
export const MAX_ADDED_RECORDS = 2_000;
/** Deletion notes kept for `/…/deleted` lists; older ones are forgotten. */
export const MAX_DELETION_NOTES = 1_000;

/** Everything the simulated Capsule account holds, in memory. */
export class SandboxState {
  readonly users = new Map<number, UserRecord>();
  readonly parties = new Map<number, PartyRecord>();
  readonly opportunities = new Map<number, OpportunityRecord>();
  readonly kases = new Map<number, KaseRecord>();
  readonly tasks = new Map<number, TaskRecord>();
  readonly entries = new Map<number, EntryRecord>();
  readonly tags = new Map<number, TagRecord>();
  readonly fieldDefinitions = new Map<number, FieldDefinitionRecord>();
  readonly pipelines = new Map<number, PipelineRecord>();
  readonly milestones = new Map<number, MilestoneRecord>();
  readonly lostReasons = new Map<number, LostReasonRecord>();
  readonly activityTypes = new Map<number, ActivityTypeRecord>();
  readonly boards = new Map<number, BoardRecord>();
  readonly stages = new Map<number, StageRecord>();
  readonly taskCategories = new Map<number, TaskCategoryRecord>();
  readonly restHooks = new Map<number, RestHookRecord>();
  readonly teams = new Map<number, TeamRecord>();
  readonly trackDefinitions = new Map<number, TrackDefinitionRecord>();
  readonly tracks = new Map<number, TrackRecord>();
  readonly goals = new Map<number, GoalRecord>();
  readonly savedFilters = new Map<number, SavedFilterRecord>();
  readonly attachments = new Map<number, AttachmentRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly deletions: Record<TaggableCollection, DeletionRecord[]> = {
    parties: [],
    opportunities: [],
    kases: [],
  };
  private readonly lastIds = new Map<IdSequence, number>();

  constructor(
    readonly site: SiteRecord,
    /** The seeded test user, who approves every consent. */
    readonly currentUserId: number,
  ) {}

  /** Every record held, all collections together. */
  recordCount(): number {
    return [
      this.users,
      this.parties,
      this.opportunities,
      this.kases,
      this.tasks,
      this.entries,
      this.tags,
      this.fieldDefinitions,
      this.pipelines,
      this.milestones,
      this.lostReasons,
      this.activityTypes,
      this.boards,
      this.stages,
      this.taskCategories,
      this.restHooks,
      this.teams,
      this.trackDefinitions,
      this.tracks,
      this.goals,
      this.savedFilters,
      this.attachments,
      this.jobs,
    ].reduce((sum, collection) => sum + collection.size, 0);
  }

  /** The record count once seeded: the cap counts only what is added on top. */
  seededRecords = Number.POSITIVE_INFINITY;

  /** The next unused id of a sequence; refuses a new record once the cap is reached. */
  nextId(sequence: IdSequence): number {
    if (sequence !== 'nested' && this.recordCount() >= this.seededRecords + MAX_ADDED_RECORDS) {
      throw new SandboxFullError(
        `The sandbox holds its maximum of ${MAX_ADDED_RECORDS} added records; delete some to add more.`,
      );
    }
    const next = (this.lastIds.get(sequence) ?? 0) + 1;
    this.lastIds.set(sequence, next);
    return next;
  }

  /** Makes later ids start above the seeded ones. */
  reserveIds(sequence: IdSequence, upTo: number): void {
    this.lastIds.set(sequence, Math.max(upTo, this.lastIds.get(sequence) ?? 0));
  }

  /** Tags of one entity type, by name (case-insensitive). */
  findTagByName(entity: TaggableCollection, name: string): TagRecord | undefined {
    const wanted = name.toLowerCase();
    for (const tag of this.tags.values()) {
      if (tag.entity === entity && tag.name.toLowerCase() === wanted) {
        return tag;
      }
    }
    return undefined;
  }

  /** The pipeline the legacy `/milestones` list shows: the oldest one. */
  oldestPipeline(): PipelineRecord | undefined {
    let oldest: PipelineRecord | undefined;
    for (const pipeline of this.pipelines.values()) {
      if (pipeline.archived) continue;
      if (oldest === undefined || pipeline.createdAt < oldest.createdAt) {
        oldest = pipeline;
      }
    }
    return oldest;
  }
}
