import type { IsolationKit } from './isolation-cases.ts';

/**
 * Imports a partner template whose trigger is a generic webhook, with one Http step and one variable
 * (`Target`); no connector to install. Answers its Id.
 */
export async function importGenericWebhookTemplate(kit: IsolationKit): Promise<string> {
  const response = await kit.call('POST', '/v1.0/templates/import', {
    body: {
      Name: 'Orders to my app',
      Connectors: [],
      Variables: [{ SystemName: 'Target', Value: 'https://app.example.com/in' }],
      Steps: [
        { Key: 'order', Kind: 'Webhook', Event: 'Generic' },
        {
          Key: 'send',
          Kind: 'Http',
          HttpMethod: 'POST',
          Url: { MappingType: 'StaticValue', Value: 'https://app.example.com/in' },
        },
      ],
      Edges: [{ From: 'order', To: 'send' }],
    },
  });
  if (response.status !== 200) throw new Error(`template failed: ${response.text}`);
  return response.json().Id;
}

/** A cycle of `account` installed from a fresh generic-webhook template; answers its Id. */
export async function installGenericWebhookCycle(account: string, kit: IsolationKit): Promise<string> {
  const installed = await kit.call(
    'POST',
    `/v1.0/templates/${await importGenericWebhookTemplate(kit)}/install`,
    {
      account,
      body: {},
    },
  );
  if (installed.status !== 200) throw new Error(`install failed: ${installed.text}`);
  return installed.json().Id;
}
