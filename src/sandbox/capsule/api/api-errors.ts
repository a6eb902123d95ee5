/** An API answer other than success, with Capsule's body for it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Readonly<Record<string, unknown>>,
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

/** 404 with Capsule's generic body, or a more specific message such as `party not found`. */
export function notFound(message = 'Could not find resource'): ApiError {
  return new ApiError(404, { message });
}

/** 400 for requests Capsule would not understand at all (bad paging parameters, malformed JSON). */
export function badRequest(message: string): ApiError {
  return new ApiError(400, { message });
}

/** One line of a 422 body. */
export interface ValidationProblem {
  message: string;
  resource: string;
  field: string;
}

/** 422 in Capsule's documented shape. */
export function validationFailed(problems: readonly ValidationProblem[]): ApiError {
  return new ApiError(422, { message: 'Validation Failed', errors: problems });
}

/** A single-problem 422, e.g. `since is required`. */
export function validationError(resource: string, field: string, message: string): ApiError {
  return validationFailed([{ message, resource, field }]);
}

/** Gathers every problem of one request body, so a 422 lists them all as Capsule does. */
export class ValidationProblems {
  private readonly problems: ValidationProblem[] = [];

  constructor(readonly resource: string) {}

  add(field: string, message: string): void {
    this.problems.push({ message, resource: this.resource, field });
  }

  get empty(): boolean {
    return this.problems.length === 0;
  }

  throwIfAny(): void {
    if (this.problems.length > 0) {
      throw validationFailed(this.problems);
    }
  }
}
