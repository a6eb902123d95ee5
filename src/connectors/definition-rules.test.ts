import { describe, expect, it } from 'vitest';
import { CONNECTOR_DEFINITIONS } from './catalog.ts';
import type { ConnectorDefinition, MethodDefinition } from './connector-definition.ts';
import { findDefinitionProblems, methodProblems } from './definition-rules.ts';

const [first] = CONNECTOR_DEFINITIONS;
if (!first) throw new Error('the catalog is empty');

const sample: MethodDefinition = {
  id: 990001,
  uniqueIdentifier: '0b8f2e62-5d0c-4f0e-9a43-2a7c1d9e8f10',
  name: 'Get Thing',
  description: 'Shows a thing.',
  category: 'Things',
  httpMethod: 'GET',
  endpoint: '/things/{id}',
  parameters: [
    { name: 'id', location: 'path', dataType: 'Integer', required: true, description: 'Thing id' },
  ],
  response: { wrapKey: 'thing', isList: false, fields: [] },
  paging: { style: 'none' },
};

// Without webhooks: their rules name methods that these samples replace.
const { webhooks: firstWebhooks, ...withoutWebhooks } = first;
const withMethods = (...methods: MethodDefinition[]): ConnectorDefinition => ({
  ...withoutWebhooks,
  methods,
});

describe('the connector catalog', () => {
  it.each(CONNECTOR_DEFINITIONS.map((d) => [d.name, d] as const))('%s breaks no definition rule', (_, d) => {
    expect(findDefinitionProblems([d])).toEqual([]);
  });

  it('uses every method id and GUID once across all connectors', () => {
    expect(findDefinitionProblems(CONNECTOR_DEFINITIONS)).toEqual([]);
  });

  it('answers with a list from every method named List, Search, Filter or Get Multiple', () => {
    const listNamed = CONNECTOR_DEFINITIONS.flatMap((d) => d.methods).filter((m) =>
      /^(List|Search|Filter|Get Multiple) /.test(m.name),
    );
    expect(listNamed.length).toBeGreaterThan(0);
    expect(listNamed.filter((m) => !m.response.isList).map((m) => m.name)).toEqual([]);
  });
});

