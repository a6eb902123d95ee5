import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import { PlugboardError } from '../errors.ts';
import type { Stores } from '../stores.ts';

export interface PropertyInput {
  readonly name: string;
  readonly value: string | null;
}

/**
 * Refuses a name another of the account's connectors has (other than `exceptId`), with Cyclr's sentence
 * first — clients match it to find the one they installed before — and then that connector's Id.
 */
export async function refuseNameInUse(
  tx: Pick<Stores, 'accountConnectors'>,
  accountId: string,
  name: string,
  exceptId?: number,
): Promise<void> {
  const holder = await tx.accountConnectors.findIdByName(accountId, name, exceptId);
  if (holder === undefined) return;
  throw new PlugboardError(
    'name_in_use',
    `Account connector name ${name} is in use. It is the name of account connector ${holder}.`,
  );
}

/**
 * Checks property names against the connector's account-connector properties (Cyclr's messages). With
 * `allowUndeclared` (Cyclr's properties sub-resource) a name the connector does not declare is accepted;
 * a partner-level property is still refused.
 */
export function checkProperties(
  definition: ConnectorDefinition,
  properties: readonly PropertyInput[],
  options: { readonly allowUndeclared?: boolean } = {},
): void {
  for (const property of properties) {
    const known = definition.properties.find(
      (p) => p.name.toLowerCase() === String(property.name).toLowerCase(),
    );
    if (!known && options.allowUndeclared) continue;
    if (!known)
      throw new PlugboardError(
        'invalid_parameter',
        `There is not a connector property that matches name '${property.name}'.`,
      );
    if (!known.isAccountConnectorProperty) {
      throw new PlugboardError(
        'invalid_parameter',
        `Connector property name '${property.name}' is not an account connector property.`,
      );
    }
  }
}

/** The audit entry for credentials the partner supplied in `AuthValue`. */
export function suppliedEvent(accountId: string, accountConnectorId: number, at: number) {
  return {
    at,
    actor: 'partner',
    action: 'credentials.supplied' as const,
    accountId,
    accountConnectorId,
    detail: 'Credentials supplied in AuthValue',
  };
}

/**
 * Audits a call for an account connector id that exists, but in another account (row 43): still a
 * plain 404 to the caller, but visible to whoever reads the audit.
 */
export async function recordOtherAccountAttempt(
  stores: Pick<Stores, 'accountConnectors' | 'audit'>,
  accountId: string,
  id: number,
  at: number,
): Promise<void> {
  const elsewhere = await stores.accountConnectors.findById(id);
  if (!elsewhere || elsewhere.accountId === accountId) return;
  await stores.audit.record({
    at,
    actor: 'partner',
    action: 'access.other_account',
    accountId,
    accountConnectorId: id,
    detail: `A call scoped to account '${accountId}' named account connector ${id} of another account`,
  });
}
