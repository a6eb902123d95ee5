/**
 * Paths into a step's output item, as templates write them: `id`, `emailAddresses[0].address`,
 * `owner.name`. A path is parsed once into segments; reading never throws (a missing step gives
 * `undefined`, which the Decision's `Exists` and the prerequisites understand).
 */

export type PathSegment = string | number;

const SEGMENT = /^([A-Za-z_$][\w$-]*)((?:\[\d+\])*)$/;

/** The segments of `path`, or `undefined` when it is not a valid path. */
export function parseFieldPath(path: string): PathSegment[] | undefined {
  if (path.trim() === '' || path.length > 500) return undefined;
  const segments: PathSegment[] = [];
  for (const part of path.split('.')) {
    const match = SEGMENT.exec(part);
    if (!match) return undefined;
    segments.push(match[1] as string);
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** Reads `path` from `value`; `undefined` where the path leads nowhere. */
export function readFieldPath(value: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = value;
  for (const segment of path) {
    if (current === null || current === undefined) return undefined;
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
