import type { ConnectorCatalog } from '../../connectors/catalog.ts';
import type { LaunchRequest } from '../../domain/account-sessions/launch-service.ts';
import { checked } from '../../domain/errors.ts';
import { readNewAccount } from '../accounts/account-body.ts';
import { asInputObject, readField } from '../cross-cutting/input-fields.ts';
import { readConnectorAuthentications } from './connector-authentications-body.ts';
import { readLaunchOptions } from './launch-options-body.ts';

/**
 * Reads the body of `POST /v1.0/accounts/{id}/launch`. Everything is checked before the service
 * writes anything, so a refused LAUNCH writes nothing. `AccountName` and `AccountDescription` matter
 * only when the account is missing, so their refusal is reported only then.
 */
export function readLaunchRequest(
  accountId: string,
  body: unknown,
  context: { readonly allowedOrigins: readonly string[]; readonly catalog: ConnectorCatalog },
): LaunchRequest {
  const input = asInputObject(body);
  const options = readLaunchOptions(input, context.allowedOrigins);
  const authentications = readConnectorAuthentications(input, context.catalog);
  const name = readField(input, 'AccountName');
  const description = readField(input, 'AccountDescription');
  const accountName =
    name.present && typeof name.value === 'string' && name.value.trim() !== '' ? name.value : accountId;
  const newAccount = checked(() =>
    readNewAccount({
      Id: accountId,
      Name: accountName,
      ...(description.present && description.value !== undefined ? { Description: description.value } : {}),
    }),
  );
  return { options, authentications, newAccount };
}
