import { invalid } from '../../domain/errors.ts';
import type { BrandingChanges } from '../../domain/settings/branding.ts';
import { parseOrigin } from '../../domain/settings/origins.ts';
import type { SettingsChanges } from '../../domain/settings/settings-service.ts';
import { hasControlCharacter } from '../../domain/text-rules.ts';
import { parseAllowedHost } from '../../runtime/outbound/address-policy.ts';
import {
  asInputObject,
  type InputField,
  type InputObject,
  readField,
} from '../cross-cutting/input-fields.ts';

const MAX_ALLOWED_ORIGINS = 100;
const MAX_ALLOWED_OUTBOUND_HOSTS = 200;
const MAX_PARTNER_NAME = 100;
/** 256 KiB of base64 is plenty for a logo and keeps every page load small. */
const MAX_LOGO = 256 * 1024;
const LOGO = /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+={0,2}$/;

/** The values configuration fixes, which a PUT may only echo back. */
export interface ConfiguredSettings {
  readonly serviceDomain: string;
  readonly callbackUrl: string;
}

function quote(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
    : String(value);
}

/** A read-only field may be absent, `null` or its current value; anything else says where it is set. */
function refuseReadOnlyChange(field: InputField, name: string, current: string, source: string): void {
  if (!field.present || field.value === null || field.value === current) return;
  throw invalid(`${name} is read-only: it is set by ${source} and cannot be changed through the API.`);
}

/** Normalises a list of origins, naming every bad entry and why in one 400. */
function readOrigins(value: unknown): string[] {
  if (value === null) return [];
  if (!Array.isArray(value))
    throw invalid('AllowedOrigins must be an array of origins such as "https://app.example.com".');
  if (value.length > MAX_ALLOWED_ORIGINS)
    throw invalid(`AllowedOrigins can hold at most ${MAX_ALLOWED_ORIGINS} origins.`);
  const problems: string[] = [];
  const origins = new Set<string>();
  value.forEach((entry: unknown) => {
    if (typeof entry !== 'string') {
      problems.push(`${quote(entry)} is not a string`);
      return;
    }
    const check = parseOrigin(entry);
    if (check.ok) origins.add(check.origin);
    else problems.push(`${quote(entry)} ${check.reason}`);
  });
  if (problems.length > 0) {
    throw invalid(
      `AllowedOrigins must hold exact origins (scheme://host[:port], https except for localhost): ${problems.join('; ')}.`,
    );
  }
  return [...origins];
}

/**
 * Normalises `AllowedOutboundHosts` (`host`, `host:port`, `*.example.com`), naming every bad entry
 * and why in one 400. `null` empties the list.
 */
function readAllowedOutboundHosts(value: unknown): string[] {
  if (value === null) return [];
  if (!Array.isArray(value)) {
    throw invalid(
      'AllowedOutboundHosts must be an array of hosts such as "api.example.com" or "*.example.com".',
    );
  }
  if (value.length > MAX_ALLOWED_OUTBOUND_HOSTS) {
    throw invalid(`AllowedOutboundHosts can hold at most ${MAX_ALLOWED_OUTBOUND_HOSTS} hosts.`);
  }
  const problems: string[] = [];
  const hosts = new Set<string>();
  for (const entry of value as unknown[]) {
    if (typeof entry !== 'string') {
      problems.push(`${quote(entry)} is not a string`);
      continue;
    }
    const parsed = parseAllowedHost(entry);
    if (parsed.ok) hosts.add(parsed.value);
    else problems.push(`${quote(entry)} ${parsed.reason}`);
  }
  if (problems.length > 0) {
    throw invalid(`AllowedOutboundHosts must hold host, host:port or *.example.com: ${problems.join('; ')}.`);
  }
  return [...hosts];
}

/** `AllowPrivateAddresses`: true, false, or `null` for the default (true only on a loopback service domain). */
function readAllowPrivateAddresses(value: unknown): boolean | null {
  if (value === null || typeof value === 'boolean') return value;
  throw invalid('AllowPrivateAddresses must be true, false, or null for the default.');
}

function brandingText(field: InputField, name: string): string | null | undefined {
  if (!field.present) return undefined;
  if (field.value === null || field.value === '') return null;
  if (typeof field.value !== 'string') throw invalid(`${name} must be a string or null.`);
  return field.value;
}

/** The branding fields of the body, in their stored form; `null` or `""` clears one. `null`: none sent. */
function readBrandingChanges(input: InputObject): BrandingChanges | null {
  const name = brandingText(readField(input, 'PartnerName'), 'PartnerName');
  const logo = brandingText(readField(input, 'PartnerLogo'), 'PartnerLogo');
  const colour = brandingText(readField(input, 'PartnerColour'), 'PartnerColour');
  if (name === undefined && logo === undefined && colour === undefined) return null;
  if (name && (name.trim().length > MAX_PARTNER_NAME || hasControlCharacter(name)))
    throw invalid(`PartnerName must be at most ${MAX_PARTNER_NAME} characters, without control characters.`);
  if (logo && (logo.length > MAX_LOGO || !LOGO.test(logo)))
    throw invalid(
      'PartnerLogo must be a data:image/(png|jpeg|gif|webp|svg+xml);base64,… URI of at most 256 KiB.',
    );
  if (colour && !/^#[0-9a-fA-F]{6}$/.test(colour))
    throw invalid('PartnerColour must be a colour in the form #rrggbb, such as #0b5cad.');
  return {
    ...(name === undefined ? {} : { partnerName: name === null ? null : name.trim() || null }),
    ...(logo === undefined ? {} : { partnerLogo: logo }),
    ...(colour === undefined ? {} : { partnerColour: colour?.toLowerCase() ?? null }),
  };
}

/**
 * Reads a partial `PUT /v1.0/settings` body. Every field is checked before anything is stored, so a
 * refused PUT changes nothing; `ServiceDomain` and `CallbackUrl` come from configuration and may only
 * be echoed back, so a partner never believes a change took effect when it did not.
 */
export function readSettingsChanges(body: unknown, configured: ConfiguredSettings): SettingsChanges {
  const input = asInputObject(body);
  refuseReadOnlyChange(
    readField(input, 'ServiceDomain'),
    'ServiceDomain',
    configured.serviceDomain,
    'PLUGBOARD_PUBLIC_URL',
  );
  refuseReadOnlyChange(
    readField(input, 'CallbackUrl'),
    'CallbackUrl',
    configured.callbackUrl,
    'PLUGBOARD_PUBLIC_URL (it is {PUBLIC_URL}/connector/callback)',
  );
  const origins = readField(input, 'AllowedOrigins');
  const outboundHosts = readField(input, 'AllowedOutboundHosts');
  const allowPrivate = readField(input, 'AllowPrivateAddresses');
  const allowedOrigins = origins.present ? readOrigins(origins.value) : undefined;
  const allowedOutboundHosts = outboundHosts.present
    ? readAllowedOutboundHosts(outboundHosts.value)
    : undefined;
  const allowPrivateAddresses = allowPrivate.present
    ? readAllowPrivateAddresses(allowPrivate.value)
    : undefined;
  const branding = readBrandingChanges(input);
  return {
    ...(allowedOrigins === undefined ? {} : { allowedOrigins }),
    ...(allowedOutboundHosts === undefined ? {} : { allowedOutboundHosts }),
    ...(allowPrivateAddresses === undefined ? {} : { allowPrivateAddresses }),
    ...(branding === null ? {} : { branding }),
  };
}
