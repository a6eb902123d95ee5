/** Every event a REST hook can subscribe to (Capsule's documented list, `*\/moved` included). */
export const REST_HOOK_EVENTS = [
  'party/created',
  'party/updated',
  'party/deleted',
  'kase/created',
  'kase/updated',
  'kase/deleted',
  'kase/closed',
  'kase/moved',
  'opportunity/created',
  'opportunity/updated',
  'opportunity/deleted',
  'opportunity/closed',
  'opportunity/moved',
  'task/created',
  'task/updated',
  'task/completed',
  'user/created',
  'user/updated',
  'user/deleted',
] as const;

/** One of {@link REST_HOOK_EVENTS}. */
export type RestHookEvent = (typeof REST_HOOK_EVENTS)[number];

/** True when `name` is an event a hook may subscribe to. */
export function isRestHookEvent(name: string): name is RestHookEvent {
  return (REST_HOOK_EVENTS as readonly string[]).includes(name);
}

/**
 * Renders the changed record as `GET` would show it with the given embeds. Called when the change
 * happens, so a deleted record can still be rendered.
 */
export type PayloadRenderer = (embeds: ReadonlySet<string>) => unknown;

/** Where the API reports changes; the REST hook delivery gathers them per subscribed hook. */
export interface HookPublisher {
  publish(event: RestHookEvent, render: PayloadRenderer): void;
}
