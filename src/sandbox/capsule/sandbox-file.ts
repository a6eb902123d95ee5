/**
 * The sandbox's state file: its control token and its OAuth grants and tokens (by hash only), so
 * account connectors authenticated against the sandbox stay authenticated after a restart.
 * Written atomically, readable by its owner only, at most once per `SAVE_DELAY_MS`.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { GrantsSnapshot } from './oauth/grants-and-tokens.ts';

export interface SandboxFileContents {
  readonly controlToken: string;
  readonly grants?: GrantsSnapshot;
}

const SAVE_DELAY_MS = 200;

/** Reads the file; `undefined` when there is none or it cannot be read (the sandbox starts afresh). */
export function readSandboxFile(path: string): SandboxFileContents | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<SandboxFileContents>;
    if (typeof parsed.controlToken !== 'string' || parsed.controlToken.length < 32) return undefined;
    return parsed as SandboxFileContents;
  } catch {
    return undefined;
  }
}

/** Writes the file now. */
export function writeSandboxFile(path: string, contents: SandboxFileContents): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(contents), { mode: 0o600 });
  renameSync(temporary, path);
}

/** Saves soon after a change, coalescing bursts; `flush` saves a pending change at once. */
export class SandboxFileWriter {
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly path: string,
    private readonly contents: () => SandboxFileContents,
  ) {}

  schedule(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.#timer.unref();
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    try {
      writeSandboxFile(this.path, this.contents());
    } catch {
      // A sandbox that cannot save keeps working from memory; the next change tries again.
    }
  }
}
