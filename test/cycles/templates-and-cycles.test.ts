import { expect, it } from 'vitest';
import { describeApi } from '../support/api-harness.ts';
import { exampleTemplate, LIST_PARTIES } from '../support/example-template.ts';

const AUTH_VALUE = JSON.stringify({
  AccessToken: 'at-1',
  RefreshToken: 'rt-1',
  Expires: '2031-01-01T00:00:00Z',
});

describeApi('templates and cycles', (harness) => {
  const account = 'acme';
  let templateId = '';

  it('imports a template, then a second release under the same Name, and exports it', async () => {
    const { call } = harness();
    expect((await call('POST', '/v1.0/accounts', { body: { Id: account, Name: 'Acme' } })).status).toBe(200);
    const first = await call('POST', '/v1.0/templates/import', { body: exampleTemplate() });
    expect(first.status).toBe(200);
    expect(first.json()).toMatchObject({
      Name: 'New Capsule contacts to my app',
      ReleaseNumber: 1,
      Tags: ['contacts'],
    });
    templateId = first.json().Id;
    const second = await call('POST', '/v1.0/templates/import', { body: exampleTemplate() });
    expect(second.json()).toMatchObject({ Id: templateId, ReleaseNumber: 2 });
    const exported = await call('GET', `/v1.0/templates/${templateId}/export`);
    expect(exported.json()).toEqual(exampleTemplate());
    const listed = await call('GET', '/v1.0/templates?tag=CONTACTS');
    expect(listed.json().map((t: { Id: string }) => t.Id)).toEqual([templateId]);
    expect((await call('GET', '/v1.0/templates?tag=other')).json()).toEqual([]);
  });

  it('refuses an invalid template with every problem by step key, storing nothing', async () => {
    const { call } = harness();
    const bad = exampleTemplate({ Name: 'Broken' });
    (bad.Steps[0] as { Method: string }).Method = '00000000-0000-4000-8000-000000000000';
    (bad.Steps[2] as { Url: unknown }).Url = { MappingType: 'Variable', Value: 'Nope' };
    const reply = await call('POST', '/v1.0/templates/import', { body: bad });
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.json())).toEqual(['Message']);
    expect(reply.json().Message).toContain("Step 'changed'");
    expect(reply.json().Message).toContain("Step 'send'.Url uses the variable 'Nope'");
    expect((await call('GET', '/v1.0/templates')).json()).toHaveLength(1);
  });

  it('installs into an account, binding or installing connectors, and reports prerequisites 20 and 40', async () => {
    const { call } = harness();
    const installed = await call('POST', `/v1.0/templates/${templateId}/install`, { account, body: {} });
    expect(installed.status).toBe(200);
    const cycle = installed.json();
    expect(cycle).toMatchObject({ Status: 'Paused', TemplateId: templateId, ReleaseNumber: 2 });
    expect(cycle.Connectors).toEqual([
      expect.objectContaining({ Key: 'capsule', Name: 'Capsule', Version: 'v2', Authenticated: false }),
    ]);
    const prerequisites = (await call('GET', `/v1.0/cycles/${cycle.Id}/prerequisites`, { account })).json();
    expect(prerequisites.map((p: { ReasonCode: number }) => p.ReasonCode).sort()).toEqual([20, 40]);
    const refused = await call('PUT', `/v1.0/cycles/${cycle.Id}/activate`, { account, body: {} });
    expect(refused.status).toBe(400);
    expect(refused.json().Message).toContain('20 Unauthenticated connector');

    const ac = await call('POST', '/v1.0/connectors/Capsule/v2/install', {
      account,
      body: { Name: 'Bound', AuthValue: AUTH_VALUE },
    });
    const bound = await call('POST', '/v1.0/cycles', {
      account,
      body: { TemplateId: templateId, Name: 'Bound cycle', AccountConnectors: { capsule: ac.json().Id } },
    });
    expect(bound.json().Connectors[0]).toMatchObject({
      AccountConnectorId: ac.json().Id,
      Authenticated: true,
    });
    const wrong = await call('POST', `/v1.0/templates/${templateId}/install`, {
      account,
      body: { AccountConnectors: { salesforce: 1 } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json().Message).toContain("no connector 'salesforce'");
  });

  it('lists steps, edges and variables, sets mappings, and refuses edits while running (409)', async () => {
    const { call } = harness();
    const cycles = (await call('GET', '/v1.0/cycles', { account })).json();
    const cycle = cycles.find((c: { Name: string }) => c.Name === 'Bound cycle');
    const steps = (await call('GET', `/v1.0/cycles/${cycle.Id}/steps`, { account })).json();
    expect(steps.map((s: { StepKey: string }) => s.StepKey)).toEqual(['changed', 'hasEmail', 'send']);
    expect(steps[0]).toMatchObject({ ActionType: 'Method', MethodUniqueIdentifier: LIST_PARTIES });
    const edges = (await call('GET', `/v1.0/cycles/${cycle.Id}/edges`, { account })).json();
    expect(edges).toEqual([
      expect.objectContaining({ TailStepId: steps[0].Id, HeadStepId: steps[1].Id, EdgeType: 'Forward' }),
      expect.objectContaining({ TailStepId: steps[1].Id, HeadStepId: steps[2].Id, EdgeType: 'True' }),
    ]);
    const params = (await call('GET', `/v1.0/steps/${steps[0].Id}/parameters`, { account })).json();
    expect(params.find((p: { Id: string }) => p.Id === 'since')).toMatchObject({
      MappingType: 'MergeField',
      Value: '{{LastSuccessfulRunDate}}',
    });
    const fields = (await call('GET', `/v1.0/steps/${steps[2].Id}/fieldmappings`, { account })).json();
    expect(fields.find((f: { Id: string }) => f.Id === 'capsuleId')).toMatchObject({
      MappingType: 'StepData',
      SourceStepId: steps[0].Id,
      SourceFieldId: 'id',
    });
    const badMapping = await call('PUT', `/v1.0/steps/${steps[2].Id}/fieldmappings/email`, {
      account,
      body: { MappingType: 'StepData', SourceStepId: steps[0].Id, SourceFieldId: 'nope' },
    });
    expect(badMapping.status).toBe(400);
    const mapped = await call('PUT', `/v1.0/steps/${steps[2].Id}/fieldmappings/email`, {
      account,
      body: { MappingType: 'StaticValue', Value: 'fixed@example.com' },
    });
    expect(mapped.json()).toMatchObject({ MappingType: 'StaticValue', Value: 'fixed@example.com' });

    const badVars = await call('PATCH', `/v1.0/cycles/${cycle.Id}/variables`, {
      account,
      body: [{ SystemName: 'Nope', Value: 1 }],
    });
    expect(badVars.status).toBe(400);
    const vars = await call('PATCH', `/v1.0/cycles/${cycle.Id}/variables`, {
      account,
      body: [{ SystemName: 'targeturl', Value: 'https://app.example.com/in' }],
    });
    expect(vars.json()).toEqual([
      expect.objectContaining({ SystemName: 'TargetUrl', Value: 'https://app.example.com/in' }),
    ]);
    expect((await call('GET', `/v1.0/cycles/${cycle.Id}/prerequisites`, { account })).json()).toEqual([]);

    const badInterval = await call('PUT', `/v1.0/cycles/${cycle.Id}/activate`, {
      account,
      body: { Interval: 7 },
    });
    expect(badInterval.status).toBe(400);
    expect(badInterval.json().Message).toContain('Interval must be one of 1, 5, 15');
    const active = await call('PUT', `/v1.0/cycles/${cycle.Id}/activate`, {
      account,
      body: { Interval: 60, StartTime: '2031-01-01T00:00:00Z' },
    });
    expect(active.json()).toMatchObject({
      Status: 'Active',
      Interval: 60,
      StartTime: '2031-01-01T00:00:00.000Z',
    });
    const running = await call('PATCH', `/v1.0/cycles/${cycle.Id}/variables`, {
      account,
      body: [{ SystemName: 'TargetUrl', Value: 'https://elsewhere.example.com' }],
    });
    expect(running.status).toBe(409);
    expect((await call('PUT', `/v1.0/cycles/${cycle.Id}/upgrade`, { account, body: {} })).status).toBe(409);
    const paused = await call('PUT', `/v1.0/cycles/${cycle.Id}/deactivate?finishQueuedTransactions=false`, {
      account,
    });
    expect(paused.json().Status).toBe('Paused');
  });

  it('upgrades a paused cycle to a newer release, keeping its variable values', async () => {
    const { call } = harness();
    const cycle = (await call('GET', '/v1.0/cycles', { account }))
      .json()
      .find((c: { Name: string }) => c.Name === 'Bound cycle');
    const third = exampleTemplate();
    (third.Steps[2] as { Name: string }).Name = 'Send it';
    expect((await call('POST', '/v1.0/templates/import', { body: third })).json().ReleaseNumber).toBe(3);
    const upgraded = await call('PUT', `/v1.0/cycles/${cycle.Id}/upgrade`, { account, body: {} });
    expect(upgraded.json()).toMatchObject({ ReleaseNumber: 3 });
    const steps = (await call('GET', `/v1.0/cycles/${cycle.Id}/steps`, { account })).json();
    expect(steps[2].Name).toBe('Send it');
    const vars = (await call('GET', `/v1.0/cycles/${cycle.Id}/variables`, { account })).json();
    expect(vars[0].Value).toBe('https://app.example.com/in');
  });

  it("keeps one account's cycles from another", async () => {
    const { call } = harness();
    await call('POST', '/v1.0/accounts', { body: { Id: 'other', Name: 'Other' } });
    const cycle = (await call('GET', '/v1.0/cycles', { account })).json()[0];
    expect((await call('GET', `/v1.0/cycles/${cycle.Id}`, { account: 'other' })).status).toBe(404);
    const steps = (await call('GET', `/v1.0/cycles/${cycle.Id}/steps`, { account })).json();
    expect((await call('GET', `/v1.0/steps/${steps[0].Id}/parameters`, { account: 'other' })).status).toBe(
      404,
    );
    expect((await call('DELETE', `/v1.0/cycles/${cycle.Id}`, { account: 'other' })).status).toBe(404);
    expect((await call('DELETE', `/v1.0/cycles/${cycle.Id}`, { account })).status).toBe(200);
  });
});
