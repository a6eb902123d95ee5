import { describe, expect, it } from 'vitest';
import { exampleTemplate } from '../../../test/support/example-template.ts';
import { ConnectorCatalog } from '../../connectors/catalog.ts';
import { validateTemplate } from './template-validation.ts';

const catalog = new ConnectorCatalog();

function problemsOf(raw: unknown): readonly string[] {
  const result = validateTemplate(raw, catalog);
  return result.ok ? [] : result.problems;
}

describe('template validation', () => {
  it("accepts the spec's example template", () => {
    expect(problemsOf(exampleTemplate())).toEqual([]);
  });

  it('lists every problem at once, each by its step key', () => {
    const template = exampleTemplate();
    const [changed, hasEmail, send] = template.Steps as Record<string, unknown>[];
    Object.assign(changed as object, { Method: '00000000-0000-4000-8000-000000000000' });
    Object.assign(hasEmail as object, { Condition: 'Sometimes' });
    Object.assign(send as object, {
      Fields: {
        email: { MappingType: 'StepData', Step: 'nowhere', Field: 'x' },
        name: { MappingType: 'Expression', Value: 'changed.firstName & ' },
      },
    });
    const problems = problemsOf(template);
    expect(problems.some((p) => p.startsWith("Step 'changed'") && p.includes('MethodUniqueIdentifier'))).toBe(
      true,
    );
    expect(problems.some((p) => p.startsWith("Step 'hasEmail'") && p.includes('Condition'))).toBe(true);
    expect(problems.some((p) => p.startsWith("Step 'send'.Fields.email") && p.includes("'nowhere'"))).toBe(
      true,
    );
    expect(
      problems.some((p) => p.startsWith("Step 'send'.Fields.name") && p.includes('does not compile')),
    ).toBe(true);
  });

  it('refuses an unknown connector, a dangling edge and a loop', () => {
    const unknown = {
      ...exampleTemplate(),
      Connectors: [{ Key: 'capsule', Name: 'Capsule', Version: 'v9' }],
    };
    expect(problemsOf(unknown).join(' ')).toContain('there is no connector Capsule v9');
    const dangling = { ...exampleTemplate(), Edges: [{ From: 'changed', To: 'ghost' }] };
    expect(problemsOf(dangling).join(' ')).toContain("there is no step 'ghost'");
    const loop = {
      ...exampleTemplate(),
      Edges: [
        { From: 'changed', To: 'hasEmail' },
        { From: 'hasEmail', To: 'send', EdgeType: 'True' },
        { From: 'send', To: 'hasEmail' },
      ],
    };
    expect(problemsOf(loop).join(' ')).toMatch(/loop|exactly one step/);
  });

  it("refuses a field path the method's response does not have", () => {
    const template = exampleTemplate();
    const send = template.Steps[2] as { Fields: Record<string, unknown> };
    send.Fields.capsuleId = { MappingType: 'StepData', Step: 'changed', Field: 'noSuchField' };
    expect(problemsOf(template)).toEqual([
      "Step 'send'.Fields.capsuleId.Field 'noSuchField': the response of 'List Parties' has no field 'noSuchField'.",
    ]);
  });

  it('accepts a webhook trigger, and refuses one in the middle', () => {
    const webhook = {
      ...exampleTemplate(),
      Steps: [
        { Key: 'created', Kind: 'Webhook', Connector: 'capsule', Event: 'party/created' },
        {
          Key: 'send',
          Kind: 'Http',
          Url: { MappingType: 'StaticValue', Value: 'https://app.example.com/in' },
        },
      ],
      Edges: [{ From: 'created', To: 'send' }],
    };
    expect(problemsOf(webhook)).toEqual([]);
    const middle = {
      ...webhook,
      Steps: [webhook.Steps[1], { ...webhook.Steps[0] }],
      Edges: [{ From: 'send', To: 'created' }],
    };
    expect(problemsOf(middle).join(' ')).toContain('can only be the trigger');
    const unknown = {
      ...webhook,
      Steps: [{ ...webhook.Steps[0], Event: 'party/renamed' }, webhook.Steps[1]],
    };
    expect(problemsOf(unknown)).toEqual([
      expect.stringMatching(
        /^Step 'created': Capsule has no webhook event 'party\/renamed' \(it has party\/created, /,
      ),
    ]);
  });

  it('refuses a value that is not a template', () => {
    expect(problemsOf([])).toEqual(['The template must be a JSON object.']);
    expect(problemsOf({ Name: 'x', Connectors: [], Steps: [] })).toContain('Steps must be a non-empty list.');
  });
});
