import type { ApiClient } from '../api/client.ts';
import type { Settings, SignInToken } from '../api/types.ts';

export type AuthenticationOutcome = 'completed' | 'closed' | 'cancelled';

export interface AuthenticationRequest {
  readonly api: ApiClient;
  readonly accountId: string;
  readonly accountConnectorId: number;
  /** The account user the sign-in token is made for (created if missing). */
  readonly username: string;
  /** A window opened by the click itself (browsers block pop-ups opened later). */
  readonly popup: Window;
  readonly signal: AbortSignal;
}

/** Opens the empty sign-in window; must run inside the click handler. */
export function openSignInWindow(): Window | null {
  const width = 560;
  const height = 720;
  const left = Math.max(0, window.screenX + (window.outerWidth - width) / 2);
  const top = Math.max(0, window.screenY + (window.outerHeight - height) / 3);
  const popup = window.open(
    '',
    'plugboard-connector-sign-in',
    `popup,width=${width},height=${height},left=${left},top=${top}`,
  );
  if (popup) {
    popup.document.title = 'Connecting…';
    popup.document.body.textContent = 'Opening the sign-in page…';
  }
  return popup;
}

/**
 * Makes sure the console's own origin may receive OAuth results: the console is just another page
 * that starts `/UpdateAccountConnectorOAuth`, so its origin goes into `AllowedOrigins` through the
 * same settings API, the first time it is needed (never again once the partner removed it).
 */
async function allowThisOrigin(api: ApiClient): Promise<Settings> {
  const settings = await api.get<Settings>('/v1.0/settings');
  const here = window.location.origin;
  if (settings.AllowedOrigins.includes(here)) return settings;
  // Added once already and removed by the partner since: respect that.
  if (settings.ConsoleOriginAdded)
    throw new Error(
      `${here} was removed from AllowedOrigins. Add it back under Settings to authenticate connectors from the console.`,
    );
  return api.send<Settings>('PUT', '/v1.0/settings', {
    body: { AllowedOrigins: [...settings.AllowedOrigins, here] },
  });
}

function randomMessage(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `plugboard-console-authenticated-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Authenticates an account connector the way a partner's own product does (Cyclr's popup flow): mint
 * a one-time sign-in token, send the popup to `/UpdateAccountConnectorOAuth` on the service domain,
 * and wait for the callback page to post our `callbackMessage` back — or for the window to close (a
 * failed sign-in shows its error in the window and posts nothing).
 */
export async function authenticateInPopup(request: AuthenticationRequest): Promise<AuthenticationOutcome> {
  const { api, popup, signal } = request;
  const settings = await allowThisOrigin(api);
  const token = await api.send<SignInToken>(
    'POST',
    `/v1.0/accounts/${encodeURIComponent(request.accountId)}/signintoken`,
    {
      body: { Username: request.username },
    },
  );
  const callbackMessage = randomMessage();
  const serviceOrigin = new URL(settings.ServiceDomain).origin;
  const start = new URL('/UpdateAccountConnectorOAuth', settings.ServiceDomain);
  start.search = new URLSearchParams({
    id: String(request.accountConnectorId),
    token: token.Token,
    targetOrigin: window.location.origin,
    callbackMessage,
  }).toString();
  if (popup.closed) return 'closed';
  popup.location.href = start.href;

  return new Promise<AuthenticationOutcome>((resolve) => {
    const finish = (outcome: AuthenticationOutcome) => {
      window.removeEventListener('message', onMessage);
      clearInterval(watch);
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== serviceOrigin || event.data !== callbackMessage) return;
      finish('completed');
    };
    const onAbort = () => {
      if (!popup.closed) popup.close();
      finish('cancelled');
    };
    // The callback page posts, then closes itself: the message may be handled after the window is seen
    // closed, so a closed window counts as "closed" only once a message had time to arrive.
    let closedSeen = false;
    const watch = setInterval(() => {
      if (!popup.closed) return;
      if (closedSeen) finish('closed');
      closedSeen = true;
    }, 400);
    window.addEventListener('message', onMessage);
    signal.addEventListener('abort', onAbort);
  });
}
