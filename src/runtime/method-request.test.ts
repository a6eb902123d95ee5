import { describe, expect, it } from 'vitest';
import { CAPSULE_V2 } from '../connectors/capsule-v2/index.ts';
import type { MethodDefinition } from '../connectors/connector-definition.ts';
import { buildMethodRequest, type MethodInput, MethodInputError } from './method-request.ts';

const BASE = 'https://api.capsulecrm.com/api/v2';

function method(name: string): MethodDefinition {
  const found = CAPSULE_V2.methods.find((m) => m.name === name);
  if (!found) throw new Error(`no method '${name}'`);
  return found;
}

const build = (name: string, input: MethodInput, base = BASE) =>
  buildMethodRequest(CAPSULE_V2, method(name), base, input);

function inputError(name: string, input: MethodInput): MethodInputError {
  try {
    build(name, input);
  } catch (error) {
    if (error instanceof MethodInputError) return error;
    throw error;
  }
  throw new Error('expected a MethodInputError');
}

describe('buildMethodRequest', () => {
  it('puts path parameters into the endpoint under a base URL with a path', () => {
    const request = build(
      'Get Party',
      { Parameters: { id: 11587 } },
      'http://localhost:3000/sandbox/capsule/api/v2/',
    );
    expect(request).toEqual({
      method: 'GET',
      url: 'http://localhost:3000/sandbox/capsule/api/v2/parties/11587',
      headers: { accept: 'application/json' },
    });
  });

  it('builds the query with URLSearchParams, comma lists joined', () => {
    const request = build('List Parties', {
      Parameters: { page: '2', perPage: 50, since: '2024-09-19T12:30:45Z', embed: ['tags', 'fields'] },
    });
    const url = new URL(request.url);
    expect(url.pathname).toBe('/api/v2/parties');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      page: '2',
      perPage: '50',
      since: '2024-09-19T12:30:45Z',
      embed: 'tags,fields',
    });
  });

  it('joins show-many ids with literal commas in the path', () => {
    expect(build('Get Multiple Parties', { Parameters: { ids: '1, 2,3' } }).url).toBe(
      `${BASE}/parties/1,2,3`,
    );
  });

  it('percent-encodes a text path value so it cannot add a segment', () => {
    const withText: MethodDefinition = {
      ...method('Get Party'),
      parameters: [{ name: 'id', location: 'path', dataType: 'Text', required: true, description: 'Id' }],
    };
    const request = buildMethodRequest(CAPSULE_V2, withText, BASE, {
      Parameters: { id: '../../oauth/token?x#' },
    });
    expect(request.url).toBe(`${BASE}/parties/..%2F..%2Foauth%2Ftoken%3Fx%23`);
    expect(new URL(request.url).pathname).toBe('/api/v2/parties/..%2F..%2Foauth%2Ftoken%3Fx%23');
  });

  it('refuses a text path value that is a dot segment', () => {
    const withText: MethodDefinition = {
      ...method('Get Party'),
      parameters: [{ name: 'id', location: 'path', dataType: 'Text', required: true, description: 'Id' }],
    };
    expect(() => buildMethodRequest(CAPSULE_V2, withText, BASE, { Parameters: { id: '..' } })).toThrow(
      "Parameter 'id' must not be '.' or '..'.",
    );
  });

  it('wraps fields in the key Capsule expects and sends JSON', () => {
    const request = build('Create Person', {
      Fields: {
        type: 'person',
        firstName: 'Ada',
        emailAddresses: [{ type: 'Work', address: 'ada@example.com' }],
      },
    });
    expect(request.method).toBe('POST');
    expect(request.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json' });
    expect(JSON.parse(String(request.body))).toEqual({
      party: {
        type: 'person',
        firstName: 'Ada',
        emailAddresses: [{ type: 'Work', address: 'ada@example.com' }],
      },
    });
  });

  it('passes nested _delete items through an update untouched', () => {
    const emailAddresses = [{ id: 12134, _delete: true }, { address: 'new@example.com' }];
    const request = build('Update Party', { Parameters: { id: 11587 }, Fields: { emailAddresses } });
    expect(request.method).toBe('PUT');
    expect(JSON.parse(String(request.body))).toEqual({ party: { emailAddresses } });
  });

  it('converts numbers and booleans given as strings in fields', () => {
    const request = build('Create Opportunity', {
      Fields: { name: 'Deal', party: { id: 1 }, milestone: { id: 2 }, probability: '50' },
    });
    expect(JSON.parse(String(request.body)).opportunity.probability).toBe(50);
    const tag = build('Create Party Tag', { Fields: { name: 'VIP', dataTag: 'TRUE' } });
    expect(JSON.parse(String(tag.body)).tag.dataTag).toBe(true);
  });

  it('sends no body for a POST that declares none', () => {
    const request = build('Add Party to Opportunity', { Parameters: { id: 5, partyId: 6 } });
    expect(request).toEqual({
      method: 'POST',
      url: `${BASE}/opportunities/5/parties/6`,
      headers: { accept: 'application/json' },
    });
  });

  it('matches enum values case-insensitively and sends the defined spelling', () => {
    const url = new URL(build('List Tasks', { Parameters: { status: 'OPEN,Completed' } }).url);
    expect(url.searchParams.get('status')).toBe('open,completed');
  });

  it.each([
    ['Get Party', {}, 'id', "Parameter 'id' is required."],
    [
      'Get Party',
      { Parameters: { id: 1, x: 2 } },
      'x',
      "There is no parameter named 'x' on method 'Get Party'.",
    ],
    ['Get Party', { Parameters: { id: '12a' } }, 'id', "Parameter 'id' must be an integer."],
    ['Get Party', { Parameters: { id: 1.5 } }, 'id', "Parameter 'id' must be an integer."],
    ['List Parties', { Parameters: { perPage: 101 } }, 'perPage', "Parameter 'perPage' must be at most 100."],
    ['List Parties', { Parameters: { page: 0 } }, 'page', "Parameter 'page' must be at least 1."],
    [
      'List Parties',
      { Parameters: { since: '19/09/2024' } },
      'since',
      "Parameter 'since' must be an ISO-8601 date and time, such as 2024-09-19T12:30:45Z.",
    ],
    [
      'List Parties',
      { Parameters: { embed: 'tags,milestone' } },
      'embed',
      "Parameter 'embed' must be one of: tags, fields, organisation, missingImportantFields.",
    ],
    [
      'Get Multiple Parties',
      { Parameters: { ids: '1,2,3,4,5,6,7,8,9,10,11' } },
      'ids',
      "Parameter 'ids' takes at most 10 values.",
    ],
    ['List Deleted Parties', {}, 'since', "Parameter 'since' is required."],
    ['Search Parties', { Parameters: { q: { text: 'x' } } }, 'q', "Parameter 'q' must be text."],
    [
      'Create Person',
      { Fields: { type: 'person', nickname: 'Al' } },
      'nickname',
      "There is no field named 'nickname' on method 'Create Person'.",
    ],
    ['Create Organisation', { Fields: { type: 'organisation' } }, 'name', "Field 'name' is required."],
    ['Create Person', { Fields: { type: 'robot' } }, 'type', "Field 'type' must be one of: person."],
    [
      'Create Person',
      { Fields: { type: 'person', emailAddresses: 'a@b.com' } },
      'emailAddresses',
      "Field 'emailAddresses' must be a JSON array.",
    ],
    [
      'Create Person',
      { Fields: { type: 'person', owner: [1] } },
      'owner',
      "Field 'owner' must be a JSON object.",
    ],
    [
      'Create Task',
      { Fields: { description: 'Call', dueOn: '2025-13-45' } },
      'dueOn',
      "Field 'dueOn' must be a date such as 2024-09-19.",
    ],
    [
      'Create Party Tag',
      { Fields: { name: 'VIP', dataTag: 'yes' } },
      'dataTag',
      "Field 'dataTag' must be true or false.",
    ],
    [
      'Get Party',
      { Parameters: { id: 1 }, Fields: { name: 'x' } },
      'name',
      "There is no field named 'name' on method 'Get Party'.",
    ],
    [
      'Get Party',
      { Parameters: [1] as unknown as Record<string, unknown> },
      'Parameters',
      'Parameters must be a JSON object.',
    ],
  ] as const)('refuses %s with %j naming %s', (name, input, parameter, message) => {
    const error = inputError(name, input);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toBe(message);
  });

  it('refuses control characters in a header parameter', () => {
    const withHeader: MethodDefinition = {
      ...method('List Users'),
      parameters: [
        { name: 'tenant', location: 'header', dataType: 'Text', required: false, description: 'Tenant' },
      ],
    };
    expect(() =>
      buildMethodRequest(CAPSULE_V2, withHeader, BASE, { Parameters: { tenant: 'a\r\nx-evil: 1' } }),
    ).toThrow("Parameter 'tenant' must not contain control characters.");
  });

  it('sends a binary request as the decoded bytes with its media type, the file name percent-encoded', () => {
    const content = Buffer.from('%PDF-1.4 naïve').toString('base64');
    const request = build('Upload Attachment', {
      Parameters: { filename: 'Qüote #1.pdf' },
      Fields: { content, contentType: 'application/pdf' },
    });
    expect(request.headers).toMatchObject({
      'content-type': 'application/pdf',
      'x-attachment-filename': 'Q%C3%BCote%20%231.pdf',
    });
    expect(Buffer.from(request.body as Uint8Array).toString()).toBe('%PDF-1.4 naïve');
  });

  it('refuses a binary request whose content is not base64 or whose media type is not one', () => {
    const file = { Parameters: { filename: 'a.txt' } };
    expect(
      inputError('Upload Attachment', {
        ...file,
        Fields: { content: 'not base64!', contentType: 'text/plain' },
      }).parameter,
    ).toBe('content');
    expect(
      inputError('Upload Attachment', { ...file, Fields: { content: 'aGk=', contentType: 'text' } })
        .parameter,
    ).toBe('contentType');
    expect(
      inputError('Upload Attachment', {
        ...file,
        Fields: { content: 'aGk=', contentType: 'text/plain', name: 'x' },
      }).parameter,
    ).toBe('name');
    expect(
      inputError('Upload Attachment', { ...file, Fields: { contentType: 'text/plain' } }).parameter,
    ).toBe('content');
  });
});
