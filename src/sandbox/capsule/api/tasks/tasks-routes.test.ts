import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../../testing/harness.ts';

let harness: Harness;
let token: string;

beforeEach(async () => {
  harness = await startHarness();
  token = (await harness.signIn()).access_token;
});
afterEach(async () => {
  await harness.close();
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
  harness.api(method, path, token, body);
const statuses = (tasks: { status: string }[]) => [...new Set(tasks.map((task) => task.status))].sort();

describe('tasks', () => {
  it('lists only open tasks unless status asks for others', async () => {
    const open = (await call('GET', '/tasks')).json().tasks;
    const all = (await call('GET', '/tasks?status=open,completed,pending')).json().tasks;
    const completed = (await call('GET', '/tasks?status=COMPLETED')).json().tasks;

    expect(statuses(open)).toEqual(['OPEN']);
    expect(statuses(all)).toEqual(['COMPLETED', 'OPEN', 'PENDING']);
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(statuses(completed)).toEqual(['COMPLETED']);
  });

  it('requires a description and a due date', async () => {
    const response = await call('POST', '/tasks', { task: { dueOn: 'tomorrow' } });

    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { message: string }) => e.message)).toEqual([
      'description is required',
      'dueOn must be a date (YYYY-MM-DD)',
    ]);
  });

  it('creates, completes and deletes a task', async () => {
    const created = await call('POST', '/tasks', {
      task: {
        description: 'Call back',
        dueOn: '2026-03-12',
        dueTime: '09:30',
        party: { id: 11002 },
        category: { id: 51 },
      },
    });
    const id = created.json().task.id;
    const completed = (await call('PUT', `/tasks/${id}`, { task: { status: 'COMPLETED' } })).json().task;
    const deleted = await call('DELETE', `/tasks/${id}`);

    expect(created.statusCode).toBe(201);
    expect(created.json().task).toMatchObject({
      description: 'Call back',
      status: 'OPEN',
      dueTime: '09:30:00',
      category: { id: 51, name: 'Call' },
      owner: { id: 6 },
    });
    expect(completed).toMatchObject({ status: 'COMPLETED', completedAt: '2026-03-10T12:34:56Z' });
    expect(deleted.statusCode).toBe(204);
    expect((await call('GET', `/tasks/${id}`)).statusCode).toBe(404);
  });

  it('refuses a task linked to two records', async () => {
    const response = await call('POST', '/tasks', {
      task: {
        description: 'Two homes',
        dueOn: '2026-03-12',
        party: { id: 11002 },
        opportunity: { id: 5001 },
      },
    });

    expect(response.statusCode).toBe(422);
  });

  it('embeds the owner as a whole user', async () => {
    const task = (await call('GET', '/tasks/9001?embed=owner,party')).json().task;

    expect(task.owner).toMatchObject({ id: 6, username: 'scott', timezone: 'Europe/London' });
    expect(task.party).toMatchObject({ id: 11005, name: 'Initech', phoneNumbers: expect.any(Array) });
  });
});
