import type { FlowFailureKind } from '../domain/oauth-flows/flow-failure.ts';
import { escapeHtml, pageShell } from './page-security.ts';

interface FailureText {
  readonly title: string;
  readonly next: string;
}

const AGAIN = 'Go back to the app you came from and start connecting again.';

/** What each failure means to a person, and what they can do about it. */
export const FAILURE_TEXT: Readonly<Record<FlowFailureKind, FailureText>> = {
  invalid_request: { title: 'This sign-in link is incomplete or malformed.', next: AGAIN },
  target_origin_not_allowed: {
    title: 'This sign-in link asks to send the result to a site that is not allowed.',
    next: "The app that sent you here must add its web address to Plugboard's allowed origins. Please contact its support.",
  },
  sign_in_token_unknown: { title: 'This sign-in link is not valid.', next: AGAIN },
  sign_in_token_expired: {
    title: 'This sign-in link has expired (links last 5 minutes).',
    next: AGAIN,
  },
  sign_in_token_used: {
    title: 'This sign-in link has already been used (each link works once).',
    next: AGAIN,
  },
  account_connector_not_found: {
    title: 'The connection this link is for does not exist.',
    next: AGAIN,
  },
  connector_not_set_up: {
    title: 'This connector is not set up yet.',
    next: 'The app you came from still has to enter its Client ID and Client Secret. Please contact its support.',
  },
  browser_mismatch: {
    title: 'This sign-in was started in another browser, or the cookie it needs was blocked.',
    next: 'Start again from the app, in this browser, and allow cookies for this site.',
  },
  state_unknown: {
    title: 'This sign-in response does not belong to a sign-in we started.',
    next: AGAIN,
  },
  flow_expired: { title: 'This sign-in took too long (more than 10 minutes).', next: AGAIN },
  flow_used: {
    title: 'This sign-in has already been completed.',
    next: 'If you have just connected, you can close this window. Otherwise start again from the app.',
  },
  provider_denied: {
    title: 'Access was not granted.',
    next: 'Nothing was connected. To connect, start again from the app and choose Allow.',
  },
  provider_error: { title: 'The provider reported a problem with this sign-in.', next: AGAIN },
  exchange_failed: {
    title: 'The provider did not accept the sign-in.',
    next: 'Nothing was changed. Try again; if it keeps failing, the app’s connector settings (such as its client secret) may be wrong.',
  },
  storage_failed: {
    title: 'The connection could not be saved.',
    next: 'Nothing was changed. Please try again in a moment.',
  },
};

/** The error page: what went wrong, the provider's own words when there are any (escaped), what to do next. */
export function errorPage(nonce: string, kind: FlowFailureKind, detail: string | null): string {
  const text = FAILURE_TEXT[kind];
  const body = [
    `<h1>${escapeHtml(text.title)}</h1>`,
    detail ? `<p class="detail">${escapeHtml(detail)}</p>` : '',
    `<p>${escapeHtml(text.next)}</p>`,
    `<p class="code">Error code: ${escapeHtml(kind)}</p>`,
  ].join('\n');
  return pageShell(nonce, 'Connection failed', body);
}
