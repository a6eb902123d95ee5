import type { RestHookRecord } from '../model/records.ts';
import type { SandboxStats } from '../stats.ts';
import type { SandboxSwitches } from '../switches.ts';
import type { HookPublisher, PayloadRenderer, RestHookEvent } from './hook-publisher.ts';

/** What a delivery needs; the hooks map is the account's live list. */
export interface RestHookDeliveryOptions {
  hooks: Map<number, RestHookRecord>;
  switches: Pick<SandboxSwitches, 'hookBatchDelayMs' | 'hookRetryDelaysMs'>;
  stats: SandboxStats;
  fetch: typeof fetch;
}

interface DeliveryBody {
  event: RestHookEvent;
  payload: unknown[];
}

type Outcome = 'delivered' | 'gone' | 'failed';

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Capsule-style REST hook delivery. Changes are gathered per hook for `hookBatchDelayMs` and POSTed
 * as one `{"event","payload":[…]}`. A non-2xx answer or a network error is retried after each of
 * `hookRetryDelaysMs`; when the last retry fails the hook is dead and removed. `410 Gone`
 * unsubscribes at once. Timers are unref'd so they never keep a process alive.
 */
export class RestHookDelivery implements HookPublisher {
  private readonly batches = new Map<number, DeliveryBody>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly aborter = new AbortController();
  private closed = false;

  constructor(private readonly options: RestHookDeliveryOptions) {}

  publish(event: RestHookEvent, render: PayloadRenderer): void {
    if (this.closed) {
      return;
    }
    for (const hook of this.options.hooks.values()) {
      if (hook.event !== event) {
        continue;
      }
      const payload = render(embedsOf(hook));
      const batch = this.batches.get(hook.id);
      if (batch !== undefined) {
        batch.payload.push(payload);
        continue;
      }
      const body: DeliveryBody = { event, payload: [payload] };
      this.batches.set(hook.id, body);
      this.schedule(this.options.switches.hookBatchDelayMs, () => {
        this.batches.delete(hook.id);
        this.attempt(hook.id, body, 0);
      });
    }
  }

  /** Cancels pending batches and retries, aborts requests in flight and waits for them to settle. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.batches.clear();
    this.aborter.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private attempt(hookId: number, body: DeliveryBody, retriesDone: number): void {
    const hook = this.options.hooks.get(hookId);
    if (hook === undefined || this.closed) {
      return;
    }
    const { stats, switches } = this.options;
    stats.hookDeliveries += 1;
    const delivery = this.post(hook.targetUrl, body).then((outcome) => {
      if (outcome === 'delivered' || this.closed) {
        return;
      }
      stats.hookDeliveryFailures += 1;
      const delay = switches.hookRetryDelaysMs[retriesDone];
      if (outcome === 'gone' || delay === undefined) {
        this.unsubscribe(hookId);
        return;
      }
      this.schedule(delay, () => this.attempt(hookId, body, retriesDone + 1));
    });
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async post(targetUrl: string, body: DeliveryBody): Promise<Outcome> {
    try {
      const response = await this.options.fetch(targetUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        redirect: 'manual',
        signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 410) {
        return 'gone';
      }
      return response.status >= 200 && response.status < 300 ? 'delivered' : 'failed';
    } catch {
      return 'failed';
    }
  }

  private unsubscribe(hookId: number): void {
    if (this.options.hooks.delete(hookId)) {
      this.options.stats.hooksUnsubscribed += 1;
    }
  }
}

function embedsOf(hook: RestHookRecord): ReadonlySet<string> {
  return new Set(
    (hook.embed ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  );
}
