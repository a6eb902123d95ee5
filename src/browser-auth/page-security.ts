import { randomBytes } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A JSON literal safe inside an inline `<script>` (no `</script>`, no U+2028/2029 surprises). */
export function scriptLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Headers every page of the browser flow carries: no caching, no referrer, nothing but our own inline
 * code (by nonce), and framing only by the partner's allowed origins. Returns the nonce.
 */
export function securePage(reply: FastifyReply, allowedOrigins: readonly string[]): string {
  const nonce = randomBytes(16).toString('base64');
  const ancestors = allowedOrigins.length > 0 ? allowedOrigins.join(' ') : "'none'";
  reply.header('Cache-Control', 'no-store');
  reply.header('Pragma', 'no-cache');
  reply.header('Referrer-Policy', 'no-referrer');
  reply.header(
    'Content-Security-Policy',
    `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`,
  );
  if (allowedOrigins.length === 0) reply.header('X-Frame-Options', 'DENY');
  return nonce;
}

/** The shared page shell: plain HTML, no external assets. */
export function pageShell(nonce: string, title: string, body: string, script = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
main{max-width:34rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:12px;box-shadow:0 2px 12px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 .75rem}
p{margin:.5rem 0}
.detail{font-family:ui-monospace,monospace;font-size:.9rem;background:#f1f3f7;padding:.5rem .75rem;border-radius:6px;overflow-wrap:anywhere}
.code{color:#69707d;font-size:.85rem;margin-top:1.25rem}
</style>
</head>
<body>
<main>
${body}
</main>
${script ? `<script nonce="${nonce}">${script}</script>` : ''}
</body>
</html>
`;
}
