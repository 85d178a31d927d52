// Shoppers for the fault suite: through the REST API (retries ×5 with one Idempotency-Key, some
// sent in parallel, some after aborting the first request mid-flight) and through the HTML forms
// (cart cookie, the checkout form's own idempotency key, resubmitted after a network error). Every
// answer a client got is recorded, so the checks can hold the shop to what it told its clients.
import { randomUUID } from 'node:crypto';

/** What the client was told: `placed` is the form's redirect to its order page (confirmed or confirming). */
export type Told = 'authorized' | 'pending' | 'placed' | 'requires_action' | 'declined' | 'sold_out' | 'failed';

export interface Acknowledgement {
  key: string;
  via: 'api' | 'form';
  told: Told;
  /** The HTTP status of the answer the client kept. */
  status: number;
  orderId?: string;
  orderNumber?: string;
  sku: string;
  flash: boolean;
}

export interface ShopperStats {
  checkoutsTried: number;
  acknowledged: number;
  requests: number;
  networkErrors: number;
  aborted: number;
  parallelBursts: number;
  /** Shoppers who gave up before the checkout, by step and status (e.g. `line 409` = sold out). */
  gaveUp: Record<string, number>;
  /** Answers a client should never see (5xx other than "payment unavailable", and the like). */
  unexpected: { status: number; body: string; step: string }[];
}

export interface ShopperContext {
  baseUrl: string;
  rnd: () => number;
  skus: string[];
  stats: ShopperStats;
  acks: Acknowledgement[];
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];

type Reply = { status: number; body: string; headers: Headers } | { status: 0; error: string };

