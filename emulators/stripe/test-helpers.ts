// Setup for the Stripe emulator's own tests: an emulator on an ephemeral port with the real SDK
// pointed at it, and a receiver for its webhooks (the generic helpers live in ../kit/testing).
import { type IncomingHttpHeaders } from 'node:http';
import Stripe from 'stripe';
import { startRecorder, setUpSuite } from '../kit/testing';
import { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from './server';

export { closedPort, rejectionOf, waitFor } from '../kit/testing';

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

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** A local HTTP endpoint that records every POST; `respond` picks the status per request. */
export function startReceiver(respond: (n: number, body: string) => number = () => 200) {
  let n = 0;
  return startRecorder<ReceivedWebhook>('/webhooks/stripe', (body, req) => ({ record: { body, headers: req.headers, at: Date.now() }, status: respond(++n, body) }));
}

export interface StripeSuite {
  emu: StripeEmulator;
  stripe: Stripe;
  /** Only with `webhooks`. */
  receiver?: Receiver;
}

/**
 * One emulator and SDK for the enclosing file or describe block, reset before each test. With
 * `webhooks`, a receiver starts first and the emulator delivers to it, signed with `secret`.
 */
export function setUpStripeSuite(
  use: (s: StripeSuite) => void,
  o: { options?: StripeEmulatorOptions; webhooks?: { secret: string; respond?: (n: number) => number }; beforeEach?: (s: StripeSuite) => void } = {},
): void {
  const start = async (): Promise<StripeSuite> => {
    const receiver = o.webhooks ? await startReceiver(o.webhooks.respond) : undefined;
    const webhookOptions = receiver ? { webhookUrl: receiver.url, webhookSecret: o.webhooks?.secret } : {};
    return { ...(await startForTest({ ...webhookOptions, ...o.options })), receiver };
  };
  setUpSuite(start, use, { beforeEach: o.beforeEach, settleWebhooks: o.webhooks !== undefined });
}
