import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParameterDefinition } from '../connectors/connector-definition.ts';
import { MethodInputError, parameterItems } from './method-input.ts';

const AMOUNT: ParameterDefinition = {
  name: 'amount',
  location: 'query',
  dataType: 'Float',
  required: true,
  description: 'a number',
};

/** The number grammar as first written, with its ambiguous `\d+\.?\d*`; fine on short input. */
const REFERENCE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

describe('number parameters', () => {
  it('refuses a very long run of digits followed by a letter in linear time (no backtracking blow-up)', () => {
    // 200,000 digits: the ambiguous pattern needed about 14 s for 40,000 and grows with the square.
    const text = `${'1'.repeat(200_000)}x`;
    expect(() => parameterItems(AMOUNT, text)).toThrow(MethodInputError);
  });

  it('accepts exactly what the number grammar accepts (generated)', () => {
    const numberish = fc.stringMatching(/^[+-]?[0-9.]{0,6}([eE][+-]?[0-9]{0,3})?[x ]?$/);
    fc.assert(
      fc.property(numberish, (text) => {
        const expected = REFERENCE.test(text.trim()) && text.trim() !== '';
        let accepted: boolean;
        try {
          accepted = parameterItems(AMOUNT, text) !== undefined;
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(expected);
      }),
      { seed: 12, numRuns: 500 },
    );
  });
});
