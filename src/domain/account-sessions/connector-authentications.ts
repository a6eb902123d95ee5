import type { ConnectorDefinition } from '../../connectors/connector-definition.ts';
import type { ConnectorCredentials } from '../account-connectors/account-connector.ts';
import type { PropertyInput } from '../account-connectors/account-connector-rules.ts';

/** One entry of LAUNCH's `ConnectorAuthentications`: a connector to pre-authenticate in the account. */
export interface ConnectorAuthentication {
  readonly definition: ConnectorDefinition;
  /** The credentials supplied for it; `null` installs it unauthenticated. */
  readonly credentials: ConnectorCredentials | null;
  readonly properties: readonly PropertyInput[];
}
