/** How deep any JSON Plugboard accepts may nest: far beyond real data, far below the stack's limit. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when `value` nests arrays or objects more than `maxDepth` levels deep. Walks with its own stack
 * (no recursion), so 20,000 levels are measured as safely as two; stops as soon as the limit is passed.
 */
export function exceedsJsonDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(current as object)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}
