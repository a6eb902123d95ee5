import { expect } from 'vitest';
import type { SandboxStats } from '../../../src/sandbox/capsule/index.ts';
import { type HookReceiver, startHookReceiver } from '../../../src/sandbox/capsule/testing/hook-receiver.ts';
import { type LivePlugboard, startLivePlugboard } from '../../support/live-plugboard.ts';
import { PartnerClient, type PartnerResponse } from '../../support/partner-client.ts';
import { insertAccount } from '../../support/raw-rows.ts';
import { sandboxTokens, setUpCapsuleAgainstSandbox } from '../../support/sandbox-consent.ts';
import type { TestDatabase } from '../../support/test-databases.ts';
import { CAPSULE } from './guids.ts';

/** What a partner sends to data on demand. */
export interface CallInput {
  readonly Parameters?: Readonly<Record<string, unknown>>;
  readonly Fields?: Readonly<Record<string, unknown>>;
  readonly MaxPages?: number;
}

/** A record as Capsule shows it: only the id is certain. */
export interface Row {
  readonly id: number;
  readonly [field: string]: unknown;
}

/** A parsed JSON body (the shapes are Capsule's, checked by the assertions). */
export type Json = ReturnType<typeof JSON.parse>;

/** One method's test: what it shows (for the title) and the calls and assertions that show it. */
export interface MethodCase {
  /** The method's `Name`, checked against the definition so a GUID cannot point at the wrong case. */
  readonly name: string;
  readonly shows: string;
  run(world: World): Promise<void>;
}

/** Method cases keyed by `MethodUniqueIdentifier`. */
export type MethodTable = Readonly<Record<string, MethodCase>>;

/** Ids of the sandbox's seeded records, discovered through list methods before the cases run. */
export interface Seeds {
  readonly parties: readonly Row[];
  readonly people: readonly Row[];
  readonly organisations: readonly Row[];
  /** An organisation with at least one person working for it. */
  readonly employer: number;
  readonly opportunities: readonly Row[];
  readonly kases: readonly Row[];
  readonly tasks: readonly Row[];
  readonly entries: readonly Row[];
  readonly users: readonly Row[];
  readonly pipelines: readonly Row[];
  /** Milestones of the first pipeline (open and complete ones). */
  readonly milestones: readonly Row[];
}

/** Everything a method case needs: one authenticated Capsule account connector on a live Plugboard. */
export interface World {
  readonly seeds: Seeds;
  /** Calls a method through `POST /v1.0/account/connectors/{id}/methods/{guid}`. */
  call(guid: string, input?: CallInput): Promise<PartnerResponse>;
  /** Calls a method, expects `status`, and returns the JSON body. */
  expectCall(guid: string, input: CallInput, status: number): Promise<Json>;
  /** Calls a method through the proxy (`…/proxy/{path}`). */
  proxy(method: string, path: string, body?: unknown): Promise<PartnerResponse>;
  /** The sandbox's counters (API requests it answered…). */
  stats(): SandboxStats;
  /** Shortens the sandbox's REST hook batching window. */
  setHookBatchDelay(ms: number): void;
  /** A local server that records REST hook deliveries. */
  readonly hooks: HookReceiver;
  /** An ISO-8601 instant; everything changed after this call is "since" it. */
  mark(): Promise<string>;
  /** A string no other record in this run uses. */
  unique(prefix: string): string;
  close(): Promise<void>;
}

const ACCOUNT = 'every-method';

