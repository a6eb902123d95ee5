/** What a LAUNCH token asks the LAUNCH page to do; kept with the token, then with the session. */
export interface LaunchOptions {
  /** Only templates carrying one of these tags are offered (none: every template). */
  readonly tags: readonly string[];
  /** Handed back untouched in the result, for the partner to recognise the launch. */
  readonly completeParameter: string | null;
  /** Activated cycles run once (at `start`) and pause, instead of running on their interval. */
  readonly runOnce: boolean;
  /** When activated cycles start (ISO 8601); `null` for now. */
  readonly start: string | null;
  /** The exact origin the result is posted to (one of the allowed origins). */
  readonly targetOrigin: string;
  /** Where to send the browser with the result when the page has no opener; `null`: the origin itself. */
  readonly redirectUrl: string | null;
}

/** The stored form back into options (written from checked options, so trusted). */
export function parseLaunchOptions(json: string): LaunchOptions {
  const value = JSON.parse(json) as LaunchOptions;
  return {
    tags: Array.isArray(value.tags) ? value.tags : [],
    completeParameter: value.completeParameter ?? null,
    runOnce: value.runOnce === true,
    start: value.start ?? null,
    targetOrigin: value.targetOrigin,
    redirectUrl: value.redirectUrl ?? null,
  };
}
