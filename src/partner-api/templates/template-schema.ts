import { Type } from 'typebox';
import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { Template, TemplateRelease } from '../../domain/templates/template.ts';
import { resolveConnectors } from '../../domain/templates/template-validation.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export const TemplateIdParams = Type.Object({ id: Type.String() });

export const TemplateSchema = Type.Object({
  Id: Type.String(),
  Name: Type.String(),
  Description: Type.Union([Type.String(), Type.Null()]),
  Tags: Type.Array(Type.String()),
  ReleaseNumber: Type.Integer({ description: 'The newest release (releases count from 1).' }),
  Connectors: Type.Array(
    Type.Object({
      Key: Type.String(),
      Id: Type.Union([Type.Integer(), Type.Null()]),
      Name: Type.String(),
      Version: Type.String(),
    }),
  ),
  Variables: Type.Array(
    Type.Object({
      SystemName: Type.String(),
      DisplayName: Type.Union([Type.String(), Type.Null()]),
      Value: Type.Unknown(),
      IsLaunchVisible: Type.Boolean(),
    }),
  ),
  CreatedOnUtc: Type.String(),
  ModifiedOnUtc: Type.String(),
});

/** Cyclr's template object, from the template and its latest release. */
export function toCyclrTemplate(template: Template, release: TemplateRelease, catalog: ConnectorCatalog) {
  const resolved = resolveConnectors(release.document, catalog);
  return {
    Id: template.id,
    Name: template.name,
    Description: template.description,
    Tags: [...template.tags],
    ReleaseNumber: template.latestRelease,
    Connectors: release.document.Connectors.map((c) => ({
      Key: c.Key,
      Id: resolved.get(c.Key)?.id ?? null,
      Name: c.Name,
      Version: c.Version,
    })),
    Variables: (release.document.Variables ?? []).map((v) => ({
      SystemName: v.SystemName,
      DisplayName: v.DisplayName ?? null,
      Value: v.Value ?? null,
      IsLaunchVisible: v.IsLaunchVisible ?? false,
    })),
    CreatedOnUtc: iso(template.createdAt),
    ModifiedOnUtc: iso(template.updatedAt),
  };
}
