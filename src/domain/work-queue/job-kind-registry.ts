import { Compile, type Validator } from 'typebox/compile';
import { invalid } from '../errors.ts';
import type { JobKind } from './job-kind.ts';

/** The limits of a kind with every default filled in. */
export interface KindLimits {
  readonly maxAttempts: number;
  readonly leaseMs: number;
  readonly concurrencyPerProcess: number;
  readonly concurrencyKeyLimit: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_CONCURRENCY_KEY_LIMIT = 1;

/**
 * The job kinds this process knows. The composition root registers them; the queue's store reads the
 * schemas to validate payloads on enqueue, and the worker pool reads the handlers and limits.
 */
export class JobKindRegistry {
  readonly #kinds = new Map<string, JobKind<never>>();
  /** Each kind's payload schema compiled on first use: every enqueue and every claimed job checks one. */
  readonly #validators = new Map<string, Validator>();

  /** Adds a kind; a second kind with the same name is a programming error. */
  register<P>(kind: JobKind<P>): void {
    if (this.#kinds.has(kind.kind)) throw new Error(`job kind "${kind.kind}" is registered twice`);
    this.#kinds.set(kind.kind, kind as unknown as JobKind<never>);
  }

  get(kind: string): JobKind<unknown> | undefined {
    return this.#kinds.get(kind) as JobKind<unknown> | undefined;
  }

  names(): string[] {
    return [...this.#kinds.keys()];
  }

  /** The kind's limits with defaults; `perProcess` is the pool's limit used when the kind sets none. */
  limits(kind: JobKind<unknown>, perProcess = Number.POSITIVE_INFINITY): KindLimits {
    return {
      maxAttempts: kind.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      leaseMs: kind.leaseMs ?? DEFAULT_LEASE_MS,
      concurrencyPerProcess: Math.min(kind.concurrencyPerProcess ?? perProcess, perProcess),
      concurrencyKeyLimit: kind.concurrencyKeyLimit ?? DEFAULT_CONCURRENCY_KEY_LIMIT,
    };
  }

  /** What is wrong with `payload` for `kind`, one readable line each; empty when it is valid. */
  payloadProblems(kind: string, payload: unknown): string[] {
    const known = this.#kinds.get(kind);
    if (!known) return [`no job kind "${kind}" is registered`];
    let validator = this.#validators.get(kind);
    if (!validator) {
      validator = Compile(known.payload);
      this.#validators.set(kind, validator);
    }
    if (validator.Check(payload)) return [];
    return [...validator.Errors(payload)].slice(0, 5).map((error) => {
      const where =
        error.instancePath === '' ? 'payload' : `payload${error.instancePath.replaceAll('/', '.')}`;
      return `${where}: ${error.message}`;
    });
  }

  /** Throws an `invalid_request` error naming what is wrong when `payload` does not fit `kind`. */
  assertPayload(kind: string, payload: unknown): void {
    const problems = this.payloadProblems(kind, payload);
    if (problems.length > 0) throw invalid(`Job of kind "${kind}" not enqueued: ${problems.join('; ')}`);
  }
}
