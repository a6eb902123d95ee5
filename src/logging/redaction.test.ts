import { describe, expect, it } from 'vitest';
import { redactUrl } from './redaction.ts';

describe('redactUrl', () => {
  it('hides the token of a webhook URL', () => {
    expect(redactUrl('/webhooks/AbC_-123?x=1')).toBe('/webhooks/[redacted]?x=1');
    expect(redactUrl('/WEBHOOKS/secret-token')).toBe('/WEBHOOKS/[redacted]');
  });

  it('hides token, code and state values and keeps the rest', () => {
    expect(redactUrl('/connector/callback?code=abc&state=def&iss=https%3A%2F%2Fx')).toBe(
      '/connector/callback?code=[redacted]&state=[redacted]&iss=https%3A%2F%2Fx',
    );
    expect(redactUrl('/UpdateAccountConnectorOAuth?id=4&token=s3cr3t&targetOrigin=https://p.example')).toBe(
      '/UpdateAccountConnectorOAuth?id=4&token=[redacted]&targetOrigin=https://p.example',
    );
  });

  it('matches parameter names case-insensitively and when percent-encoded', () => {
    expect(redactUrl('/x?TOKEN=a&%63ode=b')).toBe('/x?TOKEN=[redacted]&%63ode=[redacted]');
  });

  it('keeps a query without secret parameters as it is, and still finds one spelt in escapes', () => {
    expect(redactUrl('/v1.0/account/connectors/7/proxy/parties?perPage=10&page=2')).toBe(
      '/v1.0/account/connectors/7/proxy/parties?perPage=10&page=2',
    );
    expect(redactUrl('/x?page=1&%70assword=hunter2')).toBe('/x?page=1&%70assword=[redacted]');
  });

  it('leaves URLs without a query alone', () => {
    expect(redactUrl('/v1.0/accounts')).toBe('/v1.0/accounts');
  });
});
