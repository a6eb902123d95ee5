import type { MilestoneRecord, PipelineRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { isoTimestamp } from '../../time-format.ts';
import { namedSummary } from '../references.ts';

/** A pipeline as Capsule shows it. */
export function presentPipeline(pipeline: PipelineRecord): Record<string, unknown> {
  return {
    id: pipeline.id,
    name: pipeline.name,
    description: pipeline.description,
    archived: pipeline.archived,
    createdAt: isoTimestamp(pipeline.createdAt),
    updatedAt: isoTimestamp(pipeline.updatedAt),
  };
}

/** A milestone as Capsule shows it, with its pipeline. */
export function presentMilestone(state: SandboxState, milestone: MilestoneRecord): Record<string, unknown> {
  return {
    id: milestone.id,
    name: milestone.name,
    description: milestone.description,
    complete: milestone.complete,
    probability: milestone.probability,
    daysUntilStale: milestone.daysUntilStale,
    displayOrder: milestone.displayOrder,
    pipeline: namedSummary(state.pipelines, milestone.pipelineId),
    createdAt: isoTimestamp(milestone.createdAt),
    updatedAt: isoTimestamp(milestone.updatedAt),
  };
}
