import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AttachmentRecord } from '../model/workflow-records.ts';
import type { SandboxContext } from '../sandbox-context.ts';
import { SandboxFullError } from '../sandbox-state.ts';
import { badRequest, notFound, type ValidationProblems } from './api-errors.ts';
import type { ApiRouter } from './api-router.ts';
import { ok } from './api-types.ts';
import { readId } from './query-params.ts';
import { isObject } from './request-body.ts';

/** Capsule's limit for one attachment. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
/** All attachments together: the sandbox shares the partner API's memory. */
export const MAX_STORED_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/**
 * Lets `POST /attachments/upload` take any body as raw bytes. Registered in the upload route's own
 * encapsulation context, so every other API route keeps parsing JSON only.
 */
export function acceptRawBodies(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: MAX_ATTACHMENT_BYTES },
    (_request, body, done) => done(null, body),
  );
}

/**
 * `POST /attachments/upload`: the raw file with `Content-Type` and a URL-encoded `X-Attachment-Filename`,
 * answered `{"upload":{"token":…}}`; the token attaches it to a note (`attachments: [{"token"}]`).
 */
export function registerAttachmentUpload(router: ApiRouter, ctx: SandboxContext): void {
  const { state } = ctx;
  router.post('/attachments/upload', (request) => {
    const rawName = request.headers['x-attachment-filename'];
    let filename: string | undefined;
    try {
      filename = rawName === undefined ? undefined : decodeURIComponent(rawName).trim();
    } catch {
      filename = undefined;
    }
    const unsafe = (name: string) => /[\\/]/.test(name) || [...name].some((c) => c.charCodeAt(0) < 32);
    if (filename === undefined || filename === '' || unsafe(filename)) {
      throw badRequest('X-Attachment-Filename must be the URL-encoded file name');
    }
    const content = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (content.length === 0) throw badRequest('the request body must be the file');
    let stored = 0;
    for (const held of state.attachments.values()) stored += held.content.length;
    if (stored + content.length > MAX_STORED_ATTACHMENT_BYTES) {
      throw new SandboxFullError(
        `The sandbox holds at most ${MAX_STORED_ATTACHMENT_BYTES / 1024 / 1024} MB of attachments; delete some to add more.`,
      );
    }
    const attachment: AttachmentRecord = {
      id: state.nextId('attachment'),
      token: `u1/${randomUUID()}`,
      filename,
      contentType: request.headers['content-type']?.split(';')[0]?.trim() || 'application/octet-stream',
      content,
      entryId: null,
    };
    state.attachments.set(attachment.id, attachment);
    return ok({ upload: { token: attachment.token } });
  });
}

/** `GET /attachments/{id}` (and `…/{id}/{filename}`): the file's bytes, named in `Content-Disposition`. */
export function registerAttachmentDownload(router: ApiRouter, ctx: SandboxContext): void {
  const download = (rawId: string | undefined, filename?: string) => {
    const attachment = ctx.state.attachments.get(readId(rawId));
    if (attachment?.entryId == null || !ctx.state.entries.has(attachment.entryId)) throw notFound();
    if (filename !== undefined && filename !== attachment.filename) throw notFound();
    const encoded = encodeURIComponent(attachment.filename);
    return {
      status: 200,
      body: attachment.content,
      headers: {
        'content-type': attachment.contentType,
        'content-disposition': `inline; filename*=UTF-8''${encoded}; filename="${attachment.filename.replace(/[^\x20-\x7e]|"/g, '_')}"`,
      },
    };
  };
  router.get('/attachments/:id', (request) => download(request.params.id));
  router.get('/attachments/:id/:filename', (request) => download(request.params.id, request.params.filename));
}

/**
 * The uploads a note's `attachments: [{"token": …}]` names, each still unattached; unknown or used
 * tokens are reported. Returns their ids, to attach once the note is saved.
 */
export function readAttachmentTokens(
  ctx: SandboxContext,
  value: unknown,
  problems: ValidationProblems,
): number[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.add('attachments', 'attachments must be a list');
    return [];
  }
  return value.flatMap((item) => {
    const token = isObject(item) ? item.token : undefined;
    const upload = [...ctx.state.attachments.values()].find((a) => a.token === token && a.entryId === null);
    if (upload === undefined) {
      problems.add('attachments', 'attachment token not found');
      return [];
    }
    return [upload.id];
  });
}

/** The attachments of an entry as Capsule lists them. */
export function presentAttachments(ctx: { state: SandboxContext['state'] }, entryId: number): unknown[] {
  return [...ctx.state.attachments.values()]
    .filter((attachment) => attachment.entryId === entryId)
    .map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.content.length,
    }));
}
