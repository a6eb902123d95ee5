import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load-config.ts';

const KEY = 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=';

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.callbackUrl).toBe('http://localhost:3000/connector/callback');
    expect(config.database).toEqual({ kind: 'sqlite', path: './data/plugboard.db' });
    expect(config.encryptionKeys).toBeNull();
    expect(config.sandbox).toBe(false);
    expect(config.logLevel).toBe('info');
    expect(config.apiRateLimitPerMinute).toBe(1200);
  });

  it('derives the public URL from the port and drops a trailing slash from an explicit one', () => {
    expect(loadConfig({ PLUGBOARD_PORT: '4100' }).publicUrl).toBe('http://localhost:4100');
    expect(loadConfig({ PLUGBOARD_PUBLIC_URL: 'https://connect.example.com/' }).callbackUrl).toBe(
      'https://connect.example.com/connector/callback',
    );
  });

  it('turns the sandbox on by default only when the caller asks (npm start)', () => {
    expect(loadConfig({}, { sandbox: true }).sandbox).toBe(true);
    expect(loadConfig({ PLUGBOARD_SANDBOX: 'off' }, { sandbox: true }).sandbox).toBe(false);
    expect(loadConfig({ PLUGBOARD_SANDBOX: 'on' }).sandbox).toBe(true);
  });

  it('leaves the sandbox off by default when the service domain is not loopback', () => {
    const publicUrl = { PLUGBOARD_PUBLIC_URL: 'https://connect.example.com' };
    expect(loadConfig(publicUrl, { sandbox: true }).sandbox).toBe(false);
    expect(loadConfig({ ...publicUrl, PLUGBOARD_SANDBOX: 'on' }, { sandbox: true }).sandbox).toBe(true);
    expect(loadConfig({ PLUGBOARD_PUBLIC_URL: 'http://127.0.0.1:3000' }, { sandbox: true }).sandbox).toBe(
      true,
    );
  });

  it('reads trusted proxies as addresses and CIDR ranges, and the token rate limit', () => {
    const config = loadConfig({
      PLUGBOARD_TRUSTED_PROXIES: '10.0.0.0/8, ::1,192.168.1.7',
      PLUGBOARD_TOKEN_RATE_LIMIT: '5',
    });
    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '::1', '192.168.1.7']);
    expect(config.tokenRateLimitPerMinute).toBe(5);
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({}).tokenRateLimitPerMinute).toBe(30);
    for (const bad of ['proxy.example.com', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129']) {
      expect(() => loadConfig({ PLUGBOARD_TRUSTED_PROXIES: bad })).toThrow(
        /^PLUGBOARD_TRUSTED_PROXIES: expected/,
      );
    }
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it.each([
    ['PLUGBOARD_PORT', 'abc', 'an integer from 0 to 65535'],
    ['PLUGBOARD_PORT', '70000', 'an integer from 0 to 65535'],
    ['PLUGBOARD_PUBLIC_URL', 'ftp://x', 'http:// or https://'],
    ['PLUGBOARD_PUBLIC_URL', 'https://x.example/?a=1', 'no query'],
    ['PLUGBOARD_DATABASE_URL', 'mysql://x', 'postgres://'],
    ['PLUGBOARD_SANDBOX', 'yes', 'on or off'],
    ['PLUGBOARD_LOG_LEVEL', 'loud', 'one of trace'],
    ['PLUGBOARD_API_RATE_LIMIT', '-1', 'non-negative integer'],
  ])('refuses %s=%s naming the variable and what it expects', (variable, value, expected) => {
    const error = refusal({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
    expect(error.message).toContain(expected);
  });

  it('requires encryption keys with PostgreSQL', () => {
    const error = refusal({ PLUGBOARD_DATABASE_URL: 'postgres://localhost/db' });
    expect(error.variable).toBe('PLUGBOARD_ENCRYPTION_KEYS');
    expect(
      loadConfig({ PLUGBOARD_DATABASE_URL: 'postgres://localhost/db', PLUGBOARD_ENCRYPTION_KEYS: KEY })
        .encryptionKeys,
    ).toHaveLength(1);
  });

  it.each([
    ['no kid', 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='],
    ['short key', 'k1:AAECAwQ='],
    ['duplicate kid', `${KEY},${KEY}`],
    ['bad kid', 'k.1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='],
  ])('refuses a malformed key list (%s) without echoing key material', (_case, value) => {
    const error = refusal({ PLUGBOARD_ENCRYPTION_KEYS: value });
    expect(error.variable).toBe('PLUGBOARD_ENCRYPTION_KEYS');
    expect(error.message).not.toContain('AAECAwQ');
  });
});