/** Starts Plugboard with the sandbox on `database`, installs an authenticated Capsule and discovers seeds. */
export async function startWorld(database: TestDatabase): Promise<World> {
  const app: LivePlugboard = await startLivePlugboard(database);
  const hooks = await startHookReceiver();
  try {
    const partner = await PartnerClient.connect(app, 'HTTP');
    await partner.authenticate();
    await insertAccount(app, ACCOUNT);
    const sandboxBase = `${app.baseUrl}/sandbox/capsule`;
    await setUpCapsuleAgainstSandbox(app.services.connectorSetups, sandboxBase);
    const tokens = await sandboxTokens(sandboxBase, app.config.callbackUrl);
    const installed = await partner.call('POST', '/v1.0/connectors/Capsule/v2/install', {
      account: ACCOUNT,
      body: {
        Name: 'Capsule',
        AuthValue: JSON.stringify({
          AccessToken: tokens.access_token,
          RefreshToken: tokens.refresh_token,
          Expires: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
        }),
      },
    });
    const connectorId: number = installed.json().Id;
    const sandbox = app.sandbox;
    if (!sandbox) throw new Error('the sandbox is not mounted');

    const call = (guid: string, input: CallInput = {}) =>
      partner.call('POST', `/v1.0/account/connectors/${connectorId}/methods/${guid}`, {
        account: ACCOUNT,
        body: input,
      });
    const expectCall = async (guid: string, input: CallInput, status: number) => {
      const response = await call(guid, input);
      expect(response.status, response.text).toBe(status);
      return response.text === '' ? undefined : response.json();
    };
    let counter = 0;
    const world: World = {
      seeds: await discoverSeeds(expectCall),
      call,
      expectCall,
      proxy: (method, path, body) =>
        partner.call(method, `/v1.0/account/connectors/${connectorId}/proxy/${path}`, {
          account: ACCOUNT,
          ...(body === undefined ? {} : { body }),
        }),
      stats: () => ({ ...sandbox.stats }),
      setHookBatchDelay: (ms) => {
        sandbox.switches.hookBatchDelayMs = ms;
      },
      hooks,
      async mark() {
        // Capsule compares `since` with millisecond times: step past the current millisecond on both sides.
        await new Promise((resolve) => setTimeout(resolve, 2));
        const at = new Date().toISOString();
        await new Promise((resolve) => setTimeout(resolve, 2));
        return at;
      },
      unique: (prefix) => `${prefix} ${Date.now().toString(36)}-${++counter}`,
      async close() {
        await hooks.close();
        await app.close();
      },
    };
    return world;
  } catch (error) {
    await hooks.close();
    await app.close();
    throw error;
  }
}

type ExpectCall = World['expectCall'];

async function listAll(expectCall: ExpectCall, guid: string, key: string, parameters = {}): Promise<Row[]> {
  const body = await expectCall(guid, { Parameters: { perPage: 100, ...parameters }, MaxPages: 5 }, 200);
  const rows: Row[] = body[key];
  expect(rows.length).toBeGreaterThan(0);
  return rows;
}

async function discoverSeeds(expectCall: ExpectCall): Promise<Seeds> {
  const parties = await listAll(expectCall, CAPSULE.listParties, 'parties');
  const people = parties.filter((party) => party.type === 'person');
  const employer = people
    .map((person) => (person.organisation as { id: number } | null)?.id)
    .find((id) => id !== undefined);
  if (employer === undefined) throw new Error('no seeded person works for an organisation');
  const pipelines = await listAll(expectCall, CAPSULE.listPipelines, 'pipelines');
  const firstPipeline = pipelines[0];
  if (!firstPipeline) throw new Error('no seeded pipeline');
  const users = await expectCall(CAPSULE.listUsers, {}, 200);
  return {
    parties,
    people,
    organisations: parties.filter((party) => party.type === 'organisation'),
    employer,
    opportunities: await listAll(expectCall, CAPSULE.listOpportunities, 'opportunities'),
    kases: await listAll(expectCall, CAPSULE.listProjects, 'kases'),
    tasks: await listAll(expectCall, CAPSULE.listTasks, 'tasks', { status: 'open,completed,pending' }),
    entries: await listAll(expectCall, CAPSULE.listEntries, 'entries'),
    users: users.users,
    pipelines,
    milestones: await listAll(expectCall, CAPSULE.listPipelineMilestones, 'milestones', {
      id: firstPipeline.id,
    }),
  };
}

/** The ids of a list of records. */
export function idsOf(rows: readonly Row[]): number[] {
  return rows.map((row) => row.id);
}

/** The first element, or a failed test saying what was missing. */
export function first<T>(items: readonly T[], what: string): T {
  const item = items[0];
  if (item === undefined) throw new Error(`expected at least one ${what}`);
  return item;
}
