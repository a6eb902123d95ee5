import { FIELD_TYPES, type FieldDefinitionRecord, type TaggableCollection } from '../model/records.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { notFound, ValidationProblems } from './api-errors.ts';
import type { ApiRouter } from './api-router.ts';
import { created, noContent, ok } from './api-types.ts';
import { pagedList } from './paging.ts';
import { readId } from './query-params.ts';
import { type Input, readChoice, readNumber, readReference, readText, unwrapBody } from './request-body.ts';

const ENTITIES: readonly TaggableCollection[] = ['parties', 'opportunities', 'kases'];
const CAPTURE_RULES = ['party', 'person', 'organisation'] as const;

/**
 * Custom field definitions per entity type: `GET/POST /{entity}/fields/definitions` and
 * `GET/PUT/DELETE …/definitions/{id}`. Deleting a definition removes its values from every record.
 */
export function registerFieldDefinitionRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  const present = (definition: FieldDefinitionRecord): Record<string, unknown> => {
    const tag = definition.tagId === null ? undefined : state.tags.get(definition.tagId);
    return {
      id: definition.id,
      name: definition.name,
      type: definition.type,
      description: definition.description,
      displayOrder: definition.displayOrder,
      important: definition.important,
      ...(definition.options === null ? {} : { options: [...definition.options] }),
      ...(definition.captureRule === null ? {} : { captureRule: definition.captureRule }),
      tag: tag === undefined ? null : { id: tag.id, name: tag.name, dataTag: tag.dataTag },
    };
  };

  for (const entity of ENTITIES) {
    const base = `/${entity}/fields/definitions`;
    const find = (raw: string | undefined): FieldDefinitionRecord => {
      const definition = state.fieldDefinitions.get(readId(raw));
      if (definition === undefined || definition.entity !== entity) {
        throw notFound();
      }
      return definition;
    };
    const apply = (
      current: FieldDefinitionRecord | undefined,
      input: Input,
      id: number,
    ): FieldDefinitionRecord => {
      const problems = new ValidationProblems('definition');
      const name = readText(input, 'name', problems, 255);
      if (name === null || (current === undefined && name === undefined)) {
        problems.add('name', 'name is required');
      }
      const duplicate = [...state.fieldDefinitions.values()].find(
        (other) =>
          other.entity === entity && other.id !== id && other.name.toLowerCase() === name?.toLowerCase(),
      );
      if (duplicate !== undefined) {
        problems.add('name', 'name must be unique');
      }
      const type = readChoice(input, 'type', FIELD_TYPES, problems);
      if (current === undefined && type === undefined && input.type === undefined) {
        problems.add('type', 'type is required');
      }
      if (current !== undefined && type !== undefined && type !== current.type) {
        problems.add('type', 'type cannot be changed');
      }
      const finalType = type ?? current?.type ?? 'text';
      const options = readOptions(input, problems) ?? current?.options ?? null;
      if ((finalType === 'list' || finalType === 'multilist') && (options === null || options.length === 0)) {
        problems.add('options', 'options are required for list fields');
      }
      const captureRule =
        entity === 'parties' ? readChoice(input, 'captureRule', CAPTURE_RULES, problems) : undefined;
      const tagId = readReference(input, 'tag', problems, (tag) => state.tags.get(tag)?.entity === entity);
      const displayOrder = readNumber(input, 'displayOrder', problems);
      const description = readText(input, 'description', problems, 1000);
      if (input.important !== undefined && typeof input.important !== 'boolean') {
        problems.add('important', 'important must be true or false');
      }
      problems.throwIfAny();
      return {
        id,
        entity,
        name: name ?? current?.name ?? '',
        type: finalType,
        description: description === undefined ? (current?.description ?? null) : description,
        displayOrder:
          typeof displayOrder === 'number'
            ? displayOrder
            : (current?.displayOrder ?? state.fieldDefinitions.size + 1),
        important: typeof input.important === 'boolean' ? input.important : (current?.important ?? false),
        options: finalType === 'list' || finalType === 'multilist' ? options : null,
        captureRule: entity === 'parties' ? (captureRule ?? current?.captureRule ?? 'party') : null,
        tagId: tagId === undefined ? (current?.tagId ?? null) : tagId,
      };
    };

    router.get(base, (request) =>
      pagedList({
        key: 'definitions',
        items: [...state.fieldDefinitions.values()].filter((definition) => definition.entity === entity),
        render: present,
        request,
        baseUrl: ctx.baseUrl,
      }),
    );
    router.post(base, (request) => {
      const input = unwrapBody(request.body, 'definition');
      const definition = apply(undefined, input, 0);
      definition.id = state.nextId('definition');
      state.fieldDefinitions.set(definition.id, definition);
      return created(ctx.baseUrl, `${base}/${definition.id}`, { definition: present(definition) });
    });
    router.get(`${base}/:id`, (request) => ok({ definition: present(find(request.params.id)) }));
    router.put(`${base}/:id`, (request) => {
      const current = find(request.params.id);
      const definition = apply(current, unwrapBody(request.body, 'definition'), current.id);
      state.fieldDefinitions.set(definition.id, definition);
      return ok({ definition: present(definition) });
    });
    router.delete(`${base}/:id`, (request) => {
      const definition = find(request.params.id);
      state.fieldDefinitions.delete(definition.id);
      const records =
        entity === 'parties' ? state.parties : entity === 'opportunities' ? state.opportunities : state.kases;
      for (const record of records.values()) {
        record.fields = record.fields.filter((item) => item.definitionId !== definition.id);
      }
      return noContent();
    });
  }
}

function readOptions(input: Input, problems: ValidationProblems): string[] | undefined {
  const options = input.options;
  if (options === undefined || options === null) {
    return undefined;
  }
  if (
    !Array.isArray(options) ||
    !options.every((option) => typeof option === 'string' && option.trim() !== '')
  ) {
    problems.add('options', 'options must be a list of names');
    return undefined;
  }
  return options.map((option: string) => option.trim());
}
