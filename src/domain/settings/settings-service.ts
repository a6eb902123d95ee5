import type { Clock } from '../clock.ts';
import { invalid } from '../errors.ts';
import { asInputObject, readField } from '../input-fields.ts';
import { isLoopbackHost } from '../url-rules.ts';
import { BRANDING_KEY, type Branding, readBrandingChanges, storedBranding } from './branding.ts';
import { parseOrigin } from './origins.ts';
import {
  ALLOW_PRIVATE_ADDRESSES_KEY,
  ALLOWED_OUTBOUND_HOSTS_KEY,
  readAllowedOutboundHosts,
  readAllowPrivateAddresses,
} from './outbound-settings.ts';
import type { SettingsStore } from './settings-store.ts';

const ALLOWED_ORIGINS_KEY = 'allowed_origins';
/** Set once the console's own origin has been in AllowedOrigins, so the console adds it only the first time. */
const CONSOLE_ORIGIN_ADDED_KEY = 'console_origin_added';
const MAX_ALLOWED_ORIGINS = 100;
const ALLOW_PRIVATE_CACHE_MS = 1000;

/** Partner-wide settings as the partner API shows them. */
export interface PartnerSettings {
  /** `PLUGBOARD_PUBLIC_URL`: read-only here. */
  readonly serviceDomain: string;
  /** `{PUBLIC_URL}/connector/callback`, the redirect URI to register at providers: read-only here. */
  readonly callbackUrl: string;
  /** Origins that may receive the end-user OAuth result (`targetOrigin`), normalised and de-duplicated. */
  readonly allowedOrigins: string[];
  /** The partner's name, logo and colour on the LAUNCH and account pages. */
  readonly branding: Branding;
  /** Hosts that Http steps and event endpoints may reach (`host`, `host:port`, `*.example.com`). */
  readonly allowedOutboundHosts: string[];
  /**
   * Whether requests made on someone's behalf may reach loopback, private or link-local addresses.
   * Defaults to true only while the service domain is loopback (development).
   */
  readonly allowPrivateAddresses: boolean;
  /**
   * Whether the console's origin (the service domain's) has ever been in `allowedOrigins`. The
   * console adds it only while this is false, so a partner who removed it keeps it removed.
   */
  readonly consoleOriginAdded: boolean;
}

/** The settings after a PUT, and a sentence for the partner when the PUT did more than it says. */
export interface SettingsUpdate {
  readonly settings: PartnerSettings;
  readonly notice: string | null;
}

export interface SettingsServiceOptions {
  readonly publicUrl: string;
  readonly callbackUrl: string;
}

