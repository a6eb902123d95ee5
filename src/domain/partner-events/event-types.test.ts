import { describe, expect, it } from 'vitest';
import { endpointWants, eventTypeProblems, forwardedEventType } from './event-types.ts';

describe('event types', () => {
  it("names a forwarded event from the connector's name and the event", () => {
    expect(forwardedEventType('Capsule', 'party/created')).toBe('capsule.party.created');
  });

  it('matches exact types, prefix patterns, and everything for an empty list', () => {
    expect(endpointWants([], 'cycle.paused')).toBe(true);
    expect(endpointWants(['capsule.*'], 'capsule.party.created')).toBe(true);
    expect(endpointWants(['capsule.party.*'], 'capsule.kase.created')).toBe(false);
    expect(endpointWants(['cycle.paused'], 'cycle.activated')).toBe(false);
  });

  it('names every requested type that does not exist', () => {
    expect(
      eventTypeProblems(
        ['cycle.paused', 'nope', 'capsule.*', 'x.*'],
        ['cycle.paused', 'capsule.party.created'],
      ),
    ).toEqual(["'nope' is not an event type", "'x.*' is not an event type"]);
  });
});
