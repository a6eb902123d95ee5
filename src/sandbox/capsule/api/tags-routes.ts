import type { TaggableCollection, TagRecord } from '../model/records.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { notFound, ValidationProblems } from './api-errors.ts';
import type { ApiRouter } from './api-router.ts';
import { created, noContent, ok } from './api-types.ts';
import { startJob } from './jobs-routes.ts';
import { pagedList } from './paging.ts';
import { readId } from './query-params.ts';
import { type Input, readText, unwrapBody } from './request-body.ts';

const TAGGABLE: readonly TaggableCollection[] = ['parties', 'opportunities', 'kases'];

function presentTag(tag: TagRecord): Record<string, unknown> {
  return { id: tag.id, name: tag.name, description: tag.description, dataTag: tag.dataTag };
}

/**
 * Tag definitions per entity type: `GET/POST /{parties|opportunities|kases}/tags` and
 * `GET/PUT/DELETE …/tags/{id}`. Names are unique per entity type; deleting a tag detaches it
 * from every record. Records' own tags change through their PUT.
 */
export function registerTagRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  for (const entity of TAGGABLE) {
    const find = (raw: string | undefined): TagRecord => {
      const tag = state.tags.get(readId(raw));
      if (tag === undefined || tag.entity !== entity) {
        throw notFound('tag not found');
      }
      return tag;
    };
    const apply = (tag: TagRecord, input: Input, creating: boolean): TagRecord => {
      const problems = new ValidationProblems('tag');
      const name = readText(input, 'name', problems, 255);
      if (name === null || (creating && name === undefined)) {
        problems.add('name', 'name is required');
      } else if (typeof name === 'string') {
        const existing = state.findTagByName(entity, name);
        if (existing !== undefined && existing.id !== tag.id) {
          problems.add('name', 'name must be unique');
        }
      }
      const description = readText(input, 'description', problems, 1000);
      if (input.dataTag !== undefined && typeof input.dataTag !== 'boolean') {
        problems.add('dataTag', 'dataTag must be true or false');
      }
      problems.throwIfAny();
      return {
        ...tag,
        name: name ?? tag.name,
        description: description === undefined ? tag.description : description,
        dataTag: typeof input.dataTag === 'boolean' ? input.dataTag : tag.dataTag,
      };
    };

    router.get(`/${entity}/tags`, (request) =>
      pagedList({
        key: 'tags',
        items: [...state.tags.values()].filter((tag) => tag.entity === entity),
        render: presentTag,
        request,
        baseUrl: ctx.baseUrl,
      }),
    );
    router.post(`/${entity}/tags`, (request) => {
      const blank: TagRecord = { id: 0, entity, name: '', description: null, dataTag: false };
      const tag = { ...apply(blank, unwrapBody(request.body, 'tag'), true), id: state.nextId('tag') };
      state.tags.set(tag.id, tag);
      return created(ctx.baseUrl, `/${entity}/tags/${tag.id}`, { tag: presentTag(tag) });
    });
    router.get(`/${entity}/tags/:id`, (request) => ok({ tag: presentTag(find(request.params.id)) }));
    router.put(`/${entity}/tags/:id`, (request) => {
      const tag = apply(find(request.params.id), unwrapBody(request.body, 'tag'), false);
      state.tags.set(tag.id, tag);
      return ok({ tag: presentTag(tag) });
    });
    // A tag that records carry is detached from each of them in a background job (202), as Capsule does.
    router.delete(`/${entity}/tags/:id`, (request) => {
      const tag = find(request.params.id);
      const collection =
        entity === 'parties' ? state.parties : entity === 'opportunities' ? state.opportunities : state.kases;
      const used = [...collection.values()].some((record) => record.tagIds.includes(tag.id));
      state.tags.delete(tag.id);
      const detach = () => {
        for (const record of collection.values()) record.tagIds = record.tagIds.filter((id) => id !== tag.id);
      };
      if (!used) {
        detach();
        return noContent();
      }
      return startJob(ctx, 'Deleting Tag', detach);
    });
  }
}
