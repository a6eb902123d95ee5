/** Who is calling the partner API. */
export type Principal =
  | {
      readonly kind: 'api-client';
      readonly clientId: string;
      /** Set for an account-restricted token: the only account it may touch. */
      readonly restrictedToAccount: string | null;
    }
  | {
      /** A console administrator, signed in with a session cookie. */
      readonly kind: 'admin';
      readonly adminId: number;
      readonly username: string;
    };

/** The key that rate limits and idempotency keys are counted under. */
export function principalKey(principal: Principal): string {
  return principal.kind === 'api-client' ? `client:${principal.clientId}` : `admin:${principal.adminId}`;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the partner API's authentication hook; `null` before it runs. */
    principal: Principal | null;
  }
}
