import type { Clock } from '../clock.ts';
import { isLoopbackHost } from '../url-rules.ts';
import {
  applyBrandingChanges,
  BRANDING_KEY,
  type Branding,
  type BrandingChanges,
  storedBranding,
} from './branding.ts';
import { ALLOW_PRIVATE_ADDRESSES_KEY, ALLOWED_OUTBOUND_HOSTS_KEY } from './outbound-settings.ts';
import type { SettingsStore } from './settings-store.ts';

const ALLOWED_ORIGINS_KEY = 'allowed_origins';
/** Set once the console's own origin has been in AllowedOrigins, so the console adds it only the first time. */
const CONSOLE_ORIGIN_ADDED_KEY = 'console_origin_added';
/** How long the outbound policy's settings (read by every outbound request) are kept in this process. */
const OUTBOUND_CACHE_MS = 1000;

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

/**
 * A partial change of the settings, already checked and normalised: `allowedOrigins` as exact origins
 * (see `parseOrigin`), `allowedOutboundHosts` in the form `parseAllowedHost` gives. Fields left out keep
 * their values; `allowPrivateAddresses: null` returns to the default.
 */
export interface SettingsChanges {
  readonly allowedOrigins?: readonly string[];
  readonly allowedOutboundHosts?: readonly string[];
  readonly allowPrivateAddresses?: boolean | null;
  readonly branding?: BrandingChanges;
}

export interface SettingsServiceOptions {
  readonly publicUrl: string;
  readonly callbackUrl: string;
}

/**
 * Reads and changes partner-wide settings. The service domain and the callback URL come from
 * configuration and are not changed here.
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

  /** The values configuration fixes: the service domain and the OAuth callback URL. */
  configured(): { serviceDomain: string; callbackUrl: string } {
    return { serviceDomain: this.options.publicUrl, callbackUrl: this.options.callbackUrl };
  }

  /** Applies a partial change. */
  async update(changes: SettingsChanges): Promise<PartnerSettings> {
    return (await this.updateWithNotice(changes)).settings;
  }

  /**
   * Applies a partial change, with a notice when the new allowed origins drop the console's own
   * origin (the console will not add it back).
   */
  async updateWithNotice(changes: SettingsChanges): Promise<SettingsUpdate> {
    const writes: [string, unknown][] = [];
    let notice: string | null = null;
    if (changes.allowedOrigins !== undefined) {
      const next = [...changes.allowedOrigins];
      const consoleOrigin = new URL(this.options.publicUrl).origin;
      const before = await this.allowedOrigins();
      if (next.includes(consoleOrigin) && !before.includes(consoleOrigin))
        writes.push([CONSOLE_ORIGIN_ADDED_KEY, true]);
      if (before.includes(consoleOrigin) && !next.includes(consoleOrigin))
        notice = `Removed the console's own origin ${consoleOrigin} from AllowedOrigins; the console will not add it again, so authenticating a connector from the console needs it added back under Settings.`;
      writes.push([ALLOWED_ORIGINS_KEY, next]);
    }
    if (changes.allowedOutboundHosts !== undefined)
      writes.push([ALLOWED_OUTBOUND_HOSTS_KEY, [...changes.allowedOutboundHosts]]);
    if (changes.allowPrivateAddresses !== undefined)
      writes.push([ALLOW_PRIVATE_ADDRESSES_KEY, changes.allowPrivateAddresses]);
    if (changes.branding !== undefined)
      writes.push([BRANDING_KEY, applyBrandingChanges(await this.branding(), changes.branding)]);
    for (const [key, value] of writes) await this.store.put(key, value, this.clock());
    this.#allowPrivate = null;
    this.#allowedHosts = null;
    return { settings: await this.get(), notice };
  }

  /**
   * `AllowedOutboundHosts` in normal form (see `parseAllowedHost`). Every Http step and event delivery
   * asks (twice: before sending and on connecting), so the answer is kept for a second, as
   * `allowPrivateAddresses`'s is: a change made through this process applies at once, one made
   * through another process within a second. Callers that ask while the read is on its way share it.
   */
  async allowedOutboundHosts(): Promise<string[]> {
    const now = this.clock();
    let kept = this.#allowedHosts;
    if (!kept || now - kept.at >= OUTBOUND_CACHE_MS || now < kept.at) {
      const read = this.store
        .get(ALLOWED_OUTBOUND_HOSTS_KEY)
        .then((stored) =>
          Array.isArray(stored) ? stored.filter((h): h is string => typeof h === 'string') : [],
        );
      kept = { value: read, at: now };
      this.#allowedHosts = kept;
      read.catch(() => {
        if (this.#allowedHosts === kept) this.#allowedHosts = null;
      });
    }
    return [...(await kept.value)];
  }

  #allowedHosts: { value: Promise<readonly string[]>; at: number } | null = null;

  /**
   * `AllowPrivateAddresses` in effect: the stored choice, else true only on a loopback service domain.
   * Every outbound request asks, so the answer is kept for a second: a change made through this
   * process applies at once, one made through another process within a second. Callers that ask
   * while the read is on its way share it.
   */
  async allowPrivateAddresses(): Promise<boolean> {
    const now = this.clock();
    let kept = this.#allowPrivate;
    if (!kept || now - kept.at >= OUTBOUND_CACHE_MS || now < kept.at) {
      const read = this.store
        .get(ALLOW_PRIVATE_ADDRESSES_KEY)
        .then((stored) =>
          typeof stored === 'boolean' ? stored : isLoopbackHost(new URL(this.options.publicUrl).hostname),
        );
      kept = { value: read, at: now };
      this.#allowPrivate = kept;
      read.catch(() => {
        if (this.#allowPrivate === kept) this.#allowPrivate = null;
      });
    }
    return kept.value;
  }

  #allowPrivate: { value: Promise<boolean>; at: number } | null = null;

  /** The allowed origins in their normal form (see `normaliseOrigin`), for exact matching. */
  async allowedOrigins(): Promise<string[]> {
    const stored = await this.store.get(ALLOWED_ORIGINS_KEY);
    return Array.isArray(stored) ? stored.filter((o): o is string => typeof o === 'string') : [];
  }
}
