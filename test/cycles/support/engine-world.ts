/** One live Plugboard with the sandbox, an authenticated Capsule connector and the partner's app. */
import { expect } from 'vitest';
import type { CycleEngineSettings } from '../../../src/domain/cycle-engine/engine-settings.ts';
import { type LivePlugboard, startLivePlugboard } from '../../support/live-plugboard.ts';
import { PartnerClient } from '../../support/partner-client.ts';
import { insertAccount } from '../../support/raw-rows.ts';
import { installWithSandboxTokens, setUpCapsuleAgainstSandbox } from '../../support/sandbox-consent.ts';
import type { TestDatabase } from '../../support/test-databases.ts';
import { type AppReceiver, startAppReceiver } from './app-receiver.ts';
import { settled, type TransactionView } from './cycle-world.ts';

export const LIST_USERS = '46fd7ac3-d6a6-4d2a-9ebe-4f92c4c7e9ed';
/** List Users answers the sandbox's three active users. */
export const SEEDED_USERS = 3;

export interface EngineWorld {
  readonly app: LivePlugboard;
  readonly partner: PartnerClient;
  readonly receiver: AppReceiver;
  readonly account: string;
  readonly accountConnectorId: number;
  /** Imports `template`, installs it bound to the connector, points TargetUrl at `path`; returns the cycle id. */
  install(template: Record<string, unknown>, path: string): Promise<string>;
  /** Activates with RunOnce and waits until every transaction has finished or parked. */
  runOnce(cycleId: string): Promise<TransactionView[]>;
  close(): Promise<void>;
}

/** A cycle that lists the sandbox's users and posts each one's id to the partner's app. */
export function usersToApp(
  name: string,
  settings: Record<string, unknown> = {},
  extraSteps: unknown[] = [],
  extraEdges: unknown[] = [],
) {
  return {
    Name: name,
    Connectors: [{ Key: 'capsule', Name: 'Capsule', Version: 'v2' }],
    Settings: { Backfill: true, CollectionSplitType: 'All', StepErrorAction: 'StopTransaction', ...settings },
    Variables: [{ SystemName: 'TargetUrl', Value: null }],
    Steps: [
      { Key: 'users', Kind: 'Method', Connector: 'capsule', Method: LIST_USERS },
      {
        Key: 'send',
        Kind: 'Http',
        Url: { MappingType: 'Variable', Value: 'TargetUrl' },
        Fields: { userId: { MappingType: 'StepData', Step: 'users', Field: 'id' } },
      },
      ...extraSteps,
    ],
    Edges: [{ From: 'users', To: 'send' }, ...extraEdges],
  };
}

export async function startEngineWorld(
  database: TestDatabase,
  engine: Partial<CycleEngineSettings> = {},
): Promise<EngineWorld> {
  const app = await startLivePlugboard(database, {
    runJobs: true,
    cycleEngine: { maintenanceIntervalMs: 300, ...engine },
    env: { PLUGBOARD_LOG_LEVEL: 'warn', PLUGBOARD_CYCLE_RETRY_DIVISOR: '60000' },
  });
  const partner = await PartnerClient.connect(app, 'HTTP');
  await partner.authenticate();
  const account = 'acme';
  await insertAccount(app, account);
  const sandboxBase = `${app.baseUrl}/sandbox/capsule`;
  await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandboxBase);
  const accountConnectorId = await installWithSandboxTokens(
    partner,
    sandboxBase,
    app.config.callbackUrl,
    account,
    'Capsule',
  );
  const receiver = await startAppReceiver();
  const settings = await partner.call('PUT', '/v1.0/settings', {
    body: { AllowedOutboundHosts: [`127.0.0.1:${receiver.port}`], AllowPrivateAddresses: true },
  });
  expect(settings.status).toBe(200);
  return {
    app,
    partner,
    receiver,
    account,
    accountConnectorId,
    async install(template, path) {
      const imported = await partner.call('POST', '/v1.0/templates/import', { body: template });
      expect(imported.status, imported.text).toBe(200);
      const cycle = await partner.call('POST', `/v1.0/templates/${imported.json().Id}/install`, {
        account,
        body: { AccountConnectors: { capsule: accountConnectorId } },
      });
      const id = cycle.json().Id as string;
      const variables = await partner.call('PATCH', `/v1.0/cycles/${id}/variables`, {
        account,
        body: [{ SystemName: 'TargetUrl', Value: receiver.url(path) }],
      });
      expect(variables.status).toBe(200);
      return id;
    },
    async runOnce(cycleId) {
      const reply = await partner.call('PUT', `/v1.0/cycles/${cycleId}/activate`, {
        account,
        body: { RunOnce: true },
      });
      expect(reply.status, reply.text).toBe(200);
      return settled(partner, account, cycleId);
    },
    async close() {
      await receiver.close();
      await app.close();
    },
  };
}
