import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS } from '../../src/config/config-options.ts';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

/** The README's configuration table as variable → default, with the Markdown code marks removed. */
function readmeDefaults(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of README.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const variable = /^`(PLUGBOARD_[A-Z_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (variable && cells.length >= 4) rows.set(variable, (cells[2] as string).replaceAll('`', ''));
  }
  return rows;
}

describe('the configuration defaults', () => {
  it('are shown in the README exactly as the code has them, for every option', () => {
    const documented = readmeDefaults();
    expect([...documented.keys()].sort()).toEqual(CONFIG_OPTIONS.map((option) => option.variable).sort());
    for (const option of CONFIG_OPTIONS) {
      expect({ variable: option.variable, default: documented.get(option.variable) }).toEqual({
        variable: option.variable,
        default: option.defaultText,
      });
    }
  });
});
