import type { UserRecord } from '../../model/records.ts';
import type { SandboxState } from '../../sandbox-state.ts';
import { isoTimestamp } from '../../time-format.ts';
import { presentParty } from '../parties/party-presenter.ts';
import { partySummary } from '../references.ts';

/** The `embed` values users document. */
export const USER_EMBEDS = ['party'] as const;

/** A user as `GET /users/{id}` shows it; `embed=party` nests the user's whole contact record. */
export function presentUser(
  state: SandboxState,
  user: UserRecord,
  embeds: ReadonlySet<string>,
): Record<string, unknown> {
  const party = user.partyId === null ? undefined : state.parties.get(user.partyId);
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    status: user.status,
    locale: user.locale,
    currency: user.currency,
    timezone: user.timezone,
    lastLoginAt: user.lastLoginAt === null ? null : isoTimestamp(user.lastLoginAt),
    taskReminder: user.taskReminder,
    party:
      embeds.has('party') && party !== undefined
        ? presentParty(state, party, new Set())
        : partySummary(state, user.partyId),
  };
}
