import type { ConnectorCatalog } from '../connectors/catalog.ts';
import type { AccountConnector } from '../domain/account-connectors/account-connector.ts';
import type { Cycle } from '../domain/cycles/cycle.ts';
import type { Prerequisite } from '../domain/cycles/cycle-prerequisites.ts';
import type { Template } from '../domain/templates/template.ts';
import type { TemplateDocument } from '../domain/templates/template-document.ts';
import { resolveConnectors } from '../domain/templates/template-validation.ts';

/** The variables the end user may fill: those the template marks `IsLaunchVisible`. */
export function launchVisibleVariables(document: TemplateDocument) {
  return (document.Variables ?? [])
    .filter((v) => v.IsLaunchVisible === true)
    .map((v) => ({
      SystemName: v.SystemName,
      DisplayName: v.DisplayName ?? v.SystemName,
      Value: v.Value === undefined || v.Value === null ? null : String(v.Value),
    }));
}

/** What the page needs to know about an unmet prerequisite, in the end user's words. */
function prerequisiteView(prerequisite: Prerequisite, connectors: readonly AccountConnector[]) {
  const connector =
    prerequisite.ReasonCode === 20
      ? connectors.find((c) => c.id === Number(prerequisite.ObjectId))
      : undefined;
  return {
    ReasonCode: prerequisite.ReasonCode,
    Message: connector
      ? `Connect ${connector.name} first.`
      : prerequisite.ReasonCode === 20
        ? 'Connect the app this integration uses first.'
        : `${prerequisite.Reason}: ${prerequisite.Description}`,
    AccountConnectorId: connector?.id ?? null,
  };
}

/** One integration the page offers: the template, and this account's cycle of it when there is one. */
export function integrationView(
  template: Template,
  document: TemplateDocument,
  cycle: Cycle | null,
  prerequisites: readonly Prerequisite[],
  connectors: readonly AccountConnector[],
  catalog: ConnectorCatalog,
) {
  const needed = [...resolveConnectors(document, catalog).values()];
  return {
    TemplateId: template.id,
    Name: template.name,
    Description: template.description,
    Apps: needed.map((d) => `${d.name} ${d.version}`),
    Variables: launchVisibleVariables(cycle?.document ?? document),
    Cycle: cycle
      ? {
          Id: cycle.id,
          Status: cycle.status,
          Prerequisites: prerequisites.map((p) => prerequisiteView(p, connectors)),
        }
      : null,
  };
}
