/**
 * A step's mappable slots — Cyclr's step parameters and field mappings — read from and written to a
 * cycle's document. Method steps take their slots from the connector method; Http steps have the
 * `Url` parameter and their body `Fields`; a Decision has `Left`/`Right`, a WaitUntil `Until`.
 */
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { DataType } from '../../connectors/connector-definition.ts';
import {
  BINARY_CONDITIONS,
  type Condition,
  type Mapping,
  type TemplateDocument,
  type TemplateStep,
} from '../templates/template-document.ts';
import { stepMethods } from '../templates/template-validation.ts';

/** Where in the step a slot's mapping lives. */
export type SlotPlace = 'Parameters' | 'Fields' | 'Url' | 'Left' | 'Right' | 'Until';

export interface MappingSlot {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly required: boolean;
  readonly dataType: DataType;
  readonly values: readonly string[];
  readonly place: SlotPlace;
  readonly mapping: Mapping | undefined;
}

const single = (
  step: TemplateStep,
  place: 'Url' | 'Left' | 'Right' | 'Until',
  required: boolean,
): MappingSlot => ({
  name: place,
  displayName: place,
  description: '',
  required,
  dataType: 'Text',
  values: [],
  place,
  mapping: step[place],
});

/** The step's parameters (Cyclr's `/steps/{id}/parameters`). */
export function stepParameters(
  document: TemplateDocument,
  step: TemplateStep,
  catalog: ConnectorCatalog,
): MappingSlot[] {
  switch (step.Kind) {
    case 'Method': {
      const method = stepMethods(document, catalog).get(step.Key);
      return (method?.parameters ?? []).map((p) => ({
        name: p.name,
        displayName: p.name,
        description: p.description,
        required: p.required,
        dataType: p.dataType,
        values: p.values ?? [],
        place: 'Parameters' as const,
        mapping: step.Parameters?.[p.name],
      }));
    }
    case 'Http':
      return [single(step, 'Url', true)];
    case 'Decision':
      return [
        single(step, 'Left', true),
        single(step, 'Right', BINARY_CONDITIONS.has(step.Condition as Condition)),
      ];
    case 'WaitUntil':
      return [single(step, 'Until', true)];
    default:
      return [];
  }
}

/** The step's fields (Cyclr's `/steps/{id}/fieldmappings`). */
export function stepFields(
  document: TemplateDocument,
  step: TemplateStep,
  catalog: ConnectorCatalog,
): MappingSlot[] {
  if (step.Kind === 'Method') {
    const method = stepMethods(document, catalog).get(step.Key);
    return (method?.request?.fields ?? []).map((f) => ({
      name: f.name,
      displayName: f.displayName,
      description: f.description ?? '',
      required: f.required ?? false,
      dataType: f.dataType,
      values: f.values ?? [],
      place: 'Fields' as const,
      mapping: step.Fields?.[f.name],
    }));
  }
  if (step.Kind === 'Http' || step.Kind === 'Map') {
    return Object.entries(step.Fields ?? {}).map(([name, mapping]) => ({
      name,
      displayName: name,
      description: '',
      required: false,
      dataType: 'Text' as const,
      values: [],
      place: 'Fields' as const,
      mapping,
    }));
  }
  return [];
}

/** A copy of `document` with `slot` of step `stepKey` mapped by `mapping`. */
export function withMapping(
  document: TemplateDocument,
  stepKey: string,
  slot: MappingSlot,
  mapping: Mapping,
): TemplateDocument {
  return {
    ...document,
    Steps: document.Steps.map((step) => {
      if (step.Key !== stepKey) return step;
      if (slot.place === 'Parameters' || slot.place === 'Fields') {
        return { ...step, [slot.place]: { ...(step[slot.place] ?? {}), [slot.name]: mapping } };
      }
      return { ...step, [slot.place]: mapping };
    }),
  };
}
