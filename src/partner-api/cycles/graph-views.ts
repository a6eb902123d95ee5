import { Type } from 'typebox';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { Cycle, CycleStep } from '../../domain/cycles/cycle.ts';
import { effectiveSettings } from '../../domain/templates/template-document.ts';
import { stepMethods } from '../../domain/templates/template-validation.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const StepSchema = Type.Object({
  Id: Type.String(),
  CycleId: Type.String(),
  StepKey: Type.String(),
  Name: Type.String(),
  Description: Nullable(Type.String()),
  ActionType: Type.String({
    description: 'The step Kind: Method, Webhook, Http, Decision, Delay, WaitUntil or Map.',
  }),
  Position: Type.Integer(),
  AccountConnectorId: Nullable(Type.Integer()),
  MethodUniqueIdentifier: Nullable(Type.String()),
  MethodName: Nullable(Type.String()),
  Event: Nullable(Type.String()),
  CollectionSplitType: Type.String(),
  StepErrorAction: Type.String(),
});

export const EdgeSchema = Type.Object({
  Id: Type.String(),
  TailStepId: Type.String({ description: 'The step the edge leaves (From).' }),
  HeadStepId: Type.String({ description: 'The step the edge enters (To).' }),
  EdgeType: Type.String({ description: 'Forward, True or False.' }),
});

export const VariableSchema = Type.Object({
  SystemName: Type.String(),
  DisplayName: Nullable(Type.String()),
  Value: Type.Unknown(),
  MappingType: Type.String(),
  IsLaunchVisible: Type.Boolean(),
});

export function toCyclrSteps(cycle: Cycle, steps: readonly CycleStep[], catalog: ConnectorCatalog) {
  const methods = stepMethods(cycle.document, catalog);
  const settings = effectiveSettings(cycle.document.Settings);
  return steps.flatMap((s) => {
    const step = cycle.document.Steps.find((d) => d.Key === s.key);
    if (!step) return [];
    const method = methods.get(s.key);
    return [
      {
        Id: s.id,
        CycleId: cycle.id,
        StepKey: s.key,
        Name: step.Name ?? s.key,
        Description: step.Description ?? null,
        ActionType: step.Kind,
        Position: s.position,
        AccountConnectorId: step.Connector === undefined ? null : (cycle.connectors[step.Connector] ?? null),
        MethodUniqueIdentifier: method?.uniqueIdentifier ?? null,
        MethodName: method?.name ?? null,
        Event: step.Event ?? null,
        CollectionSplitType: step.CollectionSplitType ?? settings.CollectionSplitType,
        StepErrorAction: step.StepErrorAction ?? settings.StepErrorAction,
      },
    ];
  });
}

/** Edges by step Id. An edge's Id is its head step's Id plus its type: a step has one edge into it. */
export function toCyclrEdges(cycle: Cycle, steps: readonly CycleStep[]) {
  const ids = new Map(steps.map((s) => [s.key, s.id]));
  return (cycle.document.Edges ?? []).map((e) => ({
    Id: `${ids.get(e.To) ?? e.To}:${e.EdgeType ?? 'Forward'}`,
    TailStepId: ids.get(e.From) ?? e.From,
    HeadStepId: ids.get(e.To) ?? e.To,
    EdgeType: e.EdgeType ?? 'Forward',
  }));
}

export function toCyclrVariables(cycle: Cycle) {
  return (cycle.document.Variables ?? []).map((v) => ({
    SystemName: v.SystemName,
    DisplayName: v.DisplayName ?? null,
    Value: v.Value ?? null,
    MappingType: 'StaticValue',
    IsLaunchVisible: v.IsLaunchVisible ?? false,
  }));
}
