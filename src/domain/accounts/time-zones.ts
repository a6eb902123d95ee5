let canonicalNames: ReadonlySet<string> | undefined;

/** An IANA name shape: `UTC`, `Europe/London`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`; no raw offsets. */
const IANA_SHAPE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * True when `name` is an IANA time zone this runtime knows: a canonical name from
 * `Intl.supportedValuesOf('timeZone')`, or a link the ICU data resolves (`UTC`, `US/Eastern`).
 * Offsets such as `+01:00` are refused: Cyclr's `Timezone` is a zone name.
 */
export function isKnownTimeZone(name: string): boolean {
  canonicalNames ??= new Set(Intl.supportedValuesOf('timeZone'));
  if (canonicalNames.has(name)) return true;
  if (name.length > 64 || !IANA_SHAPE.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
