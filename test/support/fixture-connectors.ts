import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import type { ConnectorDefinition } from '../../src/connectors/connector-definition.ts';

/** A second connector for tests that need connector properties (Capsule has none). */
export const FIXTURE_CONNECTOR: ConnectorDefinition = {
  ...CAPSULE_V2,
  id: 9901,
  name: 'Fixture',
  version: 'v1',
  description: 'A connector used by the tests.',
  categories: ['Testing'],
  properties: [
    {
      name: 'Region',
      description: 'Data centre region',
      isAccountConnectorProperty: true,
      isOptional: true,
      isSensitive: false,
    },
    {
      name: 'PartnerKey',
      description: 'Set by the partner only',
      isAccountConnectorProperty: false,
      isOptional: true,
      isSensitive: true,
    },
  ],
};

export const TEST_CONNECTORS: readonly ConnectorDefinition[] = [CAPSULE_V2, FIXTURE_CONNECTOR];
