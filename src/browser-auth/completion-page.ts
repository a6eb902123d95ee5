import { escapeHtml, pageShell, scriptLiteral } from './page-security.ts';

/**
 * The success page in popup mode: posts `callbackMessage` to the window that opened it (or the parent
 * frame) at exactly `targetOrigin` — never `*` — and closes.
 */
export function completionPage(
  nonce: string,
  connectorName: string,
  callbackMessage: string,
  targetOrigin: string,
): string {
  const script = `(function(){var m=${scriptLiteral(callbackMessage)},o=${scriptLiteral(targetOrigin)};
var t=window.opener||(window.parent!==window?window.parent:null);
if(t){t.postMessage(m,o);window.close();}})();`;
  const body = `<h1>${escapeHtml(connectorName)} is connected.</h1>\n<p>You can close this window.</p>`;
  return pageShell(nonce, 'Connected', body, script);
}
