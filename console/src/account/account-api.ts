import { type ApiClient, createApiClient } from '../api/client.ts';

/** `GET /account-api/session`: who this page is for, and how the partner presents itself. */
export interface AccountSession {
  readonly AccountId: string;
  readonly AccountName: string;
  readonly Username: string;
  readonly Mode: 'launch' | 'account';
  readonly CsrfToken: string;
  readonly ExpiresAtUtc: string;
  readonly Partner: {
    readonly Name: string | null;
    readonly Logo: string | null;
    readonly Colour: string | null;
  };
  readonly Launch: {
    readonly Tags: string[];
    readonly RunOnce: boolean;
    readonly Start: string | null;
  } | null;
}

/** An app connected (or to be connected) in the account. */
export interface AccountConnector {
  readonly Id: number;
  readonly Name: string;
  readonly ConnectorName: string;
  readonly ConnectorVersion: string;
  readonly Icon: string | null;
  readonly Authenticated: boolean;
  readonly AuthStatus: string;
}

/** `POST /account-api/connectors/{id}/authorize`: the one-time link for the sign-in popup. */
export interface AuthorizeLink {
  readonly Url: string;
  readonly CallbackMessage: string;
  readonly ServiceOrigin: string;
}

/** Cyclr's LAUNCH result. */
export interface LaunchResult {
  readonly accountId: string;
  readonly cycleId: string | null;
  readonly status: 'Completed' | 'Cancelled';
  readonly templateId: string | null;
  readonly errors: string[];
  readonly completeParameter: string | null;
}

export interface Completion {
  readonly Result: LaunchResult;
  readonly TargetOrigin: string;
  readonly RedirectUrl: string;
}

let csrfToken: string | null = null;

/** The page's client: the session cookie travels by itself, the CSRF token goes on every change. */
export const accountApi: ApiClient = createApiClient({
  csrfToken: () => csrfToken,
  onSessionEnded: () => {},
});

/** Loads the session and remembers its CSRF token for later calls. */
export async function loadSession(signal: AbortSignal): Promise<AccountSession> {
  const session = await accountApi.get<AccountSession>('/account-api/session', { signal });
  csrfToken = session.CsrfToken;
  return session;
}

/** A template the page offers, and this account's cycle of it. */
export interface Integration {
  readonly TemplateId: string;
  readonly Name: string;
  readonly Description: string | null;
  readonly Apps: string[];
  readonly Variables: {
    readonly SystemName: string;
    readonly DisplayName: string;
    readonly Value: string | null;
  }[];
  readonly Cycle: {
    readonly Id: string;
    readonly Status: 'Paused' | 'Active' | 'Stopped' | 'Error';
    readonly Prerequisites: {
      readonly ReasonCode: number;
      readonly Message: string;
      readonly AccountConnectorId: number | null;
    }[];
  } | null;
}
