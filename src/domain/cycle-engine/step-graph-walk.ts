import type { TemplateDocument } from '../templates/template-document.ts';

/** The step after `key` (on a Decision, the edge of `branch`), or null when the path ends. */
export function nextStepKey(
  document: TemplateDocument,
  key: string,
  branch?: 'True' | 'False',
): string | null {
  const out = (document.Edges ?? []).filter((e) => e.From === key);
  const edge = branch === undefined ? out[0] : out.find((e) => e.EdgeType === branch);
  return edge?.To ?? null;
}
