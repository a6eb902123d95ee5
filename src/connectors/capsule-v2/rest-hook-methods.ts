import type { MethodDefinition } from '../connector-definition.ts';
import { EMPTY_RESPONSE, idParameter, list, NO_PAGING, single } from './common-parameters.ts';
import { REST_HOOK_FIELDS, REST_HOOK_RESPONSE_FIELDS } from './settings-fields.ts';

/**
 * REST hooks (webhooks). Capsule allows them only for administrators, through a registered OAuth
 * application (not a personal token), at most 20 per account, and lists only the calling app's hooks.
 */
export const REST_HOOK_METHODS: readonly MethodDefinition[] = [
  {
    id: 580230,
    uniqueIdentifier: 'd5a369c4-b1ee-4961-80b0-fea4f34b62f5',
    name: 'List REST Hooks',
    description: 'Lists the REST hooks this application subscribed.',
    category: 'REST Hooks',
    httpMethod: 'GET',
    endpoint: '/resthooks',
    parameters: [],
    response: list('restHooks', REST_HOOK_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580231,
    uniqueIdentifier: '2ddad68b-0d58-409d-b302-5d1a8d5cb874',
    name: 'Get REST Hook',
    description: 'Shows one REST hook.',
    category: 'REST Hooks',
    httpMethod: 'GET',
    endpoint: '/resthooks/{id}',
    parameters: [idParameter('REST hook id')],
    response: single('restHook', REST_HOOK_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580232,
    uniqueIdentifier: 'bca984bc-63ea-429d-aff1-b9062f6a2704',
    name: 'Subscribe REST Hook',
    description: 'Asks Capsule to POST an event to a URL; deliveries are unsigned and may be batched.',
    category: 'REST Hooks',
    httpMethod: 'POST',
    endpoint: '/resthooks',
    parameters: [],
    request: { wrapKey: 'restHook', fields: REST_HOOK_FIELDS },
    response: single('restHook', REST_HOOK_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580233,
    uniqueIdentifier: 'c956178c-c470-4b2b-9c4f-4647a21d652c',
    name: 'Unsubscribe REST Hook',
    description: 'Deletes a REST hook.',
    category: 'REST Hooks',
    httpMethod: 'DELETE',
    endpoint: '/resthooks/{id}',
    parameters: [idParameter('REST hook id')],
    response: EMPTY_RESPONSE,
    paging: NO_PAGING,
  },
];
