import { CAPSULE_V2 } from '../../src/connectors/capsule-v2/index.ts';
import type { ConnectorSetupService } from '../../src/domain/connector-setups/connector-setup-service.ts';

export const SANDBOX_CLIENT = { clientId: 'capsule-sandbox-client', clientSecret: 'capsule-sandbox-secret' };

/** Points the Capsule v2 setup at a sandbox (mounted at `sandboxBase`). */
export async function setUpCapsuleAgainstSandbox(
  setups: ConnectorSetupService,
  sandboxBase: string,
): Promise<void> {
  await setups.update(CAPSULE_V2, {
    clientId: SANDBOX_CLIENT.clientId,
    clientSecret: SANDBOX_CLIENT.clientSecret,
    authoriseUrl: `${sandboxBase}/oauth/authorise?scope=read+write`,
    accessTokenUrl: `${sandboxBase}/oauth/token`,
    apiBaseUrl: `${sandboxBase}/api/v2`,
  });
}

/**
 * Plays the user and the client against the sandbox's OAuth server without a browser: consent, Allow,
 * then the code exchange. Returns Capsule's token response (for tests that pre-supply credentials).
 */
export async function sandboxTokens(
  sandboxBase: string,
  redirectUri: string,
): Promise<{ access_token: string; refresh_token: string; expires_in: number }> {
  const authorise = new URL(`${sandboxBase}/oauth/authorise`);
  authorise.search = new URLSearchParams({
    response_type: 'code',
    client_id: SANDBOX_CLIENT.clientId,
    redirect_uri: redirectUri,
    scope: 'read write',
    state: 'test-state',
  }).toString();
  const page = await (await fetch(authorise)).text();
  const consentId = /name="consent_id" value="([^"]+)"/.exec(page)?.[1];
  if (!consentId) throw new Error('no consent form in the sandbox page');
  const decision = await fetch(`${sandboxBase}/oauth/authorise`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent_id: consentId, decision: 'allow' }).toString(),
  });
  const code = new URL(decision.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error('the sandbox did not return a code');
  const token = await fetch(`${sandboxBase}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      ...{ client_id: SANDBOX_CLIENT.clientId, client_secret: SANDBOX_CLIENT.clientSecret },
    }).toString(),
  });
  if (token.status !== 200) throw new Error(`token exchange failed: ${await token.text()}`);
  return (await token.json()) as { access_token: string; refresh_token: string; expires_in: number };
}

/** Installs Capsule into `account` with real sandbox tokens pre-supplied as Cyclr's AuthValue; returns its id. */
export async function installWithSandboxTokens(
  partner: {
    call(
      method: string,
      url: string,
      options: { account: string; body: unknown },
    ): Promise<{ status: number; text: string; json(): any }>;
  },
  sandboxBase: string,
  redirectUri: string,
  account: string,
  name: string,
  expiresAt?: number,
): Promise<number> {
  const tokens = await sandboxTokens(sandboxBase, redirectUri);
  const authValue = JSON.stringify({
    AccessToken: tokens.access_token,
    RefreshToken: tokens.refresh_token,
    Expires: new Date(expiresAt ?? Date.now() + tokens.expires_in * 1000).toISOString(),
  });
  const installed = await partner.call('POST', '/v1.0/connectors/Capsule/v2/install', {
    account,
    body: { Name: name, AuthValue: authValue },
  });
  if (installed.status !== 200)
    throw new Error(`installing ${name} failed: ${installed.status} ${installed.text}`);
  return installed.json().Id;
}