describe('the definition rules', () => {
  it('accept a consistent method', () => {
    expect(methodProblems(sample)).toEqual([]);
  });

  it('report a reused GUID and a reused numeric id', () => {
    const copy = { ...sample, name: 'Get Other Thing' };
    expect(findDefinitionProblems([withMethods(sample, copy)])).toEqual([
      "duplicate method id '990001'",
      "duplicate method GUID '0b8f2e62-5d0c-4f0e-9a43-2a7c1d9e8f10'",
    ]);
  });

  it('report a GUID in the wrong format', () => {
    expect(methodProblems({ ...sample, uniqueIdentifier: 'not-a-guid' })).toEqual([
      "'not-a-guid' is not a GUID",
    ]);
  });

  it('report a placeholder without a path parameter, and a path parameter without a placeholder', () => {
    expect(methodProblems({ ...sample, endpoint: '/things/{thingId}' })).toEqual([
      '{thingId} in the endpoint has no path parameter',
      "path parameter 'id' has no {id} in the endpoint",
    ]);
  });

  it('report a parameter name used twice', () => {
    const [id] = sample.parameters;
    if (!id) throw new Error('sample has a parameter');
    const problems = methodProblems({ ...sample, parameters: [id, { ...id, location: 'query' }] });
    expect(problems).toContain("duplicate parameter name 'id'");
  });

  it('report a write method without a request format unless it declares no body', () => {
    const post: MethodDefinition = { ...sample, httpMethod: 'POST' };
    expect(methodProblems(post)).toEqual(['POST has no request format']);
    expect(methodProblems({ ...post, noRequestBody: true })).toEqual([]);
  });

  it('report a request format on a GET', () => {
    expect(methodProblems({ ...sample, request: { wrapKey: 'thing', fields: [] } })).toEqual([
      'GET must not describe a request body',
    ]);
  });

  it('report a list that pages without page parameters or a list response', () => {
    const paging = {
      style: 'page-number',
      pageParameter: 'page',
      pageSizeParameter: 'perPage',
      maxPageSize: 100,
      next: 'link-header',
    } as const;
    expect(methodProblems({ ...sample, paging })).toEqual([
      'pages but its response is not a list',
      "pages but has no 'page' parameter",
      "pages but has no 'perPage' parameter",
    ]);
  });

  it('report page parameters on a method that declares no paging', () => {
    const page = {
      name: 'page',
      location: 'query',
      dataType: 'Integer',
      required: false,
      description: 'Page',
    } as const;
    expect(methodProblems({ ...sample, parameters: [...sample.parameters, page] })).toEqual([
      'takes page parameters but declares no paging',
    ]);
  });

  it('report a list response without a wrap key', () => {
    expect(methodProblems({ ...sample, response: { isList: true, fields: [] } })).toEqual([
      'list response has no wrapKey',
    ]);
  });

  it('report a background job followed with a method the connector does not have', () => {
    const MISSING = '7d2e4b81-9c3a-4f6e-a1d5-0e8b7c6f5a43';
    const deleting: MethodDefinition = {
      ...sample,
      httpMethod: 'DELETE',
      response: {
        isList: false,
        fields: [],
        acceptedJob: { wrapKey: 'job', followWith: MISSING },
      },
    };
    expect(findDefinitionProblems([withMethods(deleting)])).toEqual([
      `${first.name} 'Get Thing': its job is followed with ${MISSING}, which is no method`,
    ]);
    const follow = {
      ...sample,
      id: 990002,
      name: 'Get Job',
      uniqueIdentifier: '1c9f3e73-6e1d-4a1f-8b54-3b8d2eaf9021',
    };
    const followed = {
      ...deleting,
      response: {
        ...deleting.response,
        acceptedJob: { wrapKey: 'job', followWith: follow.uniqueIdentifier },
      },
    };
    expect(findDefinitionProblems([withMethods(followed, follow)])).toEqual([]);
  });

  it('report a binary request whose content or content-type field is missing', () => {
    const request = { fields: [], binary: { contentField: 'content', contentTypeField: 'contentType' } };
    expect(methodProblems({ ...sample, httpMethod: 'POST', request })).toEqual([
      "binary request field 'content' is not a field",
      "binary request field 'contentType' is not a field",
    ]);
  });

  it('report a single-record key on a response that is not a list, or equal to the list key', () => {
    const asList = { isList: true, wrapKey: 'parties', fields: [] } as const;
    expect(methodProblems({ ...sample, response: { ...asList, singleRecordKey: 'party' } })).toEqual([]);
    expect(methodProblems({ ...sample, response: { ...asList, singleRecordKey: 'parties' } })).toEqual([
      'singleRecordKey needs a list response with another wrapKey',
    ]);
    expect(
      methodProblems({
        ...sample,
        response: { isList: false, wrapKey: 'party', fields: [], singleRecordKey: 'x' },
      }),
    ).toEqual(['singleRecordKey needs a list response with another wrapKey']);
  });
});

describe('webhook data rules', () => {
  it('names a subscribe method that is not in the definition', () => {
    if (!firstWebhooks) throw new Error('the first connector declares no webhooks');
    const broken: ConnectorDefinition = {
      ...first,
      webhooks: {
        ...firstWebhooks,
        subscription: {
          ...firstWebhooks.subscription,
          subscribeMethod: '00000000-0000-4000-8000-000000000000',
        },
      },
    };
    expect(findDefinitionProblems([broken])).toEqual([
      `${first.name} webhooks: subscribe method 00000000-0000-4000-8000-000000000000 is not a method`,
    ]);
  });

  it('names an event listed twice and a field the subscribe method lacks', () => {
    if (!firstWebhooks) throw new Error('the first connector declares no webhooks');
    const [one] = firstWebhooks.events;
    if (!one) throw new Error('no events');
    const broken: ConnectorDefinition = {
      ...first,
      webhooks: {
        ...firstWebhooks,
        events: [one, one],
        subscription: { ...firstWebhooks.subscription, targetUrlField: 'callback' },
      },
    };
    expect(findDefinitionProblems([broken])).toEqual([
      `${first.name} webhooks: the subscribe method has no field 'callback'`,
      `${first.name} webhooks: event '${one.event}' is listed twice`,
    ]);
  });
});
