import { describe, expect, it } from 'vitest';
import { lenientToStrictJson } from './lenient-json.ts';

const read = (text: string) => JSON.parse(lenientToStrictJson(text));

describe('lenient JSON as Cyclr reads it', () => {
  it('quotes unquoted keys, names and numbers alike, and turns single quotes into double', () => {
    expect(read("{'Parameters': {58023101 : 1}}")).toEqual({ Parameters: { '58023101': 1 } });
    expect(read("{Name: 'Acme', Tags: ['a', \"b\"], On: true, Off: null, N: -1.5e2}")).toEqual({
      Name: 'Acme',
      Tags: ['a', 'b'],
      On: true,
      Off: null,
      N: -150,
    });
  });

  it('keeps quotes and escapes inside strings as they were meant', () => {
    expect(read("{'a': 'it\\'s \"quoted\" \\\\ {b: c}'}")).toEqual({ a: 'it\'s "quoted" \\ {b: c}' });
    expect(read('{"k": "x: y", z: \'1\'}')).toEqual({ k: 'x: y', z: '1' });
  });

  it('leaves text that is not one of those forms invalid', () => {
    for (const text of ["{Name: 'unterminated", '{Name: bare}', "{'a' 'b'}", '{a: 1,}', "{Name: 'x'"]) {
      expect(() => read(text), text).toThrow(SyntaxError);
    }
  });
});
