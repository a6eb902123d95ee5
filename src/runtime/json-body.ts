/** Reading a provider's JSON body: bounded in size, and tolerant of an empty body (204). */
import type { Readable } from 'node:stream';

/** Reads a body as UTF-8 text, or `undefined` (and stops reading) once it passes `maxBytes`. */
export async function readLimited(body: Readable, maxBytes: number): Promise<string | undefined> {
  return (await readLimitedBytes(body, maxBytes))?.toString('utf8');
}

/** Reads a body's bytes, or `undefined` (and stops reading) once it passes `maxBytes`. */
export async function readLimitedBytes(body: Readable, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      body.destroy();
      return undefined;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses JSON text; an empty body is `null`, unparseable text is `{ ok: false }`. */
export function parseJson(
  text: string,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
