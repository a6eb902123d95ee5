import type { FieldDefinition, WebhookEventDefinition, WebhookSettings } from '../connector-definition.ts';
import {
  KASE_RESPONSE_FIELDS,
  OPPORTUNITY_RESPONSE_FIELDS,
  PARTY_RESPONSE_FIELDS,
  TASK_RESPONSE_FIELDS,
  USER_RESPONSE_FIELDS,
} from './record-fields.ts';

const event = (
  name: string,
  title: string,
  description: string,
  fields: readonly FieldDefinition[],
): WebhookEventDefinition => ({ event: name, name: title, description, fields });

/**
 * Capsule's REST hook events (developer.capsulecrm.com/v2/operations/REST_Hooks). Each delivery is
 * `{"event":"party/created","payload":[…records as GET shows them…]}`, possibly batched; Capsule
 * signs nothing, so the unguessable target URL is the only proof of origin.
 */
export const CAPSULE_WEBHOOK_EVENTS: readonly WebhookEventDefinition[] = [
  event('party/created', 'Party created', 'A person or organisation was added.', PARTY_RESPONSE_FIELDS),
  event('party/updated', 'Party updated', 'A person or organisation changed.', PARTY_RESPONSE_FIELDS),
  event('party/deleted', 'Party deleted', 'A person or organisation was deleted.', PARTY_RESPONSE_FIELDS),
  event('kase/created', 'Project created', 'A project (case) was added.', KASE_RESPONSE_FIELDS),
  event('kase/updated', 'Project updated', 'A project changed.', KASE_RESPONSE_FIELDS),
  event('kase/deleted', 'Project deleted', 'A project was deleted.', KASE_RESPONSE_FIELDS),
  event('kase/closed', 'Project closed', 'A project was closed.', KASE_RESPONSE_FIELDS),
  event('kase/moved', 'Project moved', "A project's board stage changed.", KASE_RESPONSE_FIELDS),
  event(
    'opportunity/created',
    'Opportunity created',
    'An opportunity was added.',
    OPPORTUNITY_RESPONSE_FIELDS,
  ),
  event('opportunity/updated', 'Opportunity updated', 'An opportunity changed.', OPPORTUNITY_RESPONSE_FIELDS),
  event(
    'opportunity/deleted',
    'Opportunity deleted',
    'An opportunity was deleted.',
    OPPORTUNITY_RESPONSE_FIELDS,
  ),
  event(
    'opportunity/closed',
    'Opportunity closed',
    'An opportunity was won or lost.',
    OPPORTUNITY_RESPONSE_FIELDS,
  ),
  event(
    'opportunity/moved',
    'Opportunity moved',
    "An opportunity's milestone changed.",
    OPPORTUNITY_RESPONSE_FIELDS,
  ),
  event('task/created', 'Task created', 'A task was added.', TASK_RESPONSE_FIELDS),
  event('task/updated', 'Task updated', 'A task changed.', TASK_RESPONSE_FIELDS),
  event('task/completed', 'Task completed', 'A task was completed.', TASK_RESPONSE_FIELDS),
  event('user/created', 'User created', 'A user was added to the Capsule account.', USER_RESPONSE_FIELDS),
  event('user/updated', 'User updated', 'A user changed.', USER_RESPONSE_FIELDS),
  event('user/deleted', 'User deleted', 'A user was deleted.', USER_RESPONSE_FIELDS),
];

/** REST hooks: subscribed with `POST /resthooks`, removed with `DELETE /resthooks/{id}`, at most 20. */
export const CAPSULE_WEBHOOKS: WebhookSettings = {
  events: CAPSULE_WEBHOOK_EVENTS,
  delivery: { eventPath: 'event', itemsPath: 'payload', recordIdField: 'id', changeStampField: 'updatedAt' },
  subscription: {
    // The "Subscribe REST Hook" and "Unsubscribe REST Hook" methods of rest-hook-methods.ts.
    subscribeMethod: 'bca984bc-63ea-429d-aff1-b9062f6a2704',
    unsubscribeMethod: 'c956178c-c470-4b2b-9c4f-4647a21d652c',
    eventField: 'event',
    targetUrlField: 'targetUrl',
    fields: { description: 'Plugboard', embed: 'tags,fields' },
    hookIdPath: 'restHook.id',
    hookIdParameter: 'id',
    maxPerAccount: 20,
    goneStatuses: [404, 410],
    unsubscribeStatus: 410,
  },
};
