import type { FastifyReply } from 'fastify';

/** What the consent page shows. */
export interface ConsentView {
  appName: string;
  scopes: readonly string[];
  userName: string;
  userEmail: string;
  subdomain: string;
  /** The one-time id the form posts back instead of the request's parameters. */
  consentId: string;
  /** Where the browser goes next, so the user sees which site receives the answer. */
  redirectOrigin: string;
}

const SCOPE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  read: 'Read your contacts, opportunities, projects, tasks and notes',
  write: 'Create, change and delete your contacts, opportunities, projects, tasks and notes',
  user_preference: 'Change your user preferences',
  openid: 'Confirm who you are',
  profile: 'See your name and locale',
  email: 'See your email address',
  tenant: 'See which Capsule account you use',
};

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f6f8;color:#1d2733;margin:0}
main{max-width:30rem;margin:4rem auto;background:#fff;border-radius:8px;padding:2rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin-top:0}ul{padding-left:1.2rem}.who{color:#4a5866;font-size:.9rem}
.actions{display:flex;gap:1rem;margin-top:1.5rem}button{font-size:1rem;padding:.6rem 1.4rem;border-radius:4px;border:1px solid #8795a1;background:#fff;cursor:pointer}
button[value=allow]{background:#1f6feb;border-color:#1f6feb;color:#fff}`;

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The Allow/Deny page. The buttons keep stable attributes so browser tests can press them. */
export function renderConsentPage(view: ConsentView): string {
  const scopes = view.scopes
    .map(
      (scope) =>
        `<li><strong>${escapeHtml(scope)}</strong>: ${escapeHtml(SCOPE_DESCRIPTIONS[scope] ?? scope)}</li>`,
    )
    .join('');
  return page(
    'Authorise access',
    `<h1>${escapeHtml(view.appName)} would like to access your Capsule account</h1>
<p class="who">Signed in to Capsule as ${escapeHtml(view.userName)} (${escapeHtml(view.userEmail)}), site ${escapeHtml(view.subdomain)}</p>
<p>If you allow it, ${escapeHtml(view.appName)} will be able to:</p>
<ul>${scopes}</ul>
<p class="who">You will then be sent back to ${escapeHtml(view.redirectOrigin)}.</p>
<form method="post" action="authorise">
<input type="hidden" name="consent_id" value="${escapeHtml(view.consentId)}">
<div class="actions"><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button></div>
</form>`,
  );
}

/** A page for requests that cannot be answered with a redirect. */
export function renderErrorPage(message: string): string {
  return page(
    'Authorisation error',
    `<h1>This authorisation request cannot be completed</h1><p>${escapeHtml(message)}</p>`,
  );
}

/**
 * Sends a page that must not be cached, framed (clickjacking) or leak its URL through the Referer.
 * The CSP has no `form-action`, because browsers apply it to the redirect that follows the form.
 */
export function sendHtmlPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    )
    .send(html);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Capsule sandbox</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>
`;
}
