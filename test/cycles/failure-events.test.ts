/**
 * What the partner hears when a cycle fails, over real HTTP: `transaction.errored`, `cycle.error` and
 * `cycle.paused` at a signed event endpoint (every request checked with a Standard Webhooks
 * verifier), and Cyclr's notification at the account's Transaction Error Webhook — written in the
 * database transaction of the failure itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CYCLE_STEP } from '../../src/domain/cycle-engine/engine-settings.ts';
import { EventReceiver, type ReceivedEvent } from '../support/event-receiver.ts';
import { refuseWrites } from '../support/refuse-writes.ts';
import { type TestDatabase, testDatabaseKinds } from '../support/test-databases.ts';
import { eventually } from './support/cycle-world.ts';
import { type EngineWorld, startEngineWorld, usersToApp } from './support/engine-world.ts';

interface IncidentView {
  TransactionId: string | null;
  FullMessage: string;
  StepId: string | null;
}

for (const kind of testDatabaseKinds()) {
  describe(`events of a failing cycle [${kind.kind}]`, { timeout: 90_000 }, () => {
    let database: TestDatabase;
    let world: EngineWorld;
    let events: EventReceiver;
    const call = (method: string, url: string, body?: unknown) =>
      world.partner.call(method, url, { account: world.account, ...(body === undefined ? {} : { body }) });
    const ofCycle = (cycleId: string) =>
      events.received.filter((r) => r.path === '/events' && r.body.data?.CycleId === cycleId);
    const cyclrNotices = (transactionId: string) =>
      events.received.filter((r) => r.path === '/cyclr' && r.body.TransactionId === transactionId);
    const errorIncident = async (transactionId: string) =>
      ((await call('GET', '/v1.0/cycles/incidents/error')).json() as IncidentView[]).filter(
        (i) => i.TransactionId === transactionId,
      );
    const settledStatus = (cycleId: string, status: string) =>
      eventually(
        async () => {
          const cycle = (await call('GET', `/v1.0/cycles/${cycleId}`)).json();
          return cycle.Status === status ? cycle : undefined;
        },
        60_000,
        `cycle ${cycleId} to be ${status}`,
      );

    beforeAll(async () => {
      database = await kind.create();
      world = await startEngineWorld(database);
      events = await EventReceiver.start();
      const settings = await world.partner.call('PUT', '/v1.0/settings', {
        body: {
          AllowedOutboundHosts: [`127.0.0.1:${world.receiver.port}`, new URL(events.url).host],
          AllowPrivateAddresses: true,
        },
      });
      expect(settings.status, settings.text).toBe(200);
      const endpoint = await world.partner.call('POST', '/v1.0/webhooks/endpoints', {
        body: { Url: `${events.url}/events`, EventTypes: ['cycle.*', 'transaction.errored'] },
      });
      expect(endpoint.status, endpoint.text).toBe(200);
      events.secrets.set('/events', endpoint.json().Secret);
      const account = await world.partner.call('PUT', `/v1.0/accounts/${world.account}`, {
        body: { TransactionErrorWebhookEnabled: true, TransactionErrorWebhookUrl: `${events.url}/cyclr` },
      });
      expect(account.status, account.text).toBe(200);
    }, 60_000);
    afterAll(async () => {
      await world?.close();
      await events?.close();
      await database?.drop();
    });

    it('sends transaction.errored, signed, and the Transaction Error Webhook when a transaction stops on an error', async () => {
      const cycleId = await world.install(
        usersToApp('Refused', { StepErrorAction: 'StopTransaction', CollectionSplitType: 'First' }),
        '/refused',
      );
      world.receiver.script.push({ status: 422 });
      const [transaction] = await world.runOnce(cycleId);
      expect(transaction).toMatchObject({ Status: 'Errored', CurrentStepKey: 'send' });
      const id = transaction?.Id as string;
      await events.waitUntil(
        () =>
          ofCycle(cycleId).some((r) => r.body.type === 'transaction.errored') && cyclrNotices(id).length > 0,
      );
      const [incident] = await errorIncident(id);
      const sendStepId = (await call('GET', `/v1.0/transactions/${id}`))
        .json()
        .Steps.find((s: { StepKey: string }) => s.StepKey === 'send').StepId;
      expect(incident?.StepId).toBe(sendStepId);

      // The activation, the pause after RunOnce and the error, in the order they happened.
      await events.waitUntil(() => ofCycle(cycleId).length >= 3);
      expect(ofCycle(cycleId).map((r) => r.body.type)).toEqual([
        'cycle.activated',
        'cycle.paused',
        'transaction.errored',
      ]);
      for (const received of ofCycle(cycleId)) expect(received.verified).toBe(true);
      const errored = ofCycle(cycleId)[2] as ReceivedEvent;
      expect(errored.body.data).toEqual({
        AccountId: world.account,
        CycleId: cycleId,
        TransactionId: id,
        StepId: sendStepId,
        StepName: 'send',
        Message: incident?.FullMessage,
      });
      expect(incident?.FullMessage).toContain('answered 422');

      const [notice] = cyclrNotices(id);
      expect(cyclrNotices(id)).toHaveLength(1);
      expect(notice?.body).toMatchObject({
        AccountId: world.account,
        AccountExternalId: world.account,
        CycleId: cycleId,
        CycleName: 'Refused',
        StepId: sendStepId,
        StepName: 'send',
        StepType: 'Http',
        TransactionId: id,
        Message: incident?.FullMessage,
        IncidentLevel: 'Error',
      });
      expect(JSON.parse(notice?.body.Detail as string)).toMatchObject({ Response: { Status: 422 } });
      // Cyclr's fields carry no secret: an id to drop repeats by, and no signature.
      expect(notice?.headers['webhook-id']).toMatch(/^evt_/);
      expect(notice?.headers['webhook-signature']).toBeUndefined();
    });

    it('sends cycle.error and cycle.paused when StopIntegration pauses a running cycle', async () => {
      const cycleId = await world.install(
        usersToApp('Stops', { StepErrorAction: 'StopIntegration', CollectionSplitType: 'First' }),
        '/stops',
      );
      world.receiver.script.push({ status: 400 });
      const activated = await call('PUT', `/v1.0/cycles/${cycleId}/activate`, { Interval: 60 });
      expect(activated.json().Status).toBe('Active');
      await settledStatus(cycleId, 'Paused');
      await events.waitUntil(() => ofCycle(cycleId).some((r) => r.body.type === 'cycle.paused'));
      const received = ofCycle(cycleId);
      expect(received.map((r) => r.body.type)).toEqual([
        'cycle.activated',
        'transaction.errored',
        'cycle.error',
        'cycle.paused',
      ]);
      for (const event of received) expect(event.verified).toBe(true);
      const transactionId = received[1]?.body.data?.TransactionId as string;
      const [incident] = await errorIncident(transactionId);
      expect(incident?.FullMessage).toContain('We have paused the cycle for now.');
      expect(received[2]?.body.data).toEqual({
        AccountId: world.account,
        CycleId: cycleId,
        CycleName: 'Stops',
        Status: 'Paused',
        Reason: incident?.FullMessage,
      });
      expect(received[3]?.body.data).toMatchObject({ CycleId: cycleId, Status: 'Paused' });
      await events.waitUntil(() => cyclrNotices(transactionId).length > 0);
      expect(cyclrNotices(transactionId)[0]?.body).toMatchObject({
        CycleName: 'Stops',
        IncidentLevel: 'Error',
      });
    });

    it('writes nothing of a failure whose events cannot be written, and all of it once they can', async () => {
      const cycleId = await world.install(
        {
          Name: 'From my app',
          Connectors: [{ Key: 'capsule', Name: 'Capsule', Version: 'v2' }],
          Settings: { StepErrorAction: 'StopTransaction' },
          Variables: [{ SystemName: 'TargetUrl', Value: null }],
          Steps: [
            { Key: 'incoming', Kind: 'Webhook', Event: 'Generic' },
            {
              Key: 'send',
              Kind: 'Http',
              Url: { MappingType: 'Variable', Value: 'TargetUrl' },
              Fields: { n: { MappingType: 'StepData', Step: 'incoming', Field: 'n' } },
            },
          ],
          Edges: [{ From: 'incoming', To: 'send' }],
        },
        '/atomic',
      );
      expect((await call('PUT', `/v1.0/cycles/${cycleId}/activate`, {})).status).toBe(200);
      const url = (await call('POST', `/v1.0/cycles/${cycleId}/webhook-url`)).json().Url as string;
      // The step's first attempt fails, and so does its run after the events can be written again.
      world.receiver.script.push({ status: 422 }, { status: 422 });
      const allow = await refuseWrites(world.app.database.db, kind.kind, 'partner_events', 'insert');
      let allowed = false;
      try {
        const delivered = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ n: 7 }),
        });
        expect(delivered.status).toBe(202);
        const id = await eventually(
          async () => (await call('GET', `/v1.0/cycles/${cycleId}/transactions`)).json()[0]?.Id as string,
          30_000,
          'the delivery to start a transaction',
        );
        // The step ran and its commit was refused with the event: the job failed, to be retried.
        await eventually(
          async () => {
            const jobs = await world.app.database.db
              .selectFrom('jobs')
              .select(['last_error', 'payload'])
              .where('kind', '=', CYCLE_STEP)
              .execute();
            return jobs.some((j) => j.payload.includes(id) && j.last_error?.includes('write refused'))
              ? true
              : undefined;
          },
          30_000,
          'the step job to fail on the refused write',
        );
        expect(world.receiver.received.filter((d) => d.path === '/atomic')).toHaveLength(1);
        const during = (await call('GET', `/v1.0/transactions/${id}`)).json();
        expect(['Queued', 'Running']).toContain(during.Status);
        expect(during.Steps.map((s: { StepKey: string }) => s.StepKey)).toEqual(['incoming']);
        expect(await errorIncident(id)).toEqual([]);

        await allow();
        allowed = true;
        await eventually(
          async () =>
            (await call('GET', `/v1.0/transactions/${id}`)).json().Status === 'Errored' ? true : undefined,
          30_000,
          'the retried step to stop the transaction',
        );
        await events.waitUntil(() => cyclrNotices(id).length > 0 && ofCycle(cycleId).length >= 2);
        expect(ofCycle(cycleId).map((r) => [r.body.type, r.body.data?.TransactionId])).toEqual([
          ['cycle.activated', undefined],
          ['transaction.errored', id],
        ]);
        expect(await errorIncident(id)).toHaveLength(1);
        const steps = (await call('GET', `/v1.0/transactions/${id}`)).json().Steps;
        expect(steps.map((s: { StepKey: string; Status: string }) => `${s.StepKey}:${s.Status}`)).toEqual([
          'incoming:Completed',
          'send:Errored',
        ]);
        expect(world.receiver.received.filter((d) => d.path === '/atomic')).toHaveLength(2);
      } finally {
        if (!allowed) await allow();
      }
    });
  });
}
