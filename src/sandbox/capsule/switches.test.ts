import type { Static } from 'typebox';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createSwitches,
  DEFAULT_SWITCHES,
  type SandboxSwitches,
  type SandboxSwitchesSchema,
} from './switches.ts';

describe('switches', () => {
  it('keeps the schema and the documented interface in step', () => {
    expectTypeOf<Static<typeof SandboxSwitchesSchema>>().toEqualTypeOf<SandboxSwitches>();
  });

  it("defaults to Capsule's documented behaviour", () => {
    expect(createSwitches()).toEqual({
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
  });

  it('gives each sandbox its own copy of the defaults', () => {
    const switches = createSwitches();
    switches.hookRetryDelaysMs.push(1);

    expect(DEFAULT_SWITCHES.hookRetryDelaysMs).toHaveLength(5);
    expect(createSwitches().hookRetryDelaysMs).toHaveLength(5);
  });

  it('rejects unknown switches and out-of-range values with a TypeError naming them', () => {
    expect(() => createSwitches({ latencyMs: -5 })).toThrow(/latencyMs/);
    expect(() => createSwitches({ nonsense: true } as Partial<SandboxSwitches>)).toThrow(TypeError);
  });
});
