import { expect, it } from 'vitest';
import { describeApi } from '../support/api-harness.ts';

describeApi('GET /v1.0/jobs (background work, a Plugboard addition)', (harness) => {
  const insert = async (status: string, lastError: string | null) => {
    const row = await harness()
      .app.database.db.insertInto('jobs')
      .values({
        kind: 'test-delivery',
        payload: JSON.stringify({ secret: 'payload-secret-value' }),
        status,
        run_at: Date.UTC(2026, 0, 1),
        attempts: status === 'dead' ? 5 : 1,
        max_attempts: 5,
        last_error: lastError,
        errors: JSON.stringify(
          lastError ? [{ at: Date.UTC(2026, 0, 1), attempt: 1, message: lastError }] : [],
        ),
        created_at: Date.UTC(2025, 11, 31),
        finished_at: status === 'dead' ? Date.UTC(2026, 0, 1) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };

  it('lists dead and failed work with kind, attempts, errors and times, and never the payload', async () => {
    const dead = await insert('dead', 'provider answered 500');
    const failed = await insert('failed', 'timed out');
    await insert('succeeded', null);
    const response = await harness().call('GET', '/v1.0/jobs?status=dead&kind=test-delivery');
    expect(response.status).toBe(200);
    expect(response.headers['total-records']).toBe('1');
    expect(response.json()).toEqual([
      {
        Id: dead,
        Kind: 'test-delivery',
        Status: 'dead',
        Priority: 0,
        AccountId: null,
        Attempts: 5,
        MaxAttempts: 5,
        RunAt: '2026-01-01T00:00:00.000Z',
        LockedUntil: null,
        LastError: 'provider answered 500',
        Errors: [{ At: '2026-01-01T00:00:00.000Z', Attempt: 1, Message: 'provider answered 500' }],
        CreatedAt: '2025-12-31T00:00:00.000Z',
        StartedAt: null,
        FinishedAt: '2026-01-01T00:00:00.000Z',
      },
    ]);
    const failedList = await harness().call('GET', '/v1.0/jobs?status=FAILED&kind=test-delivery');
    expect(failedList.json().map((j: { Id: number }) => j.Id)).toEqual([failed]);
    const all = await harness().call('GET', '/v1.0/jobs?kind=test-delivery&pageSize=2&page=1');
    expect(all.headers['total-records']).toBe('3');
    expect(all.headers['total-pages']).toBe('2');
    expect(all.json()).toHaveLength(2);
    expect(JSON.stringify(all.json())).not.toContain('payload-secret-value');
  });

  it('shows one job by id, and answers 404 for an unknown one', async () => {
    const id = await insert('failed', 'rate limited');
    const response = await harness().call('GET', `/v1.0/jobs/${id}`);
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ Id: id, Status: 'failed', LastError: 'rate limited' });
    expect(response.json()).not.toHaveProperty('Payload');
    const missing = await harness().call('GET', '/v1.0/jobs/987654321');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ Message: 'Job 987654321 was not found.' });
  });

  it('refuses an unknown status with a 400 that lists the statuses', async () => {
    const response = await harness().call('GET', '/v1.0/jobs?status=broken');
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({
      Message: 'status must be one of queued, running, succeeded, failed, dead.',
    });
  });

  it('refuses a caller without a token', async () => {
    expect((await harness().call('GET', '/v1.0/jobs', { token: null })).status).toBe(401);
  });
});