function quote(value: unknown): string {
  return typeof value === 'string'
    ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
    : String(value);
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
 * Reads and changes partner-wide settings. `ServiceDomain` and `CallbackUrl` come from configuration:
 * a PUT may echo them back unchanged, but a different value is refused with a 400 saying where they
 * are set, so a partner never believes a change took effect when it did not.
 */
export class SettingsService {
  constructor(
    private readonly store: SettingsStore,
    private readonly options: SettingsServiceOptions,
    private readonly clock: Clock,
  ) {}

  async get(): Promise<PartnerSettings> {
    return {
      serviceDomain: this.options.publicUrl,
      callbackUrl: this.options.callbackUrl,
      allowedOrigins: await this.allowedOrigins(),
      branding: await this.branding(),
      allowedOutboundHosts: await this.allowedOutboundHosts(),
      allowPrivateAddresses: await this.allowPrivateAddresses(),
      consoleOriginAdded: (await this.store.get(CONSOLE_ORIGIN_ADDED_KEY)) === true,
    };
  }

  /** The partner's name, logo and colour for the LAUNCH and account pages. */
  async branding(): Promise<Branding> {
    return storedBranding(await this.store.get(BRANDING_KEY));
  }

  /** Applies a partial `PUT /v1.0/settings` body. */
  async update(body: unknown): Promise<PartnerSettings> {
    return (await this.updateWithNotice(body)).settings;
  }

  /**
   * Applies a partial `PUT /v1.0/settings` body, with a notice when the new `AllowedOrigins` drops
   * the console's own origin (the console will not add it back).
   */
  async updateWithNotice(body: unknown): Promise<SettingsUpdate> {
    const input = asInputObject(body);
    this.refuseReadOnlyChange(
      readField(input, 'ServiceDomain'),
      'ServiceDomain',
      this.options.publicUrl,
      'PLUGBOARD_PUBLIC_URL',
    );
    this.refuseReadOnlyChange(
      readField(input, 'CallbackUrl'),
      'CallbackUrl',
      this.options.callbackUrl,
      'PLUGBOARD_PUBLIC_URL (it is {PUBLIC_URL}/connector/callback)',
    );
    const origins = readField(input, 'AllowedOrigins');
    const outboundHosts = readField(input, 'AllowedOutboundHosts');
    const allowPrivate = readField(input, 'AllowPrivateAddresses');
    // Every field is checked before any is stored, so a refused PUT changes nothing.
    const writes: [string, unknown][] = [];
    let notice: string | null = null;
    if (origins.present) {
      const next = readOrigins(origins.value);
      const consoleOrigin = new URL(this.options.publicUrl).origin;
      const before = await this.allowedOrigins();
      if (next.includes(consoleOrigin) && !before.includes(consoleOrigin))
        writes.push([CONSOLE_ORIGIN_ADDED_KEY, true]);
      if (before.includes(consoleOrigin) && !next.includes(consoleOrigin))
        notice = `Removed the console's own origin ${consoleOrigin} from AllowedOrigins; the console will not add it again, so authenticating a connector from the console needs it added back under Settings.`;
      writes.push([ALLOWED_ORIGINS_KEY, next]);
    }
    if (outboundHosts.present)
      writes.push([ALLOWED_OUTBOUND_HOSTS_KEY, readAllowedOutboundHosts(outboundHosts.value)]);
    if (allowPrivate.present)
      writes.push([ALLOW_PRIVATE_ADDRESSES_KEY, readAllowPrivateAddresses(allowPrivate.value)]);
    const branding = readBrandingChanges(input, await this.branding());
    if (branding) writes.push([BRANDING_KEY, branding]);
    for (const [key, value] of writes) await this.store.put(key, value, this.clock());
    this.#allowPrivate = null;
    return { settings: await this.get(), notice };
  }

  /** `AllowedOutboundHosts` in normal form (see `parseAllowedHost`). */
  async allowedOutboundHosts(): Promise<string[]> {
    const stored = await this.store.get(ALLOWED_OUTBOUND_HOSTS_KEY);
    return Array.isArray(stored) ? stored.filter((h): h is string => typeof h === 'string') : [];
  }

  /**
   * `AllowPrivateAddresses` in effect: the stored choice, else true only on a loopback service domain.
   * Every outbound request asks, so the answer is kept for a second: a change made through this
   * process applies at once, one made through another process within a second.
   */
  async allowPrivateAddresses(): Promise<boolean> {
    const now = this.clock();
    if (
      this.#allowPrivate &&
      now - this.#allowPrivate.at < ALLOW_PRIVATE_CACHE_MS &&
      now >= this.#allowPrivate.at
    ) {
      return this.#allowPrivate.value;
    }
    const stored = await this.store.get(ALLOW_PRIVATE_ADDRESSES_KEY);
    const value =
      typeof stored === 'boolean' ? stored : isLoopbackHost(new URL(this.options.publicUrl).hostname);
    this.#allowPrivate = { value, at: now };
    return value;
  }

  #allowPrivate: { value: boolean; at: number } | null = null;

  /** The allowed origins in their normal form (see `normaliseOrigin`), for exact matching. */
  async allowedOrigins(): Promise<string[]> {
    const stored = await this.store.get(ALLOWED_ORIGINS_KEY);
    return Array.isArray(stored) ? stored.filter((o): o is string => typeof o === 'string') : [];
  }

  private refuseReadOnlyChange(
    field: ReturnType<typeof readField>,
    name: string,
    current: string,
    source: string,
  ): void {
    if (!field.present || field.value === null || field.value === current) return;
    throw invalid(`${name} is read-only: it is set by ${source} and cannot be changed through the API.`);
  }
}
