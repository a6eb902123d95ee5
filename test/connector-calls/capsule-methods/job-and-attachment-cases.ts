import { expect } from 'vitest';
import { CAPSULE } from './guids.ts';
import { createPerson } from './party-cases.ts';
import type { Json, MethodTable, World } from './world.ts';

/** Polls Get Job until the job completes (bounded), and returns it. */
export async function followJob(world: World, jobId: string): Promise<Json> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const body = await world.expectCall(CAPSULE.getJob, { Parameters: { id: jobId } }, 200);
    if (body.job.status === 'completed') return body.job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`job ${jobId} did not complete`);
}

/**
 * Deletes a tag that a record carries: Capsule answers 202 and detaches it in a background job, which
 * data on demand passes on as 202 with `{"job": {"id", "location"}}`; Get Job follows it to the end.
 */
export async function expectTagDeletedByJob(
  world: World,
  remove: string,
  tagId: number,
  carried: () => Promise<boolean>,
): Promise<Json> {
  expect(await carried()).toBe(true);
  const response = await world.call(remove, { Parameters: { id: tagId } });
  expect(response.status, response.text).toBe(202);
  const { job } = response.json();
  expect(job.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(job.location).toMatch(new RegExp(`/jobs/${job.id}$`));
  const done = await followJob(world, job.id);
  expect(done).toEqual({ id: job.id, action: 'Deleting Tag', status: 'completed', progress: 100 });
  expect(await carried()).toBe(false);
  return done;
}

const PDF = Buffer.from('%PDF-1.4\n% a small test file\n%%EOF\n');

/** Uploads a small PDF and returns its token. */
async function upload(world: World, filename = 'Quote #1 (naïve).pdf'): Promise<string> {
  const body = await world.expectCall(
    CAPSULE.uploadAttachment,
    { Parameters: { filename }, Fields: { content: PDF.toString('base64'), contentType: 'application/pdf' } },
    200,
  );
  expect(body.upload.token).toEqual(expect.any(String));
  return body.upload.token;
}

/** Adds a note with the upload to a new person; returns the note. */
async function noteWith(world: World, token: string): Promise<Json> {
  const person = await createPerson(world);
  const body = await world.expectCall(
    CAPSULE.createNote,
    { Fields: { type: 'note', content: 'See attached', party: { id: person.id }, attachments: [{ token }] } },
    201,
  );
  return body.entry;
}

export const JOB_AND_ATTACHMENT_CASES: MethodTable = {
  [CAPSULE.getJob]: {
    name: 'Get Job',
    shows: 'follows the background job a tag deletion started until it completes; an unknown job is a 404',
    async run(world) {
      const tag = (
        await world.expectCall(CAPSULE.createPartyTag, { Fields: { name: world.unique('Job tag') } }, 201)
      ).tag;
      const person = await createPerson(world, { tags: [{ id: tag.id }] });
      const carried = async () =>
        (
          await world.expectCall(CAPSULE.getParty, { Parameters: { id: person.id, embed: 'tags' } }, 200)
        ).party.tags.some((t: Json) => t.id === tag.id);
      await expectTagDeletedByJob(world, CAPSULE.deletePartyTag, tag.id, carried);
      const unknown = await world.call(CAPSULE.getJob, {
        Parameters: { id: '00000000-0000-4000-8000-000000000000' },
      });
      expect(unknown.status).toBe(404);
    },
  },
  [CAPSULE.uploadAttachment]: {
    name: 'Upload Attachment',
    shows:
      'uploads base64 content as the raw file and returns a token a note can use once; bad base64 is a 400',
    async run(world) {
      const token = await upload(world);
      const note = await noteWith(world, token);
      expect(note.attachments).toEqual([
        {
          id: expect.any(Number),
          filename: 'Quote #1 (naïve).pdf',
          contentType: 'application/pdf',
          size: PDF.length,
        },
      ]);
      const person = await createPerson(world);
      const reused = await world.call(CAPSULE.createNote, {
        Fields: { type: 'note', content: 'Again', party: { id: person.id }, attachments: [{ token }] },
      });
      expect(reused.status).toBe(422);
      const before = world.stats().apiRequests;
      const bad = await world.call(CAPSULE.uploadAttachment, {
        Parameters: { filename: 'x.pdf' },
        Fields: { content: 'not base64!', contentType: 'application/pdf' },
      });
      expect(bad.status).toBe(400);
      expect(bad.json().Message).toContain("'content'");
      expect(world.stats().apiRequests).toBe(before);
    },
  },
  [CAPSULE.downloadAttachment]: {
    name: 'Download Attachment',
    shows: "downloads a note's attachment as base64 with its name, type and size; an unknown id is a 404",
    async run(world) {
      const note = await noteWith(world, await upload(world, 'report.pdf'));
      const id = note.attachments[0].id;
      const body = await world.expectCall(CAPSULE.downloadAttachment, { Parameters: { id } }, 200);
      expect(body).toEqual({
        attachment: {
          filename: 'report.pdf',
          contentType: 'application/pdf',
          size: PDF.length,
          content: PDF.toString('base64'),
        },
      });
      expect((await world.call(CAPSULE.downloadAttachment, { Parameters: { id: 987654 } })).status).toBe(404);
    },
  },
};
