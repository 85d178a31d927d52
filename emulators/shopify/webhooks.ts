// Shopify's side of webhook delivery (the queue, retries and faults are ../kit/webhooks): HTTPS
// subscriptions by topic, each event POSTed as compact JSON with
//   X-Shopify-Topic, X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body, keyed by the app's
//   API secret), X-Shopify-Shop-Domain, X-Shopify-API-Version, X-Shopify-Webhook-Id (one per event
//   and subscription, the same on every retry), X-Shopify-Event-Id (one per event), and
//   X-Shopify-Triggered-At (when the event happened — unchanged on retries).
// Shopify allows 5 s per attempt and retries 8 times over 4 hours (here compressed and
// configurable), with the original payload. Each subscription sends one request at a time, in the
// order deliveries come due (Shopify promises no order; the reorder fault and retries produce
// out-of-order arrivals on purpose). The emulator's "down" holds deliveries like a pause.
import { createHmac } from 'node:crypto';
import { type ControlRoute } from '../kit/control';
import { targetControlRoutes } from '../kit/webhook-control';
import { type DeliveryAttemptBase, type WebhookTarget, WebhookDispatcher } from '../kit/webhooks';
import { type StoreEvent, WEBHOOK_TOPICS } from './store/records';

export type { WebhookFaults } from '../kit/webhooks';

export interface WebhookSubscription extends WebhookTarget {
  /** Topics delivered (`*` = every topic the emulator emits). */
  topics: string[];
}

export interface DeliveryAttempt extends DeliveryAttemptBase {
  webhook_id: string;
  event_id: string;
  topic: string;
  subscription_id: string;
  url: string;
  triggered_at: string;
}

export interface RecordedEvent extends StoreEvent {
  /** The exact body delivered (and signed). */
  body: string;
}

/** X-Shopify-Hmac-Sha256 for a raw body: base64 HMAC-SHA256 keyed by the API secret. */
export function signBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export function topicMatches(topics: string[], topic: string): boolean {
  return topics.some((t) => t === '*' || t === topic);
}

export interface ShopifyWebhookOptions {
  shopDomain: string;
  apiVersion: string;
  /** Signs X-Shopify-Hmac-Sha256 (the app's API secret / client secret). */
  secret: () => string;
  retrySchedule: number[];
  timeoutMs: number;
  log: (line: string) => void;
}

export class ShopifyWebhooks extends WebhookDispatcher<RecordedEvent, WebhookSubscription, DeliveryAttempt> {
  /** Every event so far (the last 5000), with its exact body, for resends and the control page. */
  readonly events: RecordedEvent[] = [];
  private nextSub = 1;

  constructor(o: ShopifyWebhookOptions) {
    super({
      retrySchedule: o.retrySchedule,
      timeoutMs: o.timeoutMs,
      log: o.log,
      serialPerTarget: true,
      request: ({ event, deliveryId }) => ({
        body: event.body,
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'Shopify-Captain-Hook',
          Accept: '*/*',
          'X-Shopify-Topic': event.topic,
          'X-Shopify-Hmac-Sha256': signBody(event.body, o.secret()),
          'X-Shopify-Shop-Domain': o.shopDomain,
          'X-Shopify-API-Version': o.apiVersion,
          'X-Shopify-Webhook-Id': deliveryId,
          'X-Shopify-Event-Id': event.eventId,
          'X-Shopify-Triggered-At': new Date(event.triggeredAt).toISOString(),
        },
      }),
      record: ({ event, target, deliveryId, copy, attempt }, { at, duration_ms, ...outcome }) => ({
        webhook_id: deliveryId,
        event_id: event.eventId,
        topic: event.topic,
        subscription_id: target.id,
        url: target.url,
        attempt,
        copy,
        ...outcome,
        triggered_at: new Date(event.triggeredAt).toISOString(),
        at,
        duration_ms,
      }),
    });
  }

  get subscriptions(): WebhookSubscription[] {
    return this.targets;
  }

  addSubscription(input: { url: string; topics?: string[] }, fromStart = false): WebhookSubscription {
    const url = new URL(input.url).toString();
    const topics = input.topics?.length ? input.topics : ['*'];
    for (const t of topics) {
      if (t !== '*' && !(WEBHOOK_TOPICS as readonly string[]).includes(t)) throw new Error(`unknown webhook topic ${t} (the emulator sends ${WEBHOOK_TOPICS.join(', ')})`);
    }
    return this.addTarget({ id: `gid://shopify/WebhookSubscription/${900000 + this.nextSub++}`, url, topics, fromStart });
  }

  reset(): void {
    super.reset();
    this.events.length = 0;
  }

  stats() {
    return this.tally({ targets: 'subscriptions', held: 'held_while_paused' }, { events: this.events.length });
  }

  /** Record an event and queue it for every subscription to its topic. */
  enqueue(event: StoreEvent): number {
    const recorded: RecordedEvent = { ...event, body: JSON.stringify(event.payload) };
    this.events.push(recorded);
    if (this.events.length > 5000) this.events.shift();
    return this.publish(recorded);
  }

  /** Deliver a recorded event again (a new webhook id, the same event id — like a redelivery). */
  resend(eventId: string): number {
    const event = this.events.find((e) => e.eventId === eventId);
    if (!event) throw new Error(`No such event: ${eventId}`);
    return this.publish(event);
  }

  private publish(event: RecordedEvent): number {
    return this.dispatch(
      event,
      this.targets.filter((s) => topicMatches(s.topics, event.topic)),
    );
  }
}

/** `/_emulator/webhooks/subscriptions` and `/_emulator/webhooks/events`. */
export function subscriptionControlRoutes(webhooks: ShopifyWebhooks, replaceAll: (url: string, topics?: string[]) => WebhookSubscription | null): ControlRoute[] {
  return [
    ...targetControlRoutes('/_emulator/webhooks/subscriptions', 'subscriptions', webhooks, (url, body) => {
      const topics = Array.isArray(body.topics) ? body.topics.map(String) : undefined;
      return body.replace === true ? replaceAll(url, topics) : webhooks.addSubscription({ url, topics });
    }),
    { method: 'GET', path: '/_emulator/webhooks/events', handle: () => ({ events: webhooks.events.map(({ body: _b, ...e }) => e) }) },
    { method: 'POST', path: /^\/_emulator\/webhooks\/events\/([^/]+)\/resend$/, handle: ({ match }) => ({ event_id: match[1], subscriptions: webhooks.resend(match[1]) }) },
  ];
}
