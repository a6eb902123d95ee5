import type { TemplateDocument, TemplateEdge } from './template-document.ts';

/** The edges as adjacency, for checks and for the engine's walk. */
export interface StepGraph {
  readonly incoming: ReadonlyMap<string, readonly TemplateEdge[]>;
  readonly outgoing: ReadonlyMap<string, readonly TemplateEdge[]>;
}

export function stepGraph(document: Pick<TemplateDocument, 'Steps' | 'Edges'>): StepGraph {
  const incoming = new Map<string, TemplateEdge[]>();
  const outgoing = new Map<string, TemplateEdge[]>();
  for (const step of document.Steps) {
    incoming.set(step.Key, []);
    outgoing.set(step.Key, []);
  }
  for (const edge of document.Edges ?? []) {
    incoming.get(edge.To)?.push(edge);
    outgoing.get(edge.From)?.push(edge);
  }
  return { incoming, outgoing };
}

/** The steps on the way to `key` (its ancestors), nearest first. Assumes at most one incoming edge each. */
export function ancestorsOf(graph: StepGraph, key: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>([key]);
  let current = graph.incoming.get(key)?.[0]?.From;
  while (current !== undefined && !seen.has(current)) {
    out.push(current);
    seen.add(current);
    current = graph.incoming.get(current)?.[0]?.From;
  }
  return out;
}

/** A step key on a loop of edges, or `undefined` when the graph has none. */
export function stepOnLoop(graph: StepGraph): string | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string): string | undefined => {
    const now = state.get(key);
    if (now === 'visiting') return key;
    if (now === 'done') return undefined;
    state.set(key, 'visiting');
    for (const edge of graph.outgoing.get(key) ?? []) {
      const found = visit(edge.To);
      if (found !== undefined) return found;
    }
    state.set(key, 'done');
    return undefined;
  };
  for (const key of graph.outgoing.keys()) {
    const found = visit(key);
    if (found !== undefined) return found;
  }
  return undefined;
}
