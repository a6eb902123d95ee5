import type { MethodDefinition } from '../connector-definition.ts';
import { EMBEDS, embedParameter, idParameter, list, NO_PAGING, single } from './common-parameters.ts';
import { SITE_RESPONSE_FIELDS, USER_PREFERENCE_FIELDS, USER_RESPONSE_FIELDS } from './record-fields.ts';

const EMBED = embedParameter(EMBEDS.user);

/** The account's users and the account (site) itself. */
export const USER_AND_SITE_METHODS: readonly MethodDefinition[] = [
  {
    id: 580180,
    uniqueIdentifier: '46fd7ac3-d6a6-4d2a-9ebe-4f92c4c7e9ed',
    name: 'List Users',
    description: 'Lists the users of the Capsule account.',
    category: 'Users',
    httpMethod: 'GET',
    endpoint: '/users',
    parameters: [EMBED],
    response: list('users', USER_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580181,
    uniqueIdentifier: '45102bb6-b897-4845-a427-7b1c43f3ae4d',
    name: 'Get Current User',
    description: 'Shows the user the access token belongs to (usually the one who approved the connection).',
    category: 'Users',
    httpMethod: 'GET',
    endpoint: '/users/current',
    parameters: [EMBED],
    response: single('user', USER_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580182,
    uniqueIdentifier: '8538bd46-6539-4f15-b5ec-88324a5bd617',
    name: 'Get User',
    description: 'Shows one user.',
    category: 'Users',
    httpMethod: 'GET',
    endpoint: '/users/{id}',
    parameters: [idParameter('User id'), EMBED],
    response: single('user', USER_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580369,
    uniqueIdentifier: 'c9bcef8d-ba71-49da-86b7-87f922aa9625',
    name: 'Update User',
    description:
      "Changes a user's preferences (language, currency, time zone, task reminders); fields left out stay unchanged. Capsule may ask for the user_preference scope.",
    category: 'Users',
    httpMethod: 'PUT',
    endpoint: '/users/{id}',
    parameters: [idParameter('User id'), EMBED],
    request: { wrapKey: 'user', fields: USER_PREFERENCE_FIELDS },
    response: single('user', USER_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
  {
    id: 580183,
    uniqueIdentifier: 'a756ae42-2083-4b0d-ba3a-ac33c41d0293',
    name: 'Get Site',
    description: "Shows the Capsule account's name, URL and subdomain.",
    category: 'Site',
    httpMethod: 'GET',
    endpoint: '/site',
    parameters: [],
    response: single('site', SITE_RESPONSE_FIELDS),
    paging: NO_PAGING,
  },
];
