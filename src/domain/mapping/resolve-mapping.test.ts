import { describe, expect, it } from 'vitest';
import { type MappingContext, resolveMapping, resolveMappings } from './resolve-mapping.ts';

const context: MappingContext = {
  steps: { changed: { id: 7, firstName: 'Ada', emailAddresses: [{ address: 'ada@example.com' }] } },
  variables: { TargetUrl: 'https://app.example.com/in' },
  mergeFields: { LastSuccessfulRunDate: '2024-01-01T00:00:00Z', AccountId: 'acme', TransactionId: 't-1' },
  account: { Id: 'acme' },
  expressions: { evaluate: async (expression, input) => ({ expression, input }) },
};

describe('mappings', () => {
  it("reads each of Cyclr's mapping types", async () => {
    expect(await resolveMapping({ MappingType: 'Ignore' }, context)).toBeUndefined();
    expect(await resolveMapping({ MappingType: 'StaticValue', Value: 3 }, context)).toBe(3);
    expect(await resolveMapping({ MappingType: 'Variable', Value: 'TargetUrl' }, context)).toBe(
      'https://app.example.com/in',
    );
    expect(
      await resolveMapping(
        { MappingType: 'StepData', Step: 'changed', Field: 'emailAddresses[0].address' },
        context,
      ),
    ).toBe('ada@example.com');
    expect(
      await resolveMapping(
        { MappingType: 'StepData', Step: 'changed', Field: 'emailAddresses[3].address' },
        context,
      ),
    ).toBeUndefined();
    expect(
      await resolveMapping(
        { MappingType: 'MergeField', Value: 'acct {{AccountId}} / {{TransactionId}}' },
        context,
      ),
    ).toBe('acct acme / t-1');
    expect(
      await resolveMapping({ MappingType: 'MergeField', Value: '{{LastSuccessfulRunDate}}' }, context),
    ).toBe('2024-01-01T00:00:00Z');
  });

  it('leaves a lone LastSuccessfulRunDate out before the first poll, and ignored slots out of a record', async () => {
    const first = { ...context, mergeFields: { LastSuccessfulRunDate: null } };
    expect(
      await resolveMapping({ MappingType: 'MergeField', Value: '{{LastSuccessfulRunDate}}' }, first),
    ).toBeUndefined();
    expect(
      await resolveMappings(
        { a: { MappingType: 'Ignore' }, b: { MappingType: 'StaticValue', Value: 'x' } },
        context,
      ),
    ).toEqual({ b: 'x' });
  });

  it('gives an expression the step outputs by key, the variables and the account', async () => {
    const value = (await resolveMapping(
      { MappingType: 'Expression', Value: 'changed.firstName' },
      context,
    )) as {
      input: Record<string, unknown>;
    };
    expect(Object.keys(value.input).sort()).toEqual(['account', 'changed', 'variables']);
  });
});
