import { invalid } from '../errors.ts';
import { hasControlCharacter, type InputObject, readField } from '../input-fields.ts';

/** How the LAUNCH and account pages present the partner to its users. */
export interface Branding {
  /** Shown as the page's heading and title; `null`: "Integrations". */
  readonly partnerName: string | null;
  /** A `data:image/…;base64,` URI (the pages load nothing from elsewhere); `null`: no logo. */
  readonly partnerLogo: string | null;
  /** `#rrggbb`, the colour of the pages' buttons and header; `null`: Plugboard's blue. */
  readonly partnerColour: string | null;
}

export const BRANDING_KEY = 'branding';
const MAX_NAME = 100;
/** 256 KiB of base64 is plenty for a logo and keeps every page load small. */
const MAX_LOGO = 256 * 1024;
const LOGO = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

export const NO_BRANDING: Branding = { partnerName: null, partnerLogo: null, partnerColour: null };

function text(field: ReturnType<typeof readField>, name: string): string | null | undefined {
  if (!field.present) return undefined;
  if (field.value === null || field.value === '') return null;
  if (typeof field.value !== 'string') throw invalid(`${name} must be a string or null.`);
  return field.value;
}

/** Applies the branding fields of a `PUT /v1.0/settings` body to `current`; `null` or `""` clears one. */
export function readBrandingChanges(input: InputObject, current: Branding): Branding | null {
  const name = text(readField(input, 'PartnerName'), 'PartnerName');
  const logo = text(readField(input, 'PartnerLogo'), 'PartnerLogo');
  const colour = text(readField(input, 'PartnerColour'), 'PartnerColour');
  if (name === undefined && logo === undefined && colour === undefined) return null;
  if (name && (name.trim().length > MAX_NAME || hasControlCharacter(name)))
    throw invalid(`PartnerName must be at most ${MAX_NAME} characters, without control characters.`);
  if (logo && (logo.length > MAX_LOGO || !LOGO.test(logo)))
    throw invalid(
      'PartnerLogo must be a data:image/(png|jpeg|gif|webp|svg+xml);base64,… URI of at most 256 KiB.',
    );
  if (colour && !/^#[0-9a-fA-F]{6}$/.test(colour))
    throw invalid('PartnerColour must be a colour in the form #rrggbb, such as #0b5cad.');
  return {
    partnerName: name === undefined ? current.partnerName : name === null ? null : name.trim() || null,
    partnerLogo: logo === undefined ? current.partnerLogo : logo,
    partnerColour: colour === undefined ? current.partnerColour : (colour?.toLowerCase() ?? null),
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
