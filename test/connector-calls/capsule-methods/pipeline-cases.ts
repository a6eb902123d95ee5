import { expect } from 'vitest';
import { CAPSULE } from './guids.ts';
import { resourceCases } from './resource-cases.ts';
import { expectNoContent } from './shared-checks.ts';
import { first, idsOf, type Json, type MethodTable, type World } from './world.ts';

async function createPipeline(world: World): Promise<Json> {
  const body = await world.expectCall(
    CAPSULE.createPipeline,
    { Fields: { name: world.unique('Pipeline'), description: 'Made by a test' } },
    201,
  );
  return body.pipeline;
}

const listedPipelineIds = async (world: World, includeDeleted: boolean) =>
  idsOf(
    (
      await world.expectCall(
        CAPSULE.listPipelines,
        { Parameters: { perPage: 100, ...(includeDeleted ? { includeDeleted } : {}) } },
        200,
      )
    ).pipelines,
  );

/** Custom field definition writes for one kind of record. */
function customFieldWrites(label: string, guids: { create: string; update: string; remove: string }) {
  return resourceCases({
    label: `${label} Custom Field`,
    plural: `${label} Custom Fields`,
    key: 'definition',
    listKey: 'definitions',
    paged: true,
    guids,
    newFields: (world) => ({
      name: world.unique(`${label} field`),
      type: 'text',
      description: 'Made by a test',
    }),
    change: () => ({ description: 'Changed by a test' }),
    refused: (existing) => ({ name: existing.name, type: 'list' }),
  });
}

/** Pipelines, milestones, lost reasons and custom field definition writes. */
export const PIPELINE_CASES: MethodTable = {
  ...resourceCases({
    label: 'Pipeline',
    plural: 'Pipelines',
    key: 'pipeline',
    listKey: 'pipelines',
    paged: true,
    guids: {
      list: CAPSULE.listPipelines,
      get: CAPSULE.getPipeline,
      create: CAPSULE.createPipeline,
      update: CAPSULE.updatePipeline,
    },
    newFields: (world) => ({ name: world.unique('Pipeline'), description: 'Made by a test' }),
    change: () => ({ description: 'Changed by a test' }),
    refused: (existing) => ({ name: existing.name }),
  }),
  [CAPSULE.getMultiplePipelines]: {
    name: 'Get Multiple Pipelines',
    shows: 'shows several pipelines by id, a single id also as a list, and 404 when one id is unknown',
    async run(world) {
      const ids = idsOf(world.seeds.pipelines);
      const many = await world.expectCall(CAPSULE.getMultiplePipelines, { Parameters: { ids } }, 200);
      expect(idsOf(many.pipelines).sort()).toEqual([...ids].sort());
      const one = await world.expectCall(
        CAPSULE.getMultiplePipelines,
        { Parameters: { ids: [ids[0]] } },
        200,
      );
      expect(one).toEqual({ pipelines: [many.pipelines.find((p: Json) => p.id === ids[0])] });
      const unknown = await world.call(CAPSULE.getMultiplePipelines, {
        Parameters: { ids: [...ids, 987654] },
      });
      expect(unknown.status).toBe(404);
    },
  },
  [CAPSULE.deletePipeline]: {
    name: 'Delete Pipeline',
    shows: 'archives a pipeline: gone from the list, back with includeDeleted; a second delete is a 404',
    async run(world) {
      const pipeline = await createPipeline(world);
      await expectNoContent(world, CAPSULE.deletePipeline, { id: pipeline.id });
      expect(await listedPipelineIds(world, false)).not.toContain(pipeline.id);
      expect(await listedPipelineIds(world, true)).toContain(pipeline.id);
      expect((await world.call(CAPSULE.deletePipeline, { Parameters: { id: pipeline.id } })).status).toBe(
        404,
      );
    },
  },
  [CAPSULE.restorePipeline]: {
    name: 'Restore Pipeline',
    shows: 'brings a deleted pipeline back into the list',
    async run(world) {
      const pipeline = await createPipeline(world);
      await expectNoContent(world, CAPSULE.deletePipeline, { id: pipeline.id });
      const body = await world.expectCall(CAPSULE.restorePipeline, { Parameters: { id: pipeline.id } }, 200);
      expect(body.pipeline).toMatchObject({ id: pipeline.id, name: pipeline.name, archived: false });
      expect(await listedPipelineIds(world, false)).toContain(pipeline.id);
    },
  },
  [CAPSULE.duplicatePipeline]: {
    name: 'Duplicate Pipeline',
    shows: 'copies a pipeline with all its milestones into a new one (201)',
    async run(world) {
      const source = first(world.seeds.pipelines, 'pipeline');
      const body = await world.expectCall(CAPSULE.duplicatePipeline, { Parameters: { id: source.id } }, 201);
      expect(body.pipeline.id).not.toBe(source.id);
      const milestones = async (id: number) =>
        (await world.expectCall(CAPSULE.listPipelineMilestones, { Parameters: { id, perPage: 100 } }, 200))
          .milestones;
      const copied = await milestones(body.pipeline.id);
      expect(copied.map((m: Json) => m.name)).toEqual((await milestones(source.id)).map((m: Json) => m.name));
    },
  },
  ...resourceCases({
    label: 'Milestone',
    plural: 'Milestones',
    key: 'milestone',
    listKey: 'milestones',
    paged: true,
    guids: {
      create: CAPSULE.createMilestone,
      update: CAPSULE.updateMilestone,
      remove: CAPSULE.deleteMilestone,
    },
    newFields: (world) => ({
      name: world.unique('Milestone'),
      probability: 30,
      pipeline: { id: world.seeds.pipelines[0]?.id },
    }),
    change: () => ({ probability: 40 }),
    refused: (existing) => ({ name: 'Too likely', probability: 150, pipeline: { id: existing.pipeline.id } }),
  }),
  ...resourceCases({
    label: 'Lost Reason',
    plural: 'Lost Reasons',
    key: 'lostReason',
    listKey: 'lostReasons',
    paged: true,
    guids: {
      list: CAPSULE.listLostReasons,
      get: CAPSULE.getLostReason,
      create: CAPSULE.createLostReason,
      update: CAPSULE.updateLostReason,
      remove: CAPSULE.deleteLostReason,
    },
    newFields: (world) => ({ name: world.unique('Lost reason'), includedForConversion: false }),
    change: () => ({ includedForConversion: true }),
    refused: (existing) => ({ name: existing.name }),
  }),
  ...customFieldWrites('Party', {
    create: CAPSULE.createPartyCustomField,
    update: CAPSULE.updatePartyCustomField,
    remove: CAPSULE.deletePartyCustomField,
  }),
  ...customFieldWrites('Opportunity', {
    create: CAPSULE.createOpportunityCustomField,
    update: CAPSULE.updateOpportunityCustomField,
    remove: CAPSULE.deleteOpportunityCustomField,
  }),
  ...customFieldWrites('Project', {
    create: CAPSULE.createProjectCustomField,
    update: CAPSULE.updateProjectCustomField,
    remove: CAPSULE.deleteProjectCustomField,
  }),
};
