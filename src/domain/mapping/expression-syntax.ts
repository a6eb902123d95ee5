import { createRequire } from 'node:module';
import type jsonata from 'jsonata';

/** JSONata, loaded on the first expression checked: most processes never check one (it is ~600 kB). */
let compile: typeof jsonata | undefined;
const loadJsonata = (): typeof jsonata =>
  (compile ??= createRequire(import.meta.url)('jsonata') as typeof jsonata);

/** Longest JSONata expression a template may hold. */
export const MAX_EXPRESSION_LENGTH = 4000;

/** Why `expression` cannot be compiled, or `undefined` when it can. Parsing is bounded by the length cap. */
export function expressionProblem(expression: string): string | undefined {
  if (expression.trim() === '') return 'the expression is empty';
  if (expression.length > MAX_EXPRESSION_LENGTH)
    return `the expression is longer than ${MAX_EXPRESSION_LENGTH} characters`;
  try {
    loadJsonata()(expression);
    return undefined;
  } catch (error) {
    const { message, position } = error as { message?: string; position?: number };
    return `the expression does not compile: ${message ?? 'syntax error'}${position === undefined ? '' : ` at character ${position}`}`;
  }
}
