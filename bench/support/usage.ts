/** `--help` for the benchmarks: each prints the opening comment of its own file, which says what it measures and its options. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** The first `/** … *\/` comment of `file`, without its comment markers. */
export function openingComment(file: string): string {
  const source = readFileSync(file, 'utf8');
  const match = /\/\*\*([\s\S]*?)\*\//.exec(source);
  if (!match?.[1]) return `${basename(file)}: no description\n`;
  const lines = match[1].split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  while (lines[0]?.trim() === '') lines.shift();
  while (lines[lines.length - 1]?.trim() === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** Prints the benchmark's description and exits when it was started with `--help` or `-h`. */
export function printUsageWhenAsked(file: string, argv: readonly string[] = process.argv.slice(2)): void {
  if (!argv.includes('--help') && !argv.includes('-h')) return;
  process.stdout.write(openingComment(file));
  process.exit(0);
}
