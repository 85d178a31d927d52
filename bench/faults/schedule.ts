// The fault schedule: every fault the run injects, with its moment, drawn from one seed so that a
// failing run can be replayed (`FAULTS_SEED=<seed> npm run test:faults`). Pure: no I/O.
import { seededRandom } from '../../emulators/kit/faults';

export type FaultKind =
  | 'kill-web'
  | 'kill-worker'
  | 'kill-web-mid-checkout'
  | 'postgres-restart'
  | 'stripe-5xx'
  | 'stripe-timeouts'
  | 'stripe-webhook-chaos'
  | 'shopify-down'
  | 'shopify-429'
  | 'shopify-webhook-chaos'
  | 'stock-change-in-flight'
  | 'flash-sale'
  | 'replica-paused';

export interface FaultEvent {
  /** ms after the start of the load. */
  at: number;
  kind: FaultKind;
  /** How long a window fault lasts (ms); 0 for a one-off. */
  durationMs: number;
  /** A per-event seed (for failRate rules) and any choice the event needs. */
  seed: number;
}

export interface ScheduleOptions {
  seed: number;
  seconds: number;
  /** The two-region stack (FAULTS_REGIONS=1): eu-west's replica is also held behind for a while. */
  regions?: boolean;
}

/** The whole schedule, sorted by time. Window faults of one upstream never overlap. */
export function buildSchedule({ seed, seconds, regions = false }: ScheduleOptions): FaultEvent[] {
  const rnd = seededRandom(seed);
  const total = seconds * 1000;
  const at = (from: number, to: number) => Math.round(total * (from + (to - from) * rnd()));
  const next = () => Math.floor(rnd() * 2 ** 31);
  const events: FaultEvent[] = [];
  const add = (kind: FaultKind, when: number, durationMs = 0) => events.push({ at: when, kind, durationMs, seed: next() });

  // Crashes: the web and the worker a few times each (more in a longer run), one of the web's
  // while a checkout is between "order created" and "authorization recorded".
  const kills = Math.max(1, Math.round(seconds / 40));
  for (let i = 0; i < kills; i++) add('kill-web', at(0.1, 0.85));
  for (let i = 0; i < kills; i++) add('kill-worker', at(0.1, 0.85));
  add('kill-web-mid-checkout', at(0.2, 0.7));
  add('postgres-restart', at(0.3, 0.6));

  // Stripe: a 20 % 5xx window and a window of answers slower than the web's timeout, in turn;
  // webhooks delayed, duplicated ×3 and shuffled for the whole run.
  const stripeWindow = Math.round(total * 0.2);
  const firstStripe = rnd() < 0.5 ? 'stripe-5xx' : 'stripe-timeouts';
  add(firstStripe, at(0.05, 0.15), stripeWindow);
  add(firstStripe === 'stripe-5xx' ? 'stripe-timeouts' : 'stripe-5xx', at(0.45, 0.55), stripeWindow);
  add('stripe-webhook-chaos', 0, total);

  // Shopify: down for 60 s (a third of a short run), 429s, webhooks duplicated and out of order,
  // a stock change on a SKU with orders in flight.
  const down = Math.min(60_000, Math.round(total / 3));
  add('shopify-down', at(0.1, 0.3), down);
  add('shopify-429', at(0.65, 0.8), Math.round(total * 0.1));
  add('shopify-webhook-chaos', 0, total);
  add('stock-change-in-flight', at(0.3, 0.8));
  add('flash-sale', at(0.25, 0.6));
  // Drawn last, so a one-region schedule stays the same for the same seed.
  if (regions) add('replica-paused', at(0.3, 0.6), Math.round(total * 0.2));
  return events.sort((a, b) => a.at - b.at);
}

export function describeSchedule(events: FaultEvent[]): string {
  return events.map((e) => `  ${(e.at / 1000).toFixed(1).padStart(6)} s  ${e.kind}${e.durationMs ? ` for ${(e.durationMs / 1000).toFixed(0)} s` : ''}`).join('\n');
}
