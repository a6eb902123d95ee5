import type { ConnectorDefinition } from './connector-definition.ts';

/**
 * The problems of a definition's webhook data: the subscribe and unsubscribe methods exist and take
 * the fields and parameter named, and every event is listed once.
 */
export function webhookProblems(definition: ConnectorDefinition): string[] {
  const webhooks = definition.webhooks;
  if (!webhooks) return [];
  const problems: string[] = [];
  const { subscription } = webhooks;
  const byGuid = (guid: string) =>
    definition.methods.find((m) => m.uniqueIdentifier.toLowerCase() === guid.toLowerCase());
  const subscribe = byGuid(subscription.subscribeMethod);
  const unsubscribe = byGuid(subscription.unsubscribeMethod);
  if (!subscribe) problems.push(`subscribe method ${subscription.subscribeMethod} is not a method`);
  if (!unsubscribe) problems.push(`unsubscribe method ${subscription.unsubscribeMethod} is not a method`);
  const fields = new Set(subscribe?.request?.fields.map((f) => f.name) ?? []);
  for (const name of [
    subscription.eventField,
    subscription.targetUrlField,
    ...Object.keys(subscription.fields ?? {}),
  ]) {
    if (subscribe && !fields.has(name)) problems.push(`the subscribe method has no field '${name}'`);
  }
  if (unsubscribe && !unsubscribe.parameters.some((p) => p.name === subscription.hookIdParameter))
    problems.push(`the unsubscribe method has no parameter '${subscription.hookIdParameter}'`);
  if (!Number.isInteger(subscription.maxPerAccount) || subscription.maxPerAccount < 1)
    problems.push('maxPerAccount must be a positive integer');
  const seen = new Set<string>();
  for (const { event } of webhooks.events) {
    if (seen.has(event)) problems.push(`event '${event}' is listed twice`);
    seen.add(event);
    if (!/^[a-z0-9_]+(\/[a-z0-9_]+)*$/i.test(event)) problems.push(`event '${event}' is not a simple name`);
  }
  return problems.map((p) => `${definition.name} webhooks: ${p}`);
}
