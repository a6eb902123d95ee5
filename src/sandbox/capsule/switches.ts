import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Behaviour switches of the sandbox. They can change at any time, through the object or through
 * `PUT {prefix}/control`, and every request reads the current value.
 */
export interface SandboxSwitches {
  /**
   * false: a refresh returns a new refresh token and the old one stays valid.
   * true: the old refresh token is consumed; presenting a consumed one gives `invalid_grant` and revokes
   * every token of its grant (RFC 9700 §4.14.2).
   */
  strictRotation: boolean;
  /** false: refresh responses omit `refresh_token` and the presented one stays valid. */
  rotateRefreshTokens: boolean;
  /** Lifetime of new access tokens, also sent as `expires_in`. */
  accessTokenTtlSeconds: number;
  /** Delay added to every API and token response. */
  latencyMs: number;
  /** Extra delay added to `/oauth/token` only. */
  tokenLatencyMs: number;
  /** How many of the next API requests are answered 503; each one decrements it. */
  fail5xx: number;
  /** How many of the next token requests are answered 503; each one decrements it. */
  failToken5xx: number;
  /** API requests allowed per user in each fixed clock hour. */
  rateLimitPerHour: number;
  /** Adds the RFC 9207 `iss` parameter to authorisation responses. */
  sendIssuer: boolean;
  /** Rejects authorisation requests without a PKCE `code_challenge`. */
  requirePkce: boolean;
  /** Delays before each REST hook redelivery; after the last one fails the hook is removed. */
  hookRetryDelaysMs: number[];
  /** How long changes are gathered into one batched REST hook delivery. */
  hookBatchDelayMs: number;
}

const ONE_DAY_MS = 86_400_000;
const count = Type.Integer({ minimum: 0, maximum: 1_000_000 });
const delayMs = Type.Integer({ minimum: 0, maximum: ONE_DAY_MS });

/** JSON Schema of the switches; the control endpoint validates patches against its partial form. */
export const SandboxSwitchesSchema = Type.Object(
  {
    strictRotation: Type.Boolean(),
    rotateRefreshTokens: Type.Boolean(),
    accessTokenTtlSeconds: Type.Integer({ minimum: 1, maximum: 10 * 365 * 86_400 }),
    latencyMs: delayMs,
    tokenLatencyMs: delayMs,
    fail5xx: count,
    failToken5xx: count,
    rateLimitPerHour: count,
    sendIssuer: Type.Boolean(),
    requirePkce: Type.Boolean(),
    hookRetryDelaysMs: Type.Array(delayMs, { maxItems: 20 }),
    hookBatchDelayMs: delayMs,
  },
  { additionalProperties: false },
);

const SwitchesPatchSchema = Type.Partial(SandboxSwitchesSchema, { additionalProperties: false });

/** A validated subset of the switches. */
export type SwitchesPatch = Static<typeof SwitchesPatchSchema>;

/** Capsule's documented values, and the retry schedule third parties quote for REST hooks. */
export const DEFAULT_SWITCHES: Readonly<SandboxSwitches> = Object.freeze({
  strictRotation: false,
  rotateRefreshTokens: true,
  accessTokenTtlSeconds: 604_799,
  latencyMs: 0,
  tokenLatencyMs: 0,
  fail5xx: 0,
  failToken5xx: 0,
  rateLimitPerHour: 4000,
  sendIssuer: false,
  requirePkce: false,
  hookRetryDelaysMs: [5_000, 60_000, 300_000, 900_000, 900_000],
  hookBatchDelayMs: 1_000,
});

/** Problems found in a switches patch, one readable line each; empty when the patch is valid. */
export function switchesPatchProblems(patch: unknown): string[] {
  return [...Value.Errors(SwitchesPatchSchema, patch)].map((error) => {
    const where = error.instancePath === '' ? 'switches' : error.instancePath.slice(1).replaceAll('/', '.');
    return `${where}: ${error.message}`;
  });
}

/** Merges a patch that passed {@link switchesPatchProblems} into the live switches, copying arrays. */
export function applySwitchesPatch(switches: SandboxSwitches, patch: SwitchesPatch): void {
  const copy = structuredClone(patch);
  Object.assign(switches, copy);
}

/** The defaults merged with `initial`; throws a TypeError naming the bad switch. */
export function createSwitches(initial: Partial<SandboxSwitches> = {}): SandboxSwitches {
  const problems = switchesPatchProblems(initial);
  if (problems.length > 0) {
    throw new TypeError(`Invalid sandbox switches: ${problems.join('; ')}`);
  }
  const switches = structuredClone({ ...DEFAULT_SWITCHES }) as SandboxSwitches;
  applySwitchesPatch(switches, initial as SwitchesPatch);
  return switches;
}
