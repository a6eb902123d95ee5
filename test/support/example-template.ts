/** The spec's example template, with Capsule v2's List Parties as its trigger. */
export const LIST_PARTIES = '6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01';

export function exampleTemplate(overrides: { Name?: string; Backfill?: boolean } = {}) {
  return {
    Name: overrides.Name ?? 'New Capsule contacts to my app',
    Description: "Sends every new or changed Capsule contact to the partner's app",
    Tags: ['contacts'],
    Connectors: [{ Key: 'capsule', Name: 'Capsule', Version: 'v2' }],
    Settings: {
      Interval: 5,
      CollectionSplitType: 'All',
      StepErrorAction: 'Retry',
      RetryAttempts: 3,
      Backfill: overrides.Backfill ?? false,
    },
    Variables: [
      { SystemName: 'TargetUrl', DisplayName: "Your app's URL", Value: null, IsLaunchVisible: true },
    ],
    Steps: [
      {
        Key: 'changed',
        Name: 'Changed parties',
        Kind: 'Method',
        Connector: 'capsule',
        Method: LIST_PARTIES,
        Parameters: { since: { MappingType: 'MergeField', Value: '{{LastSuccessfulRunDate}}' } },
      },
      {
        Key: 'hasEmail',
        Kind: 'Decision',
        Left: { MappingType: 'StepData', Step: 'changed', Field: 'emailAddresses[0].address' },
        Condition: 'Exists',
      },
      {
        Key: 'send',
        Name: 'Send to my app',
        Kind: 'Http',
        HttpMethod: 'POST',
        Url: { MappingType: 'Variable', Value: 'TargetUrl' },
        Fields: {
          capsuleId: { MappingType: 'StepData', Step: 'changed', Field: 'id' },
          email: { MappingType: 'StepData', Step: 'changed', Field: 'emailAddresses[0].address' },
          name: { MappingType: 'Expression', Value: "changed.firstName & ' ' & changed.lastName" },
        },
      },
    ],
    Edges: [
      { From: 'changed', To: 'hasEmail' },
      { From: 'hasEmail', To: 'send', EdgeType: 'True' },
    ],
  };
}

/** A template whose trigger is the partner's own app posting to the cycle's URL. */
export function genericWebhookTemplate(targetUrl: string) {
  return {
    Name: 'Orders from my app',
    Connectors: [],
    Settings: { StepErrorAction: 'StopTransaction' },
    Steps: [
      { Key: 'order', Name: 'Order posted', Kind: 'Webhook', Event: 'Generic' },
      {
        Key: 'send',
        Name: 'Send the order on',
        Kind: 'Http',
        HttpMethod: 'POST',
        Url: { MappingType: 'StaticValue', Value: targetUrl },
        Fields: { order: { MappingType: 'StepData', Step: 'order', Field: 'order' } },
      },
    ],
    Edges: [{ From: 'order', To: 'send' }],
  };
}
