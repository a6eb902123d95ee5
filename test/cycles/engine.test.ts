/** The engine's guarantees, against the sandbox and a real partner app over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxTokens } from '../support/sandbox-consent.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { eventually } from './support/cycle-world.ts';
import { type EngineWorld, SEEDED_USERS, startEngineWorld, usersToApp } from './support/engine-world.ts';

for (const kind of testDatabaseKinds()) {
  describe(`the cycle engine [${kind.kind}]`, { timeout: 90_000 }, () => {
    let database: TestDatabase;
    let world: EngineWorld;
    const deliveries = (path: string) => world.receiver.received.filter((d) => d.path === path);
    const call = (method: string, url: string, body?: unknown) =>
      world.partner.call(method, url, { account: world.account, ...(body === undefined ? {} : { body }) });

    beforeAll(async () => {
      database = await kind.create();
      world = await startEngineWorld(database, { fanOutCap: 2 });
    }, 60_000);
    afterAll(async () => {
      await world?.close();
      await database?.drop();
    });

    it('retries a 5xx on the ladder and completes; the step data shows each attempt, redacted', async () => {
      const id = await world.install(
        usersToApp('Retry', { StepErrorAction: 'Retry', RetryAttempts: 3, CollectionSplitType: 'First' }),
        '/retry',
      );
      world.receiver.script.push({ status: 503 }, { status: 500 });
      const [transaction] = await world.runOnce(id);
      expect(transaction?.Status).toBe('Completed');
      const sent = deliveries('/retry');
      expect(sent).toHaveLength(3);
      expect(new Set(sent.map((d) => d.headers['idempotency-key'])).size).toBe(1);
      const detail = (await call('GET', `/v1.0/transactions/${transaction?.Id}`)).json();
      expect(
        detail.Steps.map((s: { StepKey: string; Status: string }) => `${s.StepKey}:${s.Status}`),
      ).toEqual(['users:Completed', 'send:Retrying', 'send:Retrying', 'send:Completed']);
      expect(detail.Steps[1].Response).toMatchObject({ Status: 503 });
    });

    it('waits out a 429 without spending a retry', async () => {
      const id = await world.install(
        usersToApp('Rate limited', {
          StepErrorAction: 'Retry',
          RetryAttempts: 1,
          CollectionSplitType: 'First',
        }),
        '/busy',
      );
      world.receiver.script.push(
        { status: 429, headers: { 'retry-after': '1' } },
        { status: 429, headers: { 'retry-after': '1' } },
      );
      const [transaction] = await world.runOnce(id);
      expect(transaction?.Status).toBe('Completed');
      expect(deliveries('/busy')).toHaveLength(3);
    });

    it('stops a transaction on a 4xx with an incident, and retries it from the failed step on request', async () => {
      const id = await world.install(
        usersToApp('Refused', { StepErrorAction: 'Retry', CollectionSplitType: 'First' }),
        '/refused',
      );
      world.receiver.script.push({ status: 422 });
      const [transaction] = await world.runOnce(id);
      expect(transaction).toMatchObject({ Status: 'Errored', CurrentStepKey: 'send' });
      const incidents = (await call('GET', '/v1.0/cycles/incidents/error')).json();
      expect(
        incidents.find((i: { TransactionId: string }) => i.TransactionId === transaction?.Id),
      ).toMatchObject({
        CycleId: id,
        CycleName: 'Refused',
        IncidentLevel: 'Error',
        StepName: 'send',
      });
      const ofCycle = await call('GET', `/v1.0/cycles/${id}/incidents`);
      expect(ofCycle.status).toBe(200);
      expect(ofCycle.json().map((i: { TransactionId: string }) => i.TransactionId)).toEqual([
        transaction?.Id,
      ]);
      expect(ofCycle.headers['total-records']).toBe('1');
      expect((await call('GET', `/v1.0/cycles/${id}/incidents?level=ERROR`)).json()).toHaveLength(1);
      expect((await call('GET', `/v1.0/cycles/${id}/incidents?level=warning`)).json()).toEqual([]);
      const badLevel = await call('GET', `/v1.0/cycles/${id}/incidents?level=fatal`);
      expect(badLevel.status).toBe(400);
      expect(badLevel.json().Message).toContain('error or warning');
      const unknown = await call('GET', '/v1.0/cycles/no-such-cycle/incidents');
      expect(unknown.status).toBe(404);
      const retried = await call('POST', `/v1.0/transactions/${transaction?.Id}/retry`);
      expect(retried.status).toBe(200);
      await eventually(async () =>
        (await call('GET', `/v1.0/transactions/${transaction?.Id}`)).json().Status === 'Completed'
          ? true
          : undefined,
      );
      expect(deliveries('/refused')).toHaveLength(2);
      expect((await call('POST', `/v1.0/transactions/${transaction?.Id}/retry`)).status).toBe(409);
    });

    it('Ignore carries on, StopIntegration pauses the cycle', async () => {
      const ignore = await world.install(
        usersToApp('Ignore', { StepErrorAction: 'Ignore', CollectionSplitType: 'First' }),
        '/ignore',
      );
      world.receiver.script.push({ status: 400 });
      expect((await world.runOnce(ignore))[0]?.Status).toBe('Completed');
      const stop = await world.install(
        usersToApp('Stop all', { StepErrorAction: 'StopIntegration' }),
        '/stop',
      );
      world.receiver.script.push({ status: 400 }, { status: 400 }, { status: 400 }, { status: 400 });
      const activated = await call('PUT', `/v1.0/cycles/${stop}/activate`, { Interval: 60 });
      expect(activated.json().Status).toBe('Active');
      const paused = await eventually(async () => {
        const cycle = (await call('GET', `/v1.0/cycles/${stop}`)).json();
        return cycle.Status === 'Paused' ? cycle : undefined;
      });
      expect(paused.NextRunOnUtc).toBeNull();
    });

    it('splits a poll into at most the fan-out cap, with a warning, and the rest come on the next poll', async () => {
      const id = await world.install(usersToApp('Capped'), '/capped');
      const first = await world.runOnce(id);
      expect(first).toHaveLength(2);
      const warnings = (await call('GET', '/v1.0/cycles/incidents/warning')).json();
      expect(
        warnings.some(
          (w: { CycleId: string; ShortMessage: string }) =>
            w.CycleId === id && w.ShortMessage === 'Too many changes for one poll',
        ),
      ).toBe(true);
      const ofCycle = (await call('GET', `/v1.0/cycles/${id}/incidents`)).json();
      expect(ofCycle.length).toBeGreaterThan(0);
      expect(ofCycle.every((i: { CycleId: string; IncidentLevel: string }) => i.CycleId === id)).toBe(true);
      expect(ofCycle.map((i: { IncidentLevel: string }) => i.IncidentLevel)).toContain('Warning');
      const second = await world.runOnce(id);
      expect(second).toHaveLength(SEEDED_USERS);
      expect(new Set(deliveries('/capped').map((d) => d.body.userId)).size).toBe(SEEDED_USERS);
    });

    it('deactivating without finishing stops queued transactions; nothing more is sent', async () => {
      const template = usersToApp('Delayed', {}, [{ Key: 'later', Kind: 'Delay', Seconds: 3 }], []);
      template.Edges = [
        { From: 'users', To: 'later' },
        { From: 'later', To: 'send' },
      ];
      const id = await world.install(template, '/delayed');
      await call('PUT', `/v1.0/cycles/${id}/activate`, { Interval: 60 });
      await eventually(async () => {
        const list = (await call('GET', `/v1.0/cycles/${id}/transactions`)).json();
        return list.length > 0 ? list : undefined;
      });
      const paused = await call('PUT', `/v1.0/cycles/${id}/deactivate?finishQueuedTransactions=false`);
      expect(paused.json().Status).toBe('Paused');
      const list = (await call('GET', `/v1.0/cycles/${id}/transactions`)).json();
      expect(list.length).toBeGreaterThan(0);
      expect(list.every((t: { Status: string }) => t.Status === 'Stopped')).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect(deliveries('/delayed')).toHaveLength(0);
    });

    it('parks transactions as Waiting with ReasonCode 20 when the connection is revoked, and resumes them after re-authentication', async () => {
      const template = usersToApp('Reauth', { CollectionSplitType: 'First' }, [
        { Key: 'later', Kind: 'Delay', Seconds: 2 },
        {
          Key: 'again',
          Kind: 'Method',
          Connector: 'capsule',
          Method: '46fd7ac3-d6a6-4d2a-9ebe-4f92c4c7e9ed',
        },
      ]);
      template.Edges = [
        { From: 'users', To: 'later' },
        { From: 'later', To: 'again' },
        { From: 'again', To: 'send' },
      ];
      const id = await world.install(template, '/reauth');
      await call('PUT', `/v1.0/cycles/${id}/activate`, { RunOnce: true });
      await eventually(async () =>
        (await call('GET', `/v1.0/cycles/${id}/transactions`)).json().length === 1 ? true : undefined,
      );
      expect(
        (await call('PUT', `/v1.0/account/connectors/${world.accountConnectorId}/deauthenticate`)).status,
      ).toBe(200);
      const waiting = await eventually(async () => {
        const [t] = (await call('GET', `/v1.0/cycles/${id}/transactions`)).json();
        return t.Status === 'Waiting' ? t : undefined;
      });
      expect(waiting).toMatchObject({ ReasonCode: 20, CurrentStepKey: 'again' });
      const incidents = (await call('GET', '/v1.0/cycles/incidents/error')).json();
      expect(
        incidents.some(
          (i: { TransactionId: string; ShortMessage: string }) =>
            i.TransactionId === waiting.Id && i.ShortMessage === 'Failed to authenticate the connector',
        ),
      ).toBe(true);
      const fresh = await sandboxTokens(`${world.app.baseUrl}/sandbox/capsule`, world.app.config.callbackUrl);
      const authValue = JSON.stringify({
        AccessToken: fresh.access_token,
        RefreshToken: fresh.refresh_token,
        Expires: new Date(Date.now() + fresh.expires_in * 1000).toISOString(),
      });
      expect(
        (await call('PUT', `/v1.0/account/connectors/${world.accountConnectorId}`, { AuthValue: authValue }))
          .status,
      ).toBe(200);
      await eventually(async () =>
        (await call('GET', `/v1.0/transactions/${waiting.Id}`)).json().Status === 'Completed'
          ? true
          : undefined,
      );
      expect(deliveries('/reauth')).toHaveLength(1);
    });

    it('stops a runaway expression and errors its transaction, and the server carries on', async () => {
      const template = usersToApp('Runaway', { CollectionSplitType: 'First' });
      (template.Steps[1] as { Fields: Record<string, unknown> }).Fields.spin = {
        MappingType: 'Expression',
        Value: '( $f := function($n) { $f($n + 1) }; $f(0) )',
      };
      const id = await world.install(template, '/runaway');
      const [transaction] = await world.runOnce(id);
      expect(transaction?.Status).toBe('Errored');
      expect(transaction?.Message).toMatch(/expression/i);
      expect((await call('GET', `/v1.0/cycles/${id}`)).status).toBe(200);
    });

    it('deletes finished transactions, and their incidents, once the account’s retention has passed', async () => {
      const id = await world.install(
        usersToApp('Short-lived', { CollectionSplitType: 'First' }),
        '/retention',
      );
      expect(await world.runOnce(id)).toHaveLength(1);
      const failing = await world.install(
        usersToApp('Short-lived failure', { CollectionSplitType: 'First' }),
        '/retention-failure',
      );
      world.receiver.script.push({ status: 422 });
      expect((await world.runOnce(failing))[0]?.Status).toBe('Errored');
      expect((await call('GET', `/v1.0/cycles/${failing}/incidents`)).json()).toHaveLength(1);
      expect(
        (
          await world.partner.call('PUT', `/v1.0/accounts/${world.account}`, {
            body: { StepDataSuccessRetentionHours: 0, StepDataErroredRetentionHours: 0 },
          })
        ).status,
      ).toBe(200);
      await eventually(async () =>
        (await call('GET', `/v1.0/cycles/${id}/transactions`)).json().length === 0 ? true : undefined,
      );
      await eventually(async () =>
        (await call('GET', `/v1.0/cycles/${failing}/transactions`)).json().length === 0 &&
        (await call('GET', `/v1.0/cycles/${failing}/incidents`)).json().length === 0
          ? true
          : undefined,
      );
    });
  });
}
