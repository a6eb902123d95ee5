import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundPolicy } from './address-policy.ts';
import {
  createOutbound,
  createOutboundDispatcher,
  OutboundAddressRefusedError,
  type Resolve,
} from './outbound-dispatcher.ts';

let server: Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/hop') {
      res.writeHead(302, { location: `http://other.test:${port}/landed` }).end();
      return;
    }
    res.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A resolver that answers like a rebinding attacker's DNS: public-looking names, loopback addresses. */
const rebinding: Resolve = async (hostname) => {
  if (hostname === 'mixed.test')
    return [
      { address: '93.184.216.34', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
  return [{ address: '127.0.0.1', family: 4 }];
};

function dispatcher(policy: OutboundPolicy) {
  return createOutboundDispatcher({ policy: () => policy, resolve: rebinding, connectTimeoutMs: 5000 });
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return null;
}

describe('the outbound dispatcher', () => {
  it('refuses a name that resolves to loopback, after resolution, without connecting', async () => {
    const before = hits;
    const error = await refusal(
      request(`http://public.test:${port}/`, { dispatcher: dispatcher({ allowPrivate: false }) }),
    );
    expect(error).toBeInstanceOf(OutboundAddressRefusedError);
    expect((error as Error).message).toMatch(/public\.test resolves to 127\.0\.0\.1 is a loopback address/);
    expect(hits).toBe(before);
  });

  it('refuses a name when any one of its addresses is private', async () => {
    const error = await refusal(
      request(`http://mixed.test:${port}/`, { dispatcher: dispatcher({ allowPrivate: false }) }),
    );
    expect(error).toBeInstanceOf(OutboundAddressRefusedError);
  });

  it.each(['127.0.0.1', '[::1]', '127.1', '2130706433'])('refuses the literal %s', async (host) => {
    const error = await refusal(
      request(`http://${host}:${port}/`, { dispatcher: dispatcher({ allowPrivate: false }) }),
    );
    expect(error).toBeInstanceOf(OutboundAddressRefusedError);
  });

  it('connects to the address it checked when private addresses are allowed', async () => {
    const response = await request(`http://public.test:${port}/`, {
      dispatcher: dispatcher({ allowPrivate: true }),
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.text()).toBe('reached');
  });

  it('never reuses a kept-alive connection once the policy no longer allows its address', async () => {
    let policy: OutboundPolicy = { allowPrivate: true };
    const outbound = createOutbound({ policy: () => policy, resolve: rebinding });
    const first = await request(`http://127.0.0.1:${port}/`, { dispatcher: await outbound.dispatcher() });
    expect(first.statusCode).toBe(200);
    await first.body.text();
    policy = { allowPrivate: false };
    const before = hits;
    const second = request(`http://127.0.0.1:${port}/`, { dispatcher: await outbound.dispatcher() });
    expect(await refusal(second)).toBeInstanceOf(OutboundAddressRefusedError);
    expect(hits).toBe(before);
    await outbound.close();
  });

  it('checks every redirect hop a fetch follows', async () => {
    const fetchVia = createOutbound({
      policy: () => ({ allowPrivate: true, allowedHosts: ['first.test'] }),
      resolve: rebinding,
    }).fetch;
    const before = hits;
    const error = await refusal(fetchVia(`http://first.test:${port}/hop`, { redirect: 'follow' }));
    expect(hits).toBe(before + 1);
    const cause = (error as { cause?: unknown }).cause;
    expect(cause).toBeInstanceOf(OutboundAddressRefusedError);
    expect((cause as Error).message).toMatch(/other\.test:\d+ is not in the settings' AllowedOutboundHosts/);
  });
});
