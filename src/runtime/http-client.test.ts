import { describe, expect, it } from 'vitest';
import { toHttpClientError } from './http-client.ts';
import { HttpClientError } from './ports.ts';

const withCode = (code: string, name = 'Error') => Object.assign(new Error('x'), { code, name });

describe('toHttpClientError', () => {
  it.each([
    ['ECONNREFUSED', 'connect', false],
    ['ENOTFOUND', 'connect', false],
    ['UND_ERR_CONNECT_TIMEOUT', 'connect', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', false],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', true],
    ['UND_ERR_BODY_TIMEOUT', 'timeout', true],
    ['ECONNRESET', 'reset', true],
    ['UND_ERR_SOCKET', 'reset', true],
    ['UND_ERR_ABORTED', 'aborted', true],
    ['SOMETHING_NEW', 'other', true],
  ] as const)('classifies %s as %s (sent: %s)', (code, kind, requestSent) => {
    const error = toHttpClientError(withCode(code));
    expect(error).toBeInstanceOf(HttpClientError);
    expect({ kind: error.kind, requestSent: error.requestSent }).toEqual({ kind, requestSent });
  });

  it('finds the code of a wrapped cause', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: withCode('ECONNREFUSED') });
    expect(toHttpClientError(wrapped).kind).toBe('connect');
  });

  it('treats an AbortError as a cancellation', () => {
    expect(toHttpClientError(withCode('ABORT_ERR', 'AbortError')).kind).toBe('aborted');
  });

  it('keeps only the kind and code in its message', () => {
    const error = toHttpClientError(
      Object.assign(new Error('connect to https://x/?access_token=secret'), { code: 'ECONNRESET' }),
    );
    expect(error.message).toBe('HTTP request failed (reset, ECONNRESET)');
  });
});
