import { expect, it } from 'vitest';
import { describeApi } from '../support/api-harness.ts';

describeApi('unknown /v1.0 routes', (harness) => {
  it('answers 404 whatever the body, with the partner API headers', async () => {
    const { call } = harness();
    for (const rawBody of [undefined, '', '{', '{"Name":"x"}']) {
      const response = await call('POST', '/v1.0/no-such-thing', {
        headers: { 'content-type': 'application/json' },
        ...(rawBody === undefined ? {} : { rawBody }),
      });
      expect(response.status).toBe(404);
      expect(response.json()).toEqual({ Message: 'There is no POST /v1.0/no-such-thing.' });
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['plugboard-error-code']).toBe('not_found');
      expect(response.headers['x-request-id']).toBeTruthy();
    }
  });

  it('answers 404 to an unknown route without credentials too, and leaves other paths alone', async () => {
    const { call } = harness();
    const anonymous = await call('GET', '/v1.0/accounts/acme/nothing-here', { token: null });
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers['cache-control']).toBe('no-store');
    expect((await call('GET', '/v1.0/accounts', { token: null })).status).toBe(401);
    expect((await call('GET', '/elsewhere')).status).toBe(404);
  });
});
