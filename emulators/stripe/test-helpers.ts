// Shared setup for the emulator's own tests: an emulator on an ephemeral port, the real SDK
// pointed at it, and a tiny webhook receiver.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from './server';

export const TEST_KEY = 'sk_test_emulator_tests';

export function sdkFor(emu: StripeEmulator, config: Stripe.StripeConfig = {}, key = TEST_KEY): Stripe {
  return new Stripe(key, { host: '127.0.0.1', port: emu.port, protocol: 'http', ...config });
}

export async function startForTest(opts: StripeEmulatorOptions = {}, config: Stripe.StripeConfig = {}): Promise<{ emu: StripeEmulator; stripe: Stripe }> {
  const emu = await startStripeEmulator({ port: 0, webhookRetrySchedule: [50, 100, 200], ...opts });
  return { emu, stripe: sdkFor(emu, config) };
}

export interface ReceivedWebhook {
  body: string;
  headers: IncomingHttpHeaders;
  at: number;
}

/** A local HTTP endpoint that records every POST; `respond` picks the status per request. */
export async function startReceiver(respond: (n: number, body: string) => number = () => 200) {
  const received: ReceivedWebhook[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ body, headers: req.headers, at: Date.now() });
      const status = respond(++n, body);
      res.writeHead(status, { 'Content-Type': 'text/plain' });
      res.end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port with nothing listening on it (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
