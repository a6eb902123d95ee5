/**
 * RFC 8288 `Link` header parsing: `<https://…?page=2>; rel="next", <…>; rel="prev"`. Quoted parameter
 * values may hold commas and semicolons; `rel` may list several space-separated relation types.
 */
import type { ResponseHeaders } from './http-headers.ts';

/** One link value. */
export interface LinkValue {
  /** The URI reference between `<` and `>`, as written (resolve it against the request URL). */
  readonly target: string;
  /** Relation types, lower-cased (`rel="next prev"` gives both). */
  readonly rel: readonly string[];
  /** Other parameters, names lower-cased, values unquoted. The first occurrence of a name wins. */
  readonly params: Readonly<Record<string, string>>;
}

/** A link value and where its target sits in the header text (between `<` at `open` and `>` at `close`). */
interface PlacedLink extends LinkValue {
  readonly open: number;
  readonly close: number;
}

function placeLinks(text: string): PlacedLink[] {
  const links: PlacedLink[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open === -1) break;
    const close = text.indexOf('>', open + 1);
    if (close === -1) break;
    const target = text.slice(open + 1, close).trim();
    const { params, end } = readParams(text, close + 1);
    i = end;
    const rel = (params.rel ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    links.push({ target, rel, params, open, close });
  }
  return links;
}

/** Parses one or more `Link` header values; malformed link values are skipped, not fatal. */
export function parseLinkHeader(value: string | readonly string[] | undefined): LinkValue[] {
  if (value === undefined) return [];
  const text = typeof value === 'string' ? value : value.join(', ');
  return placeLinks(text).map(({ target, rel, params }) => ({ target, rel, params }));
}

/**
 * One `Link` header value with each link's target replaced by `replace(target)`; everything else
 * (relation types, other parameters, spacing) is kept byte for byte.
 */
export function replaceLinkTargets(value: string, replace: (target: string) => string): string {
  let out = '';
  let from = 0;
  for (const link of placeLinks(value)) {
    out += `${value.slice(from, link.open + 1)}${replace(link.target)}`;
    from = link.close;
  }
  return out + value.slice(from);
}

/** Reads `; name=value; name="quoted"` up to the comma that ends this link value. */
function readParams(text: string, start: number): { params: Record<string, string>; end: number } {
  const params: Record<string, string> = {};
  let i = start;
  for (;;) {
    while (i < text.length && /[\s]/.test(text.charAt(i))) i++;
    if (i >= text.length) return { params, end: i };
    if (text[i] === ',') return { params, end: i + 1 };
    if (text[i] !== ';') {
      // Garbage between parameters: skip to the next link value.
      const comma = text.indexOf(',', i);
      return { params, end: comma === -1 ? text.length : comma + 1 };
    }
    i++;
    const nameMatch = /^\s*([^\s=;,]+)\s*/.exec(text.slice(i));
    if (!nameMatch) continue;
    const name = (nameMatch[1] ?? '').toLowerCase();
    i += nameMatch[0].length;
    let value = '';
    if (text[i] === '=') {
      i++;
      while (text[i] === ' ') i++;
      if (text[i] === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length) i++;
          value += text[i];
          i++;
        }
        i++;
      } else {
        const token = /^[^;,\s]*/.exec(text.slice(i))?.[0] ?? '';
        value = token;
        i += token.length;
      }
    }
    if (!(name in params)) params[name] = value;
  }
}

/**
 * The absolute URL of the first link with relation `rel` in the response's `Link` headers, resolved
 * against `requestUrl` (RFC 8288 §3.2), or `undefined` when there is none or it does not parse.
 */
export function findLink(headers: ResponseHeaders, rel: string, requestUrl: string): string | undefined {
  const wanted = rel.toLowerCase();
  const link = parseLinkHeader(headers.link).find((l) => l.rel.includes(wanted));
  if (!link) return undefined;
  try {
    return new URL(link.target, requestUrl).href;
  } catch {
    return undefined;
  }
}
