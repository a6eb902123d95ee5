/**
 * The partner event types Plugboard emits itself. Forwarded provider events are named from the
 * connector's webhook data ({@link forwardedEventType}), e.g. `capsule.party.created`.
 */
export const PLATFORM_EVENT_TYPES = [
  'account_connector.authenticated',
  'account_connector.deauthenticated',
  'account_connector.needs_reauthentication',
  'account_connector.degraded',
  'cycle.activated',
  'cycle.paused',
  'cycle.error',
  'transaction.errored',
] as const;

export type PlatformEventType = (typeof PLATFORM_EVENT_TYPES)[number];

/** `capsule.party.created` for Capsule's `party/created`: the connector's name, then the event's parts. */
export function forwardedEventType(connectorName: string, providerEvent: string): string {
  const prefix = connectorName.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return `${prefix}.${providerEvent.replaceAll('/', '.')}`;
}

/**
 * Whether an endpoint subscribed to `patterns` wants `type`: an empty list wants every type; a
 * pattern is a type, or a prefix followed by `.*` (`capsule.*`, `account_connector.*`).
 */
export function endpointWants(patterns: readonly string[], type: string): boolean {
  if (patterns.length === 0) return true;
  return patterns.some((pattern) =>
    pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type,
  );
}

/** Problems with the event types an endpoint asks for, given every type that exists. */
export function eventTypeProblems(requested: readonly string[], known: readonly string[]): string[] {
  const problems: string[] = [];
  for (const pattern of requested) {
    const matches = pattern.endsWith('.*')
      ? known.some((type) => type.startsWith(pattern.slice(0, -1)))
      : known.includes(pattern);
    if (!matches) problems.push(`'${pattern}' is not an event type`);
  }
  return problems;
}
