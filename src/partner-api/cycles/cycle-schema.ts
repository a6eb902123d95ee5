import { Type } from 'typebox';
import type { Cycle } from '../../domain/cycles/cycle.ts';
import { effectiveSettings } from '../../domain/templates/template-document.ts';
import type { PartnerApiDependencies } from '../partner-api-dependencies.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const CycleIdParams = Type.Object({ id: Type.String() });

export const CycleSchema = Type.Object({
  Id: Type.String(),
  Name: Type.String(),
  Description: Nullable(Type.String()),
  Status: Type.String({ description: 'Paused, Active, Stopped or Error.' }),
  TemplateId: Type.String(),
  ReleaseNumber: Type.Integer(),
  Interval: Type.Integer({ description: 'Minutes between polls.' }),
  StartTime: Nullable(Type.String()),
  RunOnce: Type.Boolean(),
  StepErrorAction: Type.String(),
  CollectionSplitType: Type.String(),
  LogStepDataRequests: Type.Boolean({
    description: "Whether each step's request and response (secrets redacted) are kept on its transactions.",
  }),
  Tags: Type.Array(Type.String()),
  Connectors: Type.Array(
    Type.Object({
      Key: Type.String(),
      Name: Type.String(),
      Version: Type.String(),
      AccountConnectorId: Type.Integer(),
      Authenticated: Type.Boolean(),
    }),
  ),
  CreatedOnUtc: Type.String(),
  ModifiedOnUtc: Type.String(),
  ActivatedOnUtc: Nullable(Type.String()),
  LastRunOnUtc: Nullable(Type.String()),
  NextRunOnUtc: Nullable(Type.String()),
});

/** Cyclr's cycle object, with each bound account connector's authentication. */
export async function toCyclrCycle(deps: PartnerApiDependencies, cycle: Cycle) {
  const settings = effectiveSettings(cycle.document.Settings);
  const bindings = await deps.cycles.bindings(cycle);
  const connectors = cycle.document.Connectors.map((c) => ({
    Key: c.Key,
    Name: c.Name,
    Version: c.Version,
    AccountConnectorId: bindings.get(c.Key)?.accountConnectorId ?? 0,
    Authenticated: bindings.get(c.Key)?.authenticated ?? false,
  }));
  return {
    Id: cycle.id,
    Name: cycle.name,
    Description: cycle.description,
    Status: cycle.status,
    TemplateId: cycle.templateId,
    ReleaseNumber: cycle.releaseNumber,
    Interval: cycle.intervalMinutes,
    StartTime: iso(cycle.startTime),
    RunOnce: cycle.runOnce,
    StepErrorAction: settings.StepErrorAction,
    CollectionSplitType: settings.CollectionSplitType,
    LogStepDataRequests: settings.LogStepDataRequests,
    Tags: [...(cycle.document.Tags ?? [])],
    Connectors: connectors,
    CreatedOnUtc: iso(cycle.createdAt) as string,
    ModifiedOnUtc: iso(cycle.updatedAt) as string,
    ActivatedOnUtc: iso(cycle.activatedAt),
    LastRunOnUtc: iso(cycle.lastRunAt),
    NextRunOnUtc: cycle.status === 'Active' ? iso(cycle.nextRunAt) : null,
  };
}

/** The install body shared by `POST /templates/{id}/install` and `POST /cycles`. */
export const InstallBody = Type.Object(
  {
    Name: Type.Optional(Type.String()),
    AccountConnectors: Type.Optional(
      Type.Record(Type.String(), Type.Union([Type.Integer(), Type.String({ pattern: '^[0-9]+$' })]), {
        description:
          'Template connector Key → account connector Id to bind; a connector not given is installed, unauthenticated.',
      }),
    ),
    LogStepDataRequests: Type.Optional(
      Type.Boolean({ description: "Overrides the template's Settings.LogStepDataRequests for this cycle." }),
    ),
  },
  { additionalProperties: true },
);

export function accountConnectorsFrom(
  value: Record<string, number | string> | undefined,
): Record<string, number> | undefined {
  if (!value) return undefined;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, Number(v)]));
}
