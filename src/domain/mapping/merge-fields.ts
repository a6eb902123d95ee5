/**
 * Cyclr's merge fields: `{{LastSuccessfulRunDate}}`, `{{AccountId}}`, `{{AccountExternalId}}`,
 * `{{CycleId}}`, `{{TransactionId}}` inside a text. Unknown names are refused at import, so a typo
 * never reaches a provider as literal braces.
 */

export const MERGE_FIELDS = [
  'LastSuccessfulRunDate',
  'AccountId',
  'AccountExternalId',
  'CycleId',
  'TransactionId',
] as const;
export type MergeFieldName = (typeof MERGE_FIELDS)[number];

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** The merge-field names used in `text` that Plugboard does not know. */
export function unknownMergeFields(text: string): string[] {
  const known = new Set<string>(MERGE_FIELDS);
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string).filter((name) => !known.has(name));
}

/** True when `text` is exactly one placeholder of `name` (so the raw value, not text, is meant). */
export function isOnly(text: string, name: MergeFieldName): boolean {
  return new RegExp(`^\\{\\{\\s*${name}\\s*\\}\\}$`).test(text.trim());
}

/** Replaces each placeholder with its value; a missing value becomes the empty string. */
export function fillMergeFields(
  text: string,
  values: Partial<Record<MergeFieldName, string | null>>,
): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => values[name as MergeFieldName] ?? '');
}
