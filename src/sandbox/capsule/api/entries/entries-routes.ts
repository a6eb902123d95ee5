import type { SandboxContext } from '../../sandbox-context.ts';
import { notFound, ValidationProblems } from '../api-errors.ts';
import type { ApiRouter } from '../api-router.ts';
import { created, noContent, ok } from '../api-types.ts';
import { readAttachmentTokens } from '../attachments-routes.ts';
import { pagedList } from '../paging.ts';
import { readEmbeds, readId } from '../query-params.ts';
import { unwrapBody } from '../request-body.ts';
import { ENTRY_EMBEDS, entriesNewestFirst, presentEntry } from './entry-presenter.ts';
import { createNote, updateEntry } from './entry-writes.ts';

/**
 * `/entries`: the newest-first list of every entry, show, note creation, update and delete. There is
 * no show-many for entries in Capsule, so `/entries/1,2` is a 404.
 */
export function registerEntryRoutes(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  const find = (raw: string | undefined) => {
    const entry = state.entries.get(readId(raw));
    if (entry === undefined) {
      throw notFound();
    }
    return entry;
  };
  router.get('/entries', (request) => {
    const embeds = readEmbeds(request.query, ENTRY_EMBEDS);
    return pagedList({
      key: 'entries',
      items: entriesNewestFirst(state, () => true),
      render: (entry) => presentEntry(state, entry, embeds),
      request,
      baseUrl: ctx.baseUrl,
    });
  });
  router.get('/entries/:id', (request) =>
    ok({ entry: presentEntry(state, find(request.params.id), readEmbeds(request.query, ENTRY_EMBEDS)) }),
  );
  router.post('/entries', (request) => {
    const input = unwrapBody(request.body, 'entry');
    const problems = new ValidationProblems('entry');
    const attachmentIds = readAttachmentTokens(ctx, input.attachments, problems);
    problems.throwIfAny();
    const note = createNote(state, input, {
      creatorId: request.auth.userId,
      now: ctx.now(),
    });
    const entry = { ...note, id: state.nextId('entry') };
    state.entries.set(entry.id, entry);
    for (const id of attachmentIds) {
      const attachment = state.attachments.get(id);
      if (attachment !== undefined) attachment.entryId = entry.id;
    }
    return created(ctx.baseUrl, `/entries/${entry.id}`, {
      entry: presentEntry(state, entry, readEmbeds(request.query, ENTRY_EMBEDS)),
    });
  });
  router.put('/entries/:id', (request) => {
    const entry = updateEntry(state, find(request.params.id), unwrapBody(request.body, 'entry'), ctx.now());
    state.entries.set(entry.id, entry);
    return ok({ entry: presentEntry(state, entry, readEmbeds(request.query, ENTRY_EMBEDS)) });
  });
  router.delete('/entries/:id', (request) => {
    state.entries.delete(find(request.params.id).id);
    return noContent();
  });
}
