import type { ConnectorCredentials } from '../../domain/account-connectors/account-connector.ts';
import { type Checked, checked, PlugboardError } from '../../domain/errors.ts';

function optionalTime(value: unknown, name: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw new PlugboardError('invalid_parameter', `AuthValue ${name} must be an ISO-8601 date and time.`);
  }
  return Date.parse(value);
}

/**
 * Reads Cyclr's pre-supplied OAuth credentials: `AuthValue` is a JSON *string* holding
 * `{"AccessToken","RefreshToken","Expires","RefreshExpires"}`. The message never echoes the value.
 */
export function parseOAuthAuthValue(authValue: unknown): ConnectorCredentials {
  const shape =
    'AuthValue must be a JSON string such as {"AccessToken":"…","RefreshToken":"…","Expires":"2030-01-01T00:00:00Z"}.';
  if (typeof authValue !== 'string') throw new PlugboardError('invalid_parameter', shape);
  let parsed: unknown;
  try {
    parsed = JSON.parse(authValue);
  } catch {
    throw new PlugboardError('invalid_parameter', shape);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PlugboardError('invalid_parameter', shape);
  }
  const value = parsed as Record<string, unknown>;
  if (typeof value.AccessToken !== 'string' || value.AccessToken.trim() === '') {
    throw new PlugboardError('invalid_parameter', 'AuthValue must include a non-empty AccessToken.');
  }
  if (
    value.RefreshToken !== undefined &&
    value.RefreshToken !== null &&
    typeof value.RefreshToken !== 'string'
  ) {
    throw new PlugboardError('invalid_parameter', 'AuthValue RefreshToken must be a string.');
  }
  const refreshToken =
    typeof value.RefreshToken === 'string' && value.RefreshToken.trim() !== '' ? value.RefreshToken : null;
  return {
    accessToken: value.AccessToken,
    refreshToken,
    tokenType: 'bearer',
    expiresAt: optionalTime(value.Expires, 'Expires'),
    refreshExpiresAt: optionalTime(value.RefreshExpires, 'RefreshExpires'),
    scope: null,
    metadata: {},
  };
}

/** The credentials of a body's `AuthValue`, read now and refused when the service says; none when absent or `null`. */
export function suppliedCredentials(authValue: unknown): Checked<ConnectorCredentials> | undefined {
  if (authValue === undefined || authValue === null) return undefined;
  return checked(() => parseOAuthAuthValue(authValue));
}