async function send(ctx: ShopperContext, method: string, path: string, opts: { json?: unknown; form?: URLSearchParams; headers?: Record<string, string>; abortAfterMs?: number; redirect?: 'manual' } = {}): Promise<Reply> {
  ctx.stats.requests++;
  const headers: Record<string, string> = { Accept: opts.form ? 'text/html' : 'application/json', ...opts.headers };
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers.Origin = ctx.baseUrl;
    body = opts.form.toString();
  }
  const signal = opts.abortAfterMs !== undefined ? AbortSignal.timeout(opts.abortAfterMs) : AbortSignal.timeout(20_000);
  try {
    const r = await fetch(`${ctx.baseUrl}${path}`, { method, headers, body, signal, redirect: 'manual' });
    return { status: r.status, body: await r.text(), headers: r.headers };
  } catch (err) {
    if (opts.abortAfterMs !== undefined) ctx.stats.aborted++;
    else ctx.stats.networkErrors++;
    return { status: 0, error: (err as Error).message };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Statuses a client retries with the same key (the request may or may not have run). */
const retryable = (r: Reply) => r.status === 0 || r.status === 502 || r.status === 503 || r.status === 504 || r.status === 409 || r.status === 500;

/** The API flow: a cart, a line, a checkout retried up to 5× under one Idempotency-Key. */
export async function apiShopper(ctx: ShopperContext, opts: { sku?: string; flash?: boolean; card?: string } = {}): Promise<void> {
  const { rnd } = ctx;
  const region = rnd() < 0.7 ? 'us' : 'eu';
  const sku = opts.sku ?? pick(rnd, ctx.skus);
  let cart: Reply | undefined;
  for (let i = 0; i < 5 && (!cart || cart.status !== 201); i++) {
    if (i) await sleep(200 * i);
    cart = await send(ctx, 'POST', '/api/v1/carts', { json: { region } });
  }
  const gaveUp = (step: string, r: Reply | undefined) => {
    const k = `${opts.flash ? 'flash ' : ''}${step} ${r?.status ?? 'none'}`;
    ctx.stats.gaveUp[k] = (ctx.stats.gaveUp[k] ?? 0) + 1;
  };
  if (!cart || cart.status !== 201 || !('body' in cart)) return gaveUp('cart', cart);
  const cartId = (JSON.parse(cart.body) as { id: string }).id;
  let line: Reply | undefined;
  const lineKey = randomUUID();
  for (let i = 0; i < 5 && (!line || line.status !== 201); i++) {
    if (i) await sleep(200 * i);
    line = await send(ctx, 'POST', `/api/v1/carts/${cartId}/lines`, { json: { sku, quantity: 1 }, headers: { 'Idempotency-Key': lineKey } });
    if (line.status === 409 || line.status === 422) return gaveUp('line', line); // sold out before the checkout: nothing to buy
  }
  if (!line || line.status !== 201) return gaveUp('line', line);

  const card = opts.card ?? (rnd() < 0.08 ? 'pm_card_chargeDeclined' : 'pm_card_visa');
  const address = region === 'us' ? { name: 'Fault Shopper', line1: '1 Main St', city: 'Austin', postalCode: '78701', region: 'TX', country: 'US' } : { name: 'Fault Shopper', line1: '1 Hauptstr.', city: 'Berlin', postalCode: '10115', region: '', country: 'DE' };
  const body = { email: 'faults@example.com', region, shippingAddress: address, shippingMethod: 'standard', paymentMethod: card };
  const key = randomUUID();
  const checkout = (abortAfterMs?: number) => send(ctx, 'POST', `/api/v1/carts/${cartId}/checkout`, { json: body, headers: { 'Idempotency-Key': key }, abortAfterMs });
  ctx.stats.checkoutsTried++;

  let answer: Reply;
  const style = rnd();
  if (style < 0.2) {
    // The client gives up mid-request, then retries with the same key.
    await checkout(5 + Math.floor(rnd() * 60));
    answer = await checkout();
  } else if (style < 0.35) {
    // A double-click / retry storm: three copies in parallel.
    ctx.stats.parallelBursts++;
    const all = await Promise.all([checkout(), checkout(), checkout()]);
    answer = all.find((r) => r.status === 201) ?? all.find((r) => r.status !== 0 && r.status !== 409) ?? all[0];
  } else {
    answer = await checkout();
  }
  for (let attempt = 1; attempt < 5 && retryable(answer); attempt++) {
    await sleep(300 * attempt + Math.floor(rnd() * 200));
    answer = await checkout();
  }
  record(ctx, { key, via: 'api', sku, flash: !!opts.flash }, answer);
}

function record(ctx: ShopperContext, base: Pick<Acknowledgement, 'key' | 'via' | 'sku' | 'flash'>, r: Reply): void {
  if (r.status === 0 || !('body' in r)) {
    ctx.acks.push({ ...base, told: 'failed', status: 0 });
    return;
  }
  let parsed: { order?: { id: string; number: string }; error?: { code: string } } = {};
  try {
    parsed = JSON.parse(r.body);
  } catch {}
  const order = parsed.order ? { orderId: parsed.order.id, orderNumber: parsed.order.number } : {};
  const told: Told =
    r.status === 201 ? 'authorized'
    : r.status === 202 ? 'requires_action'
    : r.status === 503 && parsed.error?.code === 'payment_unavailable' ? 'pending'
    : r.status === 402 ? 'declined'
    : r.status === 409 && parsed.error?.code === 'out_of_stock' ? 'sold_out'
    : 'failed';
  if (told !== 'failed' && told !== 'sold_out') ctx.stats.acknowledged++;
  if (told === 'failed') ctx.stats.unexpected.push({ status: r.status, body: r.body.slice(0, 300), step: `${base.via} checkout` });
  ctx.acks.push({ ...base, told, status: r.status, ...order });
}

function cookieJar() {
  const jar = new Map<string, string>();
  return {
    take(headers: Headers) {
      for (const c of headers.getSetCookie()) {
        const [pair] = c.split(';');
        const i = pair.indexOf('=');
        jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

/** The HTML flow: Add to bag, the checkout page, Place order — resubmitted after a network error. */
export async function formShopper(ctx: ShopperContext): Promise<void> {
  const { rnd } = ctx;
  const sku = pick(rnd, ctx.skus);
  const jar = cookieJar();
  const add = await send(ctx, 'POST', '/cart', { form: new URLSearchParams({ intent: 'add', sku, quantity: '1', idempotencyKey: randomUUID() }) });
  if (add.status === 0 || !('headers' in add)) return;
  jar.take(add.headers);
  const page = await send(ctx, 'GET', '/checkout', { headers: { Cookie: jar.header(), Accept: 'text/html' } });
  if (page.status !== 200 || !('body' in page)) return;
  const formKey = /name="idempotencyKey" value="([^"]+)"/.exec(page.body)?.[1];
  if (!formKey) return;
  const form = new URLSearchParams({
    intent: 'place-order',
    idempotencyKey: formKey,
    email: 'faults-form@example.com',
    name: 'Form Shopper',
    line1: '2 Main St',
    city: 'Austin',
    region: 'TX',
    postalCode: '78701',
    country: 'US',
    shippingMethod: 'standard',
    cardNumber: '4242 4242 4242 4242',
  });
  ctx.stats.checkoutsTried++;
  let answer = await send(ctx, 'POST', '/checkout', { form, headers: { Cookie: jar.header() } });
  for (let attempt = 1; attempt < 5 && (answer.status === 0 || answer.status >= 500 || answer.status === 409); attempt++) {
    await sleep(300 * attempt);
    answer = await send(ctx, 'POST', '/checkout', { form, headers: { Cookie: jar.header() } });
  }
  const base = { key: formKey, via: 'form' as const, sku, flash: false };
  if (answer.status === 302 && 'headers' in answer) {
    const loc = new URL(answer.headers.get('Location') ?? '/', ctx.baseUrl);
    const number = /^\/orders\/([^/]+)$/.exec(loc.pathname)?.[1];
    if (number && loc.searchParams.get('placed') === '1') {
      ctx.stats.acknowledged++;
      ctx.acks.push({ ...base, told: 'placed', status: 302, orderNumber: number });
      return;
    }
    if (loc.pathname === '/cart') {
      ctx.acks.push({ ...base, told: 'sold_out', status: 302 });
      return;
    }
  }
  if (answer.status === 402) {
    ctx.acks.push({ ...base, told: 'declined', status: 402 });
    return;
  }
  ctx.acks.push({ ...base, told: 'failed', status: answer.status });
  if (answer.status !== 0) ctx.stats.unexpected.push({ status: answer.status, body: 'body' in answer ? answer.body.slice(0, 300) : '', step: 'form checkout' });
}
