// Stripe's side of webhook delivery (the queue, retries and faults are ../kit/webhooks): endpoints
// with `enabled_events` and a `whsec_…` secret, each Event POSTed as pretty JSON with a
// `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>">` header, which is what
// `stripe.webhooks.constructEvent` verifies.
import { createHmac } from 'node:crypto';
import { type ControlRoute, ControlError } from '../kit/control';
import { targetControlRoutes } from '../kit/webhook-control';
import { type DeliveryAttemptBase, type WebhookTarget, WebhookDispatcher } from '../kit/webhooks';
import { randomToken } from './errors';
import { type EventRecord } from './store/core';

export type { WebhookFaults } from '../kit/webhooks';

export interface WebhookEndpoint extends WebhookTarget {
  secret: string;
  enabled_events: string[];
}

export interface DeliveryAttempt extends DeliveryAttemptBase {
  event_id: string;
  event_type: string;
  endpoint_id: string;
  url: string;
}

/** Stripe's signature header for a payload, as `stripe.webhooks.constructEvent` expects it. */
export function signPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const sig = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${sig}`;
}

export function matchesEnabledEvents(enabled: string[], type: string): boolean {
  return enabled.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}

export class StripeWebhooks extends WebhookDispatcher<EventRecord, WebhookEndpoint, DeliveryAttempt> {
  constructor(o: { retrySchedule: number[]; timeoutMs: number; log: (line: string) => void }) {
    super({
      ...o,
      request: ({ event, target }) => {
        // Serialized at delivery time: pending_webhooks counts down as other endpoints acknowledge.
        const body = JSON.stringify(event, null, 2);
        return {
          body,
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            'Stripe-Signature': signPayload(body, target.secret),
            'Cache-Control': 'no-cache',
            Accept: '*/*; q=0.5, application/json',
          },
        };
      },
      record: ({ event, target, copy, attempt }, outcome) => ({ event_id: event.id, event_type: event.type, endpoint_id: target.id, url: target.url, attempt, copy, ...outcome }),
      onDelivered: (event) => {
        event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      },
    });
  }

  get endpoints(): WebhookEndpoint[] {
    return this.targets;
  }

  addEndpoint(input: { url: string; secret?: string; enabled_events?: string[] }, fromStart = false): WebhookEndpoint {
    return this.addTarget({
      id: `we_${randomToken(24)}`,
      url: new URL(input.url).toString(),
      secret: input.secret ?? `whsec_${randomToken(32)}`,
      enabled_events: input.enabled_events?.length ? input.enabled_events : ['*'],
      fromStart,
    });
  }

  stats() {
    return this.tally({ targets: 'endpoints', held: 'queued_while_paused' }, {});
  }

  /** Queue an event for every matching endpoint; returns how many endpoints will receive it. */
  enqueue(event: EventRecord): number {
    return this.dispatch(
      event,
      this.targets.filter((e) => matchesEnabledEvents(e.enabled_events, event.type)),
    );
  }

  /** Deliver an existing event again, once (like `stripe events resend`). */
  resend(event: EventRecord, endpointId?: string): number {
    return this.dispatch(
      event,
      this.targets.filter((e) => (endpointId ? e.id === endpointId : matchesEnabledEvents(e.enabled_events, event.type))),
      1,
    );
  }
}

/** `/_emulator/webhook-endpoints` and event redelivery. */
export function endpointControlRoutes(webhooks: StripeWebhooks, getEvent: (id: string) => EventRecord | undefined): ControlRoute[] {
  return [
    ...targetControlRoutes('/_emulator/webhook-endpoints', 'endpoints', webhooks, (url, body) =>
      webhooks.addEndpoint({ url, secret: typeof body.secret === 'string' ? body.secret : undefined, enabled_events: Array.isArray(body.enabled_events) ? body.enabled_events.map(String) : undefined }),
    ),
    {
      method: 'DELETE',
      path: /^\/_emulator\/webhook-endpoints\/([A-Za-z0-9_]+)$/,
      handle: ({ match }) => {
        if (!webhooks.removeTarget(match[1])) throw new ControlError(`No such webhook endpoint: ${match[1]}`, 404);
        return { id: match[1], deleted: true };
      },
    },
    {
      method: 'POST',
      path: /^\/_emulator\/events\/([A-Za-z0-9_]+)\/resend$/,
      handle: ({ match }) => {
        const event = getEvent(match[1]);
        if (!event) throw new ControlError(`No such event: ${match[1]}`, 404);
        return { id: event.id, endpoints: webhooks.resend(event) };
      },
    },
  ];
}
