const BARE_WORD = /[A-Za-z0-9_$+\-.]/;

/**
 * Rewrites the lenient JSON that Cyclr's .NET parser reads into strict JSON text: single-quoted
 * strings become double-quoted, and a bare word before a `:` (an unquoted key, `Parameters` or
 * `58023101`) is quoted. Everything else is copied as it is, so the result still goes through the
 * strict parser with its checks, and anything that is not one of these two forms stays invalid.
 * One pass, no recursion, output no more than twice the input.
 */
export function lenientToStrictJson(text: string): string {
  let out = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === '"' || char === "'") {
      const end = endOfString(text, index, char);
      if (end >= text.length) {
        // Unterminated: copied as it is, so the strict parser still refuses it.
        out += text.slice(index);
        break;
      }
      const body = text.slice(index + 1, end);
      out += char === '"' ? `"${body}"` : `"${singleToDoubleQuoted(body)}"`;
      index = end + 1;
      continue;
    }
    if (BARE_WORD.test(char)) {
      let end = index;
      while (end < text.length && BARE_WORD.test(text[end] as string)) end++;
      const word = text.slice(index, end);
      let next = end;
      while (next < text.length && /\s/.test(text[next] as string)) next++;
      out += text[next] === ':' ? `"${word}"` : word;
      index = end;
      continue;
    }
    out += char;
    index++;
  }
  return out;
}

/** The index of the quote that closes the string opening at `start` (the text's length if none does). */
function endOfString(text: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < text.length && text[index] !== quote) index += text[index] === '\\' ? 2 : 1;
  return Math.min(index, text.length);
}

/** A single-quoted string's content as double-quoted content: `\'` needs no escape, `"` does. */
function singleToDoubleQuoted(body: string): string {
  let out = '';
  for (let index = 0; index < body.length; index++) {
    const char = body[index] as string;
    if (char === '\\' && body[index + 1] === "'") {
      out += "'";
      index++;
    } else if (char === '\\') {
      out += char + (body[index + 1] ?? '');
      index++;
    } else if (char === '"') {
      out += '\\"';
    } else {
      out += char;
    }
  }
  return out;
}
