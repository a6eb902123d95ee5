import { expect, it } from 'vitest';
import { describeApi } from '../support/api-harness.ts';

const JSON_TYPE = { 'content-type': 'application/json' };

describeApi('how /v1.0 reads request bodies', (harness) => {
  const raw = (
    method: string,
    url: string,
    rawBody: string,
    headers: Record<string, string>,
    account?: string,
  ) => harness().call(method, url, { rawBody, headers, ...(account ? { account } : {}) });

  it('reads the lenient JSON Cyclr accepts: single-quoted strings and unquoted keys', async () => {
    const created = await raw(
      'POST',
      '/v1.0/accounts',
      "{Id: 'lenient-1', 'Name': 'Single quoted', Description: 'unquoted key'}",
      JSON_TYPE,
    );
    expect(created.status).toBe(200);
    expect(created.json()).toMatchObject({
      Id: 'lenient-1',
      Name: 'Single quoted',
      Description: 'unquoted key',
    });
    const fetched = await harness().call('GET', '/v1.0/accounts/lenient-1');
    expect(fetched.json().Name).toBe('Single quoted');
  });

  it('reads the lenient form Cyclr client code sends for parameters', async () => {
    const response = await raw(
      'PUT',
      '/v1.0/accounts/lenient-1',
      "{'Description': 'x', 'Parameters': {58023101 : 1}}",
      JSON_TYPE,
    );
    expect(response.status).toBe(200);
    expect(response.json().Description).toBe('x');
  });

  it('still refuses a body that is neither JSON nor its lenient form, and lenient prototype keys', async () => {
    const broken = await raw('POST', '/v1.0/accounts', "{Name: 'unterminated", JSON_TYPE);
    expect(broken.status).toBe(400);
    expect(broken.json()).toEqual({ Message: 'The request body is not valid JSON.' });
    const poisoned = await raw('POST', '/v1.0/accounts', "{Name: 'p', __proto__: {admin: true}}", JSON_TYPE);
    expect(poisoned.status).toBe(400);
    expect(poisoned.json()).toEqual({ Message: 'The request body is not valid JSON.' });
    const poisonedStrict = await raw(
      'POST',
      '/v1.0/accounts',
      '{"Name":"p","__proto__":{"admin":true}}',
      JSON_TYPE,
    );
    expect(poisonedStrict.status).toBe(400);
  });

  it('applies the depth limit to lenient JSON too', async () => {
    const deep = `{Name: 'deep', Description: 'd', X: ${'['.repeat(100)}${']'.repeat(100)}}`;
    const response = await raw('POST', '/v1.0/accounts', deep, JSON_TYPE);
    expect(response.status).toBe(400);
    expect(response.json().Message).toMatch(/nests deeper than 64 levels/);
  });

  it('tells a client that sent JSON as a form or as text to send it as application/json', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
      const response = await raw('POST', '/v1.0/accounts', '{"Name":"Sent as a form"}', {
        'content-type': type,
      });
      expect(response.status).toBe(415);
      expect(response.json()).toEqual({
        Message: 'The request body must be JSON, sent with Content-Type: application/json.',
      });
    }
    const listed = await harness().call('GET', '/v1.0/accounts');
    expect(JSON.stringify(listed.json())).not.toContain('Sent as a form');
  });

  it('refuses a number or boolean where a field takes text, naming the field and the type', async () => {
    const number = await harness().call('POST', '/v1.0/accounts', { body: { Id: 'typed-1', Name: 123 } });
    expect(number.status).toBe(400);
    expect(number.json().Message).toBe('Name must be a string or null.');
    const lower = await harness().call('POST', '/v1.0/accounts', { body: { Id: 'typed-2', name: 123 } });
    expect(lower.status).toBe(400);
    expect(lower.json().Message).toMatch(
      /^name must be a string or null\.|^Name must be a string, not a number\.$/,
    );
    const flag = await harness().call('PUT', '/v1.0/accounts/lenient-1', { body: { Description: true } });
    expect(flag.status).toBe(400);
    expect(flag.json().Message).toBe('Description must be a string or null.');
    expect((await harness().call('GET', '/v1.0/accounts/typed-1')).status).toBe(404);
    expect((await harness().call('GET', '/v1.0/accounts/lenient-1')).json().Description).toBe('x');
  });

  it('still takes a whole number as a chosen account Id, as before', async () => {
    const response = await harness().call('POST', '/v1.0/accounts', { body: { Id: 4242, Name: 'Numbered' } });
    expect(response.status).toBe(200);
    expect(response.json().Id).toBe('4242');
  });

  it('refuses a number as an installed connector Name, and in a nested property', async () => {
    const install = await harness().call('POST', '/v1.0/connectors/Capsule/v2/install', {
      account: 'lenient-1',
      body: { Name: 123 },
    });
    expect(install.status).toBe(400);
    expect(install.json().Message).toBe('Name must be a string.');
    const nested = await harness().call('POST', '/v1.0/connectors/Capsule/v2/install', {
      account: 'lenient-1',
      body: { Name: 'Typed', Properties: [{ Name: 7, Value: 'x' }] },
    });
    expect(nested.status).toBe(400);
    expect(nested.json().Message).toBe('Properties[0].Name must be a string.');
    const listed = await harness().call('GET', '/v1.0/account/connectors', { account: 'lenient-1' });
    expect(listed.json()).toEqual([]);
  });
});
