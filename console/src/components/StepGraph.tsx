import type { TemplateDocument } from '../api/types.ts';

const BOX_W = 180;
const BOX_H = 52;
const GAP_X = 60;
const GAP_Y = 40;

/** Each step's layer: the trigger (first step) on layer 0, every other step one below its deepest parent. */
function layers(document: TemplateDocument): Map<string, number> {
  const depth = new Map<string, number>();
  const first = document.Steps[0]?.Key;
  if (first) depth.set(first, 0);
  const edges = document.Edges ?? [];
  // Longest path from the trigger; the import refuses cycles in the graph, so this settles.
  for (let round = 0; round < document.Steps.length; round++) {
    for (const edge of edges) {
      const from = depth.get(edge.From);
      if (from !== undefined && (depth.get(edge.To) ?? -1) < from + 1) depth.set(edge.To, from + 1);
    }
  }
  let next = Math.max(0, ...depth.values()) + 1;
  for (const step of document.Steps) if (!depth.has(step.Key)) depth.set(step.Key, next++);
  return depth;
}

/**
 * A template's steps and edges as a picture — the trigger at the top, each Decision's True and False
 * branches side by side and labelled — with the same graph as a list for screen readers.
 */
export function StepGraph({ document }: { readonly document: TemplateDocument }) {
  const depth = layers(document);
  const rows = new Map<number, string[]>();
  for (const step of document.Steps) {
    const layer = depth.get(step.Key) ?? 0;
    rows.set(layer, [...(rows.get(layer) ?? []), step.Key]);
  }
  const widest = Math.max(1, ...[...rows.values()].map((r) => r.length));
  const width = widest * BOX_W + (widest - 1) * GAP_X + 20;
  const height = rows.size * (BOX_H + GAP_Y) + 10;
  const position = new Map<string, { x: number; y: number }>();
  for (const [layer, keys] of rows) {
    const rowWidth = keys.length * BOX_W + (keys.length - 1) * GAP_X;
    keys.forEach((key, i) => {
      position.set(key, { x: (width - rowWidth) / 2 + i * (BOX_W + GAP_X), y: 10 + layer * (BOX_H + GAP_Y) });
    });
  }
  const stepOf = (key: string) => document.Steps.find((s) => s.Key === key);
  return (
    <figure className="graph">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={{ maxWidth: `${width}px` }}
        role="img"
        aria-label={`The steps of ${document.Name} and how they connect`}
      >
        {(document.Edges ?? []).map((edge) => {
          const from = position.get(edge.From);
          const to = position.get(edge.To);
          if (!from || !to) return null;
          const x1 = from.x + BOX_W / 2;
          const y1 = from.y + BOX_H;
          const x2 = to.x + BOX_W / 2;
          const y2 = to.y;
          const branch = edge.EdgeType === 'True' || edge.EdgeType === 'False' ? edge.EdgeType : null;
          return (
            <g key={`${edge.From}-${edge.To}`} className={`edge edge-${branch?.toLowerCase() ?? 'forward'}`}>
              <line x1={x1} y1={y1} x2={x2} y2={y2 - 4} />
              <polygon points={`${x2 - 5},${y2 - 9} ${x2 + 5},${y2 - 9} ${x2},${y2 - 1}`} />
              {branch && (
                <text x={(x1 + x2) / 2 + 6} y={(y1 + y2) / 2}>
                  {branch}
                </text>
              )}
            </g>
          );
        })}
        {document.Steps.map((step, index) => {
          const at = position.get(step.Key);
          if (!at) return null;
          return (
            <g key={step.Key} className={`node node-${step.Kind.toLowerCase()}`}>
              <rect x={at.x} y={at.y} width={BOX_W} height={BOX_H} rx={8} />
              <text x={at.x + 10} y={at.y + 21} className="node-title">
                {(step.Name ?? step.Key).slice(0, 24)}
              </text>
              <text x={at.x + 10} y={at.y + 40} className="node-kind">
                {index === 0 ? `Trigger · ${step.Kind}` : step.Kind}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ol className="graph-list">
          {document.Steps.map((step, index) => {
            const out = (document.Edges ?? []).filter((e) => e.From === step.Key);
            return (
              <li key={step.Key}>
                <strong>{step.Name ?? step.Key}</strong> ({index === 0 ? 'trigger, ' : ''}
                {step.Kind}){out.length > 0 ? ' → ' : ''}
                {out
                  .map(
                    (e) =>
                      `${stepOf(e.To)?.Name ?? e.To}${e.EdgeType && e.EdgeType !== 'Forward' ? ` if ${e.EdgeType}` : ''}`,
                  )
                  .join(', ')}
              </li>
            );
          })}
        </ol>
      </figcaption>
    </figure>
  );
}
