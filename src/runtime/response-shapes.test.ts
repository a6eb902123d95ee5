import { describe, expect, it } from 'vitest';
import type { MethodDefinition } from '../connectors/connector-definition.ts';
import { asAcceptedJob, asDeclaredList, dispositionFilename, fileBody } from './response-shapes.ts';

const base: MethodDefinition = {
  id: 1,
  uniqueIdentifier: '00000000-0000-4000-8000-000000000001',
  name: 'Sample',
  description: 'A sample',
  category: 'Samples',
  httpMethod: 'GET',
  endpoint: '/things/{ids}',
  parameters: [],
  response: { wrapKey: 'things', isList: true, fields: [], singleRecordKey: 'thing' },
  paging: { style: 'none' },
};

describe('asDeclaredList', () => {
  it('turns one record under the single-record key into a one-item list', () => {
    expect(asDeclaredList(base, { thing: { id: 1 } })).toEqual({ things: [{ id: 1 }] });
  });

  it('leaves a list, and a method without the key, as they are', () => {
    expect(asDeclaredList(base, { things: [{ id: 1 }] })).toEqual({ things: [{ id: 1 }] });
    const plain = { ...base, response: { wrapKey: 'things', isList: true, fields: [] } };
    expect(asDeclaredList(plain, { thing: { id: 1 } })).toEqual({ thing: { id: 1 } });
  });
});

describe('asAcceptedJob', () => {
  const deleting: MethodDefinition = {
    ...base,
    httpMethod: 'DELETE',
    response: { isList: false, fields: [], acceptedJob: { wrapKey: 'job', followWith: 'guid' } },
  };
  const location = 'https://api.example.com/api/v2/jobs/5f0c-77';

  it('names the job of a 202 from its Location', () => {
    expect(asAcceptedJob(deleting, 202, { location }, null)).toEqual({ job: { id: '5f0c-77', location } });
  });

  it('leaves a 204, and a 202 of a method that declares no job, as they are', () => {
    expect(asAcceptedJob(deleting, 204, { location }, null)).toBeNull();
    expect(asAcceptedJob(base, 202, { location }, null)).toBeNull();
  });
});

describe('fileBody', () => {
  it('reports the name, media type, size and base64 bytes of a file answer', () => {
    const file = {
      ...base,
      response: { wrapKey: 'attachment', isList: false, fields: [], binary: true as const },
    };
    const headers = { 'content-type': 'text/plain', 'content-disposition': 'inline; filename="a.txt"' };
    expect(fileBody(file, Buffer.from('hi'), headers)).toEqual({
      attachment: { filename: 'a.txt', contentType: 'text/plain', size: 2, content: 'aGk=' },
    });
  });

  it('prefers the RFC 6266 extended file name', () => {
    expect(dispositionFilename(`inline; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf; filename="resume.pdf"`)).toBe(
      'résumé.pdf',
    );
    expect(dispositionFilename('attachment; filename=plain.txt')).toBe('plain.txt');
    expect(dispositionFilename(undefined)).toBeNull();
  });
});
