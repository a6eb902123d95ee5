import { SandboxState } from './sandbox-state.ts';
import { seedParties } from './seed/party-seed.ts';
import { SEED_IDS, seedReferenceData } from './seed/reference-seed.ts';
import { seedSettings } from './seed/settings-seed.ts';
import { seedWork } from './seed/work-seed.ts';

/** The simulated account's site, as `GET /site` shows it. */
export const SEED_SITE = Object.freeze({
  url: 'https://exampleco.capsulecrm.com',
  subdomain: 'exampleco',
  name: 'Example Co.',
});

/**
 * A fresh account filled with realistic data. Timestamps are relative to `now`, so "changed in the
 * last week" filters and `since` queries find records whatever clock the sandbox runs on.
 */
export function createSeededState(now: number): SandboxState {
  const state = new SandboxState({ ...SEED_SITE }, SEED_IDS.users.scott);
  seedReferenceData(state, now);
  seedSettings(state, now);
  seedParties(state, now);
  seedWork(state, now);
  state.seededRecords = state.recordCount();
  return state;
}
