/** How the LAUNCH and account pages present the partner to its users. */
export interface Branding {
  /** Shown as the page's heading and title; `null`: "Integrations". */
  readonly partnerName: string | null;
  /** A `data:image/…;base64,` URI (the pages load nothing from elsewhere); `null`: no logo. */
  readonly partnerLogo: string | null;
  /** `#rrggbb`, the colour of the pages' buttons and header; `null`: Plugboard's blue. */
  readonly partnerColour: string | null;
}

/** A partial change of the branding; a field left out keeps its value, `null` clears it. */
export type BrandingChanges = { readonly [K in keyof Branding]?: Branding[K] };

export const BRANDING_KEY = 'branding';

export const NO_BRANDING: Branding = { partnerName: null, partnerLogo: null, partnerColour: null };

/** `current` with the fields of `changes` that were given. */
export function applyBrandingChanges(current: Branding, changes: BrandingChanges): Branding {
  return {
    partnerName: changes.partnerName === undefined ? current.partnerName : changes.partnerName,
    partnerLogo: changes.partnerLogo === undefined ? current.partnerLogo : changes.partnerLogo,
    partnerColour: changes.partnerColour === undefined ? current.partnerColour : changes.partnerColour,
  };
}

/** Reads stored branding, tolerating a missing or partial value. */
export function storedBranding(value: unknown): Branding {
  if (!value || typeof value !== 'object') return NO_BRANDING;
  const stored = value as Record<string, unknown>;
  const pick = (key: string) => (typeof stored[key] === 'string' ? (stored[key] as string) : null);
  return {
    partnerName: pick('partnerName'),
    partnerLogo: pick('partnerLogo'),
    partnerColour: pick('partnerColour'),
  };
}
