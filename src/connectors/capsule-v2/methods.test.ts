import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MethodDefinition } from '../connector-definition.ts';
import { CAPSULE_V2 } from './index.ts';

const byName = new Map(CAPSULE_V2.methods.map((m) => [m.name, m]));
function method(name: string): MethodDefinition {
  const found = byName.get(name);
  if (!found) throw new Error(`no method '${name}'`);
  return found;
}
const parameter = (m: MethodDefinition, name: string) => m.parameters.find((p) => p.name === name);

describe('Capsule v2 methods', () => {
  it('keep the GUIDs the first release published', () => {
    expect(method('List Parties').uniqueIdentifier).toBe('6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a01');
    expect(method('Get Party').uniqueIdentifier).toBe('6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a02');
    expect(method('Create Person').uniqueIdentifier).toBe('6f1c2a4e-0b1d-4c55-9a51-0c7d3f1e2a05');
  });

  it('number every method in the 5801xx range', () => {
    expect(CAPSULE_V2.methods.filter((m) => Math.floor(m.id / 1000) !== 580)).toEqual([]);
  });

  it('ask for at most 10 ids on every show-many method', () => {
    const showMany = CAPSULE_V2.methods.filter((m) => m.endpoint.endsWith('/{ids}'));
    expect(showMany.map((m) => m.name)).toEqual([
      'Get Multiple Parties',
      'Get Multiple Opportunities',
      'Get Multiple Projects',
      'Get Multiple Tasks',
      'Get Multiple Pipelines',
    ]);
    for (const m of showMany) expect(parameter(m, 'ids')?.multiple?.maxItems).toBe(10);
    // One id reaches show-one, which answers a single record: the runtime turns it into a list.
    expect(showMany.map((m) => m.response.singleRecordKey)).toEqual([
      'party',
      'opportunity',
      'kase',
      'task',
      'pipeline',
    ]);
  });

  it('page per-entity entry lists by at most 50 and the rest by at most 100', () => {
    expect(parameter(method('List Party Entries'), 'perPage')?.maximum).toBe(50);
    expect(parameter(method('List Entries'), 'perPage')?.maximum).toBe(100);
  });

  it('require since on every deleted feed', () => {
    const feeds = CAPSULE_V2.methods.filter((m) => m.endpoint.endsWith('/deleted'));
    expect(feeds).toHaveLength(3);
    for (const m of feeds) expect(parameter(m, 'since')?.required).toBe(true);
  });

  it('offer each resource its own documented embed values', () => {
    expect(parameter(method('Get Opportunity'), 'embed')?.values).toContain('milestone');
    expect(parameter(method('Get Project'), 'embed')?.values).toContain('opportunity');
    expect(parameter(method('Get Task'), 'embed')?.values).toContain('nextTask');
    expect(parameter(method('Get Party'), 'embed')?.values).not.toContain('milestone');
  });

  it('wrap every write in the key Capsule expects', () => {
    const wraps = Object.fromEntries(
      CAPSULE_V2.methods.filter((m) => m.request).map((m) => [m.name, m.request?.wrapKey]),
    );
    expect(wraps).toMatchObject({
      'Create Person': 'party',
      'Update Opportunity': 'opportunity',
      'Create Project': 'kase',
      'Create Task': 'task',
      'Create Note': 'entry',
      'Subscribe REST Hook': 'restHook',
      'Create Party Tag': 'tag',
      'Filter Parties': 'filter',
    });
  });

  it('mark the fields Capsule requires on create and none on update', () => {
    const required = (name: string) =>
      method(name)
        .request?.fields.filter((f) => f.required)
        .map((f) => f.name);
    expect(required('Create Person')).toEqual(['type']);
    expect(required('Create Organisation')).toEqual(['type', 'name']);
    expect(required('Create Opportunity')).toEqual(['name', 'party', 'milestone']);
    expect(required('Create Task')).toEqual(['description', 'dueOn']);
    expect(required('Update Party')).toEqual([]);
  });

  it('let only read-only POSTs be retried', () => {
    const retriedPosts = CAPSULE_V2.methods.filter((m) => m.httpMethod === 'POST' && m.idempotent);
    expect(retriedPosts.every((m) => m.endpoint.endsWith('/filters/results'))).toBe(true);
    expect(CAPSULE_V2.retry.idempotentMethods).not.toContain('PUT');
  });

  it('match the coverage table of the README, category by category', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf('### What the Capsule v2 connector covers');
    const end = readme.indexOf('\n## ', start);
    const section = readme.slice(start, end === -1 ? undefined : end);
    const table = Object.fromEntries(
      [...section.matchAll(/^\| ([A-Za-z ]+?) +\| +(\d+) \|/gm)].map((row) => [row[1], Number(row[2])]),
    );
    const counts: Record<string, number> = {};
    for (const m of CAPSULE_V2.methods) counts[m.category] = (counts[m.category] ?? 0) + 1;
    expect(table).toEqual(counts);
    expect(section).toContain(`${CAPSULE_V2.methods.length} methods`);
  });

  it('page lost reasons, offer includeDeleted on pipelines and attachments on new notes', () => {
    expect(method('List Lost Reasons').paging.style).toBe('page-number');
    expect(parameter(method('List Pipelines'), 'includeDeleted')?.dataType).toBe('Boolean');
    expect(method('Create Note').request?.fields.map((f) => f.name)).toContain('attachments');
  });

  it('let every tag deletion answer with a job that Get Job follows', () => {
    const getJob = method('Get Job').uniqueIdentifier;
    const deletes = CAPSULE_V2.methods.filter((m) => m.name.startsWith('Delete') && m.name.endsWith('Tag'));
    expect(deletes).toHaveLength(3);
    for (const m of deletes) expect(m.response.acceptedJob).toEqual({ wrapKey: 'job', followWith: getJob });
  });
});
