import { describe, expect, it } from 'vitest';
import { decide } from './decision.ts';

describe("Cyclr's decision conditions", () => {
  it('tells existing from missing and empty', () => {
    expect(decide('a@b.c', 'Exists', undefined)).toBe(true);
    expect(decide(undefined, 'Exists', undefined)).toBe(false);
    expect(decide(null, 'NotExists', undefined)).toBe(true);
    expect(decide('', 'IsEmpty', undefined)).toBe(true);
    expect(decide([], 'IsEmpty', undefined)).toBe(true);
    expect(decide('x', 'IsEmpty', undefined)).toBe(false);
  });

  it('compares numbers as numbers, dates as dates and text without case', () => {
    expect(decide('10', 'GreaterThan', 9)).toBe(true);
    expect(decide(2, 'LessThan', '10')).toBe(true);
    expect(decide('2024-01-02T00:00:00Z', 'GreaterThan', '2024-01-01T23:00:00Z')).toBe(true);
    expect(decide('Ada', 'Equals', 'ada')).toBe(true);
    expect(decide('Ada', 'NotEquals', 'Bob')).toBe(true);
    expect(decide('hello world', 'Contains', 'WORLD')).toBe(true);
    expect(decide(['a', 'b'], 'Contains', 'B')).toBe(true);
    expect(decide({ a: 1 }, 'GreaterThan', 1)).toBe(false);
  });
});
