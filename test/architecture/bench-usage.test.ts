import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openingComment } from '../../bench/support/usage.ts';

const BENCH = join(import.meta.dirname, '../../bench');

/** The options a benchmark's `parseArgs` accepts: each `name: { type: … }` in its options block. */
function declaredOptions(source: string): string[] {
  const block = /parseArgs\(\{\s*options:\s*\{([\s\S]*?)\n\s*\},\n\s*\}\)/.exec(source)?.[1] ?? '';
  return [...block.matchAll(/^\s*'?([a-z][a-z-]*)'?:\s*\{\s*type:/gm)].map((match) => match[1] as string);
}

describe('the benchmarks’ --help', () => {
  const benches = readdirSync(BENCH).filter((name) => name.endsWith('.ts') && name !== 'bare-proxy.ts');

  it.each(benches)('%s prints every option it accepts', (name) => {
    const source = readFileSync(join(BENCH, name), 'utf8');
    expect(source).toContain('printUsageWhenAsked(import.meta.filename)');
    const options = declaredOptions(source);
    expect(options.length).toBeGreaterThan(0);
    const usage = openingComment(join(BENCH, name));
    for (const option of options) expect(usage, `--${option} in ${name}`).toContain(`--${option}`);
  });
});
