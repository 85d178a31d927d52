// The emulator's stand-in for the card issuer's 3D Secure 2 challenge page. Plain HTML forms so it
// works without JavaScript (and in Playwright): "Complete authentication" / "Fail authentication".
// Served at `/_emulator/3ds/:payment_intent` (threeDSecureControlRoutes).
import type Stripe from 'stripe';
import { type ControlRoute, ControlError, RawReply } from '../kit/control';
import { parseForm } from './form';
import { completeThreeDSecure, paymentIntentForChallenge } from './store/confirmation';
import { type StripeStore } from './store/core';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(
      ['jpy', 'krw'].includes(currency) ? amount : amount / 100,
    );
  } catch {
    return `${amount} ${currency.toUpperCase()}`;
  }
}

const STYLE = `
  body { font-family: system-ui, -apple-system, sans-serif; background: #f6f8fa; color: #1a1f36; margin: 0; }
  main { max-width: 420px; margin: 48px auto; background: #fff; border-radius: 8px; padding: 28px; box-shadow: 0 2px 8px rgba(0,0,0,.08); }
  .banner { background: #fff4e5; color: #8a4b00; border: 1px solid #ffd8a8; border-radius: 6px; padding: 8px 12px; font-size: 13px; margin-bottom: 20px; }
  h1 { font-size: 20px; margin: 0 0 8px; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; font-size: 14px; margin: 16px 0 24px; }
  dt { color: #697386; }
  form { display: inline; }
  button { font-size: 15px; padding: 10px 16px; border-radius: 6px; border: 1px solid #c1c9d2; cursor: pointer; margin-right: 8px; }
  button.approve { background: #635bff; color: #fff; border-color: #635bff; }
  button.fail { background: #fff; color: #cd3d64; }
  p.note { font-size: 13px; color: #697386; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head>
<body><main>
<div class="banner" role="note">Stripe emulator — <strong>test issuer page</strong> (3D Secure 2). No real bank is involved.</div>
${body}
</main></body></html>`;
}

export function renderChallengePage(pi: Stripe.PaymentIntent, attempt: string | null, last4: string | null): string {
  const action = `/_emulator/3ds/${encodeURIComponent(pi.id)}`;
  const hidden = attempt ? `<input type="hidden" name="attempt" value="${esc(attempt)}">` : '';
  if (pi.status === 'requires_action' && !attempt) {
    return layout(
      'Authentication link expired',
      `<h1>This authentication link has expired</h1>
<p>PaymentIntent <code>${esc(pi.id)}</code> was confirmed again; use the link from its latest <code>next_action</code>.</p>`,
    );
  }
  if (pi.status !== 'requires_action' || !attempt) {
    return layout(
      'No authentication pending',
      `<h1>No authentication pending</h1>
<p>PaymentIntent <code>${esc(pi.id)}</code> has status <code>${esc(pi.status)}</code>.</p>`,
    );
  }
  return layout(
    'Authenticate your payment',
    `<h1>Authenticate your payment</h1>
<p>Your bank asks you to confirm this purchase.</p>
<dl>
  <dt>Amount</dt><dd>${esc(money(pi.amount, pi.currency))}</dd>
  <dt>Card</dt><dd>${last4 ? `•••• ${esc(last4)}` : 'test card'}</dd>
  <dt>Payment</dt><dd><code>${esc(pi.id)}</code></dd>
</dl>
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="approve"><button class="approve" type="submit">Complete authentication</button></form>
<form method="post" action="${action}">${hidden}<input type="hidden" name="action" value="fail"><button class="fail" type="submit">Fail authentication</button></form>
<p class="note">Choosing an option returns you to the shop.</p>`,
  );
}

export function renderResultPage(pi: Stripe.PaymentIntent, succeeded: boolean): string {
  return layout(
    succeeded ? 'Authentication complete' : 'Authentication failed',
    `<h1>${succeeded ? 'Authentication complete' : 'Authentication failed'}</h1>
<p>PaymentIntent <code>${esc(pi.id)}</code> now has status <code>${esc(pi.status)}</code>. You can close this window.</p>`,
  );
}

const HTML = 'text/html; charset=utf-8';

/** Back to the shop's return_url (as Stripe redirects after a challenge), or a result page without one. */
function afterChallenge(pi: Stripe.PaymentIntent, returnUrl: string | null): RawReply {
  const succeeded = pi.status === 'succeeded' || pi.status === 'requires_capture' || pi.status === 'processing';
  if (!returnUrl) return new RawReply(200, renderResultPage(pi, succeeded), {}, HTML);
  const target = new URL(returnUrl);
  target.searchParams.set('payment_intent', pi.id);
  target.searchParams.set('payment_intent_client_secret', pi.client_secret ?? '');
  target.searchParams.set('redirect_status', succeeded ? 'succeeded' : 'failed');
  return new RawReply(303, '', { Location: target.toString() });
}

export function threeDSecureControlRoutes(store: StripeStore): ControlRoute[] {
  const challenge = (id: string) => {
    const found = paymentIntentForChallenge(store, id);
    if (!found) throw new ControlError(`No such payment_intent: ${id}`, 404);
    return found;
  };
  const path = /^\/_emulator\/3ds\/([A-Za-z0-9_]+)$/;
  return [
    {
      method: 'GET',
      path,
      handle: ({ match, url }) => {
        const found = challenge(match[1]);
        const attempt = url.searchParams.get('attempt');
        const pmId = found.pi.payment_method;
        const last4 = typeof pmId === 'string' ? ((store.lookup(pmId) as Stripe.PaymentMethod | undefined)?.card?.last4 ?? null) : null;
        const current = attempt && attempt === found.attempt ? found.attempt : null;
        return new RawReply(200, renderChallengePage(found.pi, current, last4), {}, HTML);
      },
    },
    {
      method: 'POST',
      path,
      handle: async ({ match, raw }) => {
        const found = challenge(match[1]);
        const form = parseForm(await raw());
        const action = form.action;
        if (action !== 'approve' && action !== 'fail') throw new ControlError("action must be 'approve' or 'fail'");
        const attempt = typeof form.attempt === 'string' ? form.attempt : null;
        const pi = completeThreeDSecure(store, match[1], attempt, action === 'approve') as Stripe.PaymentIntent;
        return afterChallenge(pi, found.returnUrl);
      },
    },
  ];
}

