import type { HookPublisher } from './hooks/hook-publisher.ts';
import type { AuthorizationRequests } from './oauth/authorization-requests.ts';
import type { GrantsAndTokens } from './oauth/grants-and-tokens.ts';
import type { OAuthClient } from './oauth/oauth-client.ts';
import type { SandboxState } from './sandbox-state.ts';
import type { SandboxStats } from './stats.ts';
import type { SandboxSwitches } from './switches.ts';

/** Everything the sandbox's routes share; built once per sandbox by `createCapsuleSandbox`. */
export interface SandboxContext {
  /** External base URL of the sandbox, without a trailing slash. */
  readonly baseUrl: string;
  readonly now: () => number;
  readonly switches: SandboxSwitches;
  readonly stats: SandboxStats;
  readonly state: SandboxState;
  readonly clients: ReadonlyMap<string, OAuthClient>;
  readonly authorizations: AuthorizationRequests;
  readonly tokens: GrantsAndTokens;
  readonly hooks: HookPublisher;
  /** Whether a REST hook may deliver to this URL (see `CapsuleSandboxOptions.allowHookTarget`). */
  readonly allowHookTarget: (url: URL) => boolean;
}
