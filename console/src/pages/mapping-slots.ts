import type { TemplateDocument } from '../api/types.ts';

/** A mapping as the template document holds it. */
export interface Mapping {
  readonly MappingType: string;
  readonly Value?: unknown;
  readonly Step?: string;
  readonly Field?: string;
}

/** Where a mapping sits in a step: `Url`, `Left`, … or one entry of `Parameters` or `Fields`. */
export interface MappingSlot {
  readonly label: string;
  readonly path: readonly string[];
  readonly mapping: Mapping;
}

export const MAPPING_TYPES = [
  'Ignore',
  'StaticValue',
  'Variable',
  'StepData',
  'MergeField',
  'Expression',
] as const;
export const MERGE_FIELDS = [
  '{{LastSuccessfulRunDate}}',
  '{{AccountId}}',
  '{{AccountExternalId}}',
  '{{CycleId}}',
  '{{TransactionId}}',
];

const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && typeof (value as Mapping).MappingType === 'string';

/** Every mapping of a step, in a stable order. */
export function slotsOf(step: Record<string, unknown>): MappingSlot[] {
  const slots: MappingSlot[] = [];
  for (const single of ['Url', 'Left', 'Right', 'Until']) {
    const value = step[single];
    if (isMapping(value)) slots.push({ label: single, path: [single], mapping: value });
  }
  for (const group of ['Parameters', 'Fields']) {
    const entries = step[group];
    if (typeof entries !== 'object' || entries === null) continue;
    for (const [name, value] of Object.entries(entries)) {
      if (isMapping(value))
        slots.push({
          label: `${group === 'Parameters' ? 'Parameter' : 'Field'} ${name}`,
          path: [group, name],
          mapping: value,
        });
    }
  }
  return slots;
}

/** The document with one step's mapping replaced (nothing else changes). */
export function withMapping(
  document: TemplateDocument,
  stepKey: string,
  path: readonly string[],
  mapping: Mapping,
): TemplateDocument {
  return {
    ...document,
    Steps: document.Steps.map((step) => {
      if (step.Key !== stepKey) return step;
      const copy = structuredClone(step) as unknown as Record<string, unknown>;
      let target = copy;
      for (const part of path.slice(0, -1)) target = target[part] as Record<string, unknown>;
      target[path[path.length - 1] as string] = mapping;
      return copy as unknown as TemplateDocument['Steps'][number];
    }),
  };
}
