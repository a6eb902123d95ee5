/**
 * Upgrading a cycle carries the account's own edits — parameters (a Method step's, an Http step's
 * `Url`, a Decision's `Left`/`Right`), field mappings and `LogStepDataRequests` — while every slot the
 * account left alone takes the new release's value, and an edit of a slot the new release dropped is
 * not carried.
 */
import { expect, it } from 'vitest';
import { describeApi } from '../support/api-harness.ts';
import { exampleTemplate } from '../support/example-template.ts';

type Template = ReturnType<typeof exampleTemplate>;
type Step = Template['Steps'][number] & Record<string, unknown>;

const NAME = 'Upgrade carries edits';

/** The example template with a Decision that compares, so it has both `Left` and `Right`. */
function release(change: (steps: Record<string, Step>) => void = () => undefined): Template {
  const template = exampleTemplate({ Name: NAME });
  const steps = Object.fromEntries(template.Steps.map((s) => [s.Key, s as Step]));
  Object.assign(steps.hasEmail as Step, {
    Condition: 'Contains',
    Right: { MappingType: 'StaticValue', Value: '@' },
  });
  change(steps);
  return template;
}

describeApi('upgrading a cycle carries its own edits', (harness) => {
  const account = 'acme';

  it('keeps edited parameters, Url, Right, field mappings and LogStepDataRequests; takes the rest from the new release', async () => {
    const { call } = harness();
    expect((await call('POST', '/v1.0/accounts', { body: { Id: account, Name: 'Acme' } })).status).toBe(200);
    const first = await call('POST', '/v1.0/templates/import', { body: release() });
    expect(first.status, first.text).toBe(200);
    const templateId = first.json().Id as string;
    const cycle = (await call('POST', `/v1.0/templates/${templateId}/install`, { account, body: {} })).json();
    const steps = (await call('GET', `/v1.0/cycles/${cycle.Id}/steps`, { account })).json() as {
      Id: string;
      StepKey: string;
    }[];
    const stepId = (key: string) => steps.find((s) => s.StepKey === key)?.Id as string;
    const put = async (path: string, body: unknown) => {
      const reply = await call('PUT', path, { account, body });
      expect(reply.status, reply.text).toBe(200);
    };
    // The account's edits on release 1.
    await put(`/v1.0/steps/${stepId('changed')}/parameters/since`, {
      MappingType: 'StaticValue',
      Value: '2024-01-01T00:00:00Z',
    });
    await put(`/v1.0/steps/${stepId('send')}/parameters/Url`, {
      MappingType: 'StaticValue',
      Value: 'https://mine.example.com/in',
    });
    await put(`/v1.0/steps/${stepId('hasEmail')}/parameters/Right`, {
      MappingType: 'StaticValue',
      Value: '@example.com',
    });
    await put(`/v1.0/steps/${stepId('send')}/fieldmappings/email`, {
      MappingType: 'StaticValue',
      Value: 'fixed@example.com',
    });
    await put(`/v1.0/cycles/${cycle.Id}`, { LogStepDataRequests: false });

    // Release 2 changes what the account did not touch (Left, the `name` field) and what it did (Url).
    const second = release((s) => {
      Object.assign(s.hasEmail as Step, {
        Left: { MappingType: 'StepData', Step: 'changed', Field: 'lastName' },
      });
      Object.assign(s.send as Step, {
        Url: { MappingType: 'StaticValue', Value: 'https://release-two.example.com/in' },
        Fields: {
          ...((s.send as Step).Fields as Record<string, unknown>),
          name: { MappingType: 'Expression', Value: 'changed.lastName' },
          source: { MappingType: 'StaticValue', Value: 'capsule' },
        },
      });
    });
    expect((await call('POST', '/v1.0/templates/import', { body: second })).json().ReleaseNumber).toBe(2);
    const upgraded = await call('PUT', `/v1.0/cycles/${cycle.Id}/upgrade`, { account, body: {} });
    expect(upgraded.status, upgraded.text).toBe(200);
    expect(upgraded.json()).toMatchObject({ ReleaseNumber: 2, LogStepDataRequests: false });

    const slot = async (stepKey: string, kind: 'parameters' | 'fieldmappings', id: string) => {
      const list = (await call('GET', `/v1.0/steps/${stepId(stepKey)}/${kind}`, { account })).json() as {
        Id: string;
        MappingType: string;
        Value: unknown;
        SourceFieldId: string | null;
      }[];
      return list.find((m) => m.Id === id);
    };
    expect(await slot('changed', 'parameters', 'since')).toMatchObject({
      MappingType: 'StaticValue',
      Value: '2024-01-01T00:00:00Z',
    });
    expect(await slot('send', 'parameters', 'Url')).toMatchObject({
      MappingType: 'StaticValue',
      Value: 'https://mine.example.com/in',
    });
    expect(await slot('hasEmail', 'parameters', 'Right')).toMatchObject({ Value: '@example.com' });
    expect(await slot('hasEmail', 'parameters', 'Left')).toMatchObject({
      MappingType: 'StepData',
      SourceFieldId: 'lastName',
    });
    expect(await slot('send', 'fieldmappings', 'email')).toMatchObject({ Value: 'fixed@example.com' });
    expect(await slot('send', 'fieldmappings', 'name')).toMatchObject({ Value: 'changed.lastName' });
    expect(await slot('send', 'fieldmappings', 'source')).toMatchObject({ Value: 'capsule' });

    // Release 3 drops the `email` field and changes Url again: the edits still differ from release 2,
    // so Url stays the account's, and the dropped field is gone with its edit.
    const third = release((s) => {
      const fields = { ...((s.send as Step).Fields as Record<string, unknown>) };
      delete fields.email;
      Object.assign(s.send as Step, {
        Url: { MappingType: 'StaticValue', Value: 'https://release-three.example.com/in' },
        Fields: fields,
      });
    });
    expect((await call('POST', '/v1.0/templates/import', { body: third })).json().ReleaseNumber).toBe(3);
    expect((await call('PUT', `/v1.0/cycles/${cycle.Id}/upgrade`, { account, body: {} })).status).toBe(200);
    expect(await slot('send', 'parameters', 'Url')).toMatchObject({ Value: 'https://mine.example.com/in' });
    expect(await slot('send', 'fieldmappings', 'email')).toBeUndefined();
    expect(await slot('send', 'fieldmappings', 'name')).toMatchObject({
      Value: "changed.firstName & ' ' & changed.lastName",
    });
    expect(await slot('hasEmail', 'parameters', 'Right')).toMatchObject({ Value: '@example.com' });
    // Left was never edited: release 3 has it back as release 1 wrote it.
    expect(await slot('hasEmail', 'parameters', 'Left')).toMatchObject({
      SourceFieldId: 'emailAddresses[0].address',
    });
    const exported = (await call('GET', `/v1.0/cycles/${cycle.Id}`, { account })).json();
    expect(exported).toMatchObject({ ReleaseNumber: 3, LogStepDataRequests: false });
  });

  it('a cycle with no edits takes every mapping of the new release', async () => {
    const { call } = harness();
    const templateId = (await call('GET', '/v1.0/templates', {})).json()[0].Id as string;
    const cycle = (
      await call('POST', `/v1.0/templates/${templateId}/install`, {
        account,
        body: { Name: 'Untouched' },
      })
    ).json();
    expect(cycle).toMatchObject({ ReleaseNumber: 3, LogStepDataRequests: true });
    const fourth = release((s) => {
      Object.assign(s.send as Step, {
        Url: { MappingType: 'StaticValue', Value: 'https://four.example.com' },
      });
      Object.assign(s.hasEmail as Step, { Right: { MappingType: 'StaticValue', Value: '.com' } });
    });
    (fourth.Settings as Record<string, unknown>).LogStepDataRequests = false;
    expect((await call('POST', '/v1.0/templates/import', { body: fourth })).json().ReleaseNumber).toBe(4);
    const upgraded = await call('PUT', `/v1.0/cycles/${cycle.Id}/upgrade`, { account, body: {} });
    expect(upgraded.json()).toMatchObject({ ReleaseNumber: 4, LogStepDataRequests: false });
    const steps = (await call('GET', `/v1.0/cycles/${cycle.Id}/steps`, { account })).json() as {
      Id: string;
      StepKey: string;
    }[];
    const params = async (key: string) =>
      (
        await call('GET', `/v1.0/steps/${steps.find((s) => s.StepKey === key)?.Id}/parameters`, { account })
      ).json() as { Id: string; Value: unknown }[];
    expect((await params('send')).find((p) => p.Id === 'Url')?.Value).toBe('https://four.example.com');
    expect((await params('hasEmail')).find((p) => p.Id === 'Right')?.Value).toBe('.com');
  });
});
