/**
 * Step data keeps what each step sent and received, minus secrets: values under names that carry
 * credentials (`password`, `token`, `secret`, `apiKey`, `authorization`, …) are replaced, at any
 * depth, and so are such query parameters in URLs. What later steps read (the output) is kept whole.
 */
const SECRET_NAME = /pass(word)?|secret|token|api[-_]?key|authori[sz]ation|cookie|credential|signature/i;
export const REDACTED = '[redacted]';

function redactUrlText(text: string): string {
  if (!/^https?:\/\//i.test(text) || !text.includes('?')) return text;
  try {
    const url = new URL(text);
    for (const name of [...url.searchParams.keys()])
      if (SECRET_NAME.test(name)) url.searchParams.set(name, REDACTED);
    if (url.password !== '') url.password = REDACTED;
    return url.toString();
  } catch {
    return text;
  }
}

/** A copy of `value` with secret-named fields and URL parameters redacted. */
export function redactStepData(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (typeof value === 'string') return redactUrlText(value);
  if (Array.isArray(value)) return value.map((item) => redactStepData(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        SECRET_NAME.test(key) && inner !== null && inner !== undefined
          ? REDACTED
          : redactStepData(inner, depth + 1);
    }
    return out;
  }
  return value;
}
