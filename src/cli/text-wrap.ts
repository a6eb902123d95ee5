/** The widest line `--help` prints: readable in an 80-to-100-column terminal. */
export const HELP_WIDTH = 100;

/**
 * Wraps `text` at word boundaries so that, after `indent` columns, no line runs past `width`; the
 * first line goes after whatever precedes it, the next ones start with `indent` spaces.
 */
export function wrapText(text: string, indent: number, width = HELP_WIDTH): string {
  const room = Math.max(20, width - indent);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}
