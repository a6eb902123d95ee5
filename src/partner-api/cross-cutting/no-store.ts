import type { HttpServer } from '../../http/build-server.ts';

/**
 * Marks every response of the context `Cache-Control: no-store`. Partner API answers carry sign-in
 * tokens, account data and (from other routes) secrets; no cache between Plugboard and the partner
 * may keep them (RFC 6749 §5.1). Set before authentication so error answers carry it too.
 */
export function preventCaching(v1: HttpServer): void {
  v1.addHook('onRequest', (_request, reply, done) => {
    reply.header('Cache-Control', 'no-store');
    reply.header('Pragma', 'no-cache');
    done();
  });
}
