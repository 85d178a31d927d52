// Checkout: contact, shipping address (validated per region), delivery method, a summary the
// server computes, and payment. Place order carries a key made when the form rendered, so a
// double click or a back-and-resubmit replays the first answer instead of ordering twice.
// Enter in any field places the order (the form's default button is a Place order submit, ahead
// of "Update totals"); totals re-quote on their own when the state, country or delivery changes.
// After a failed attempt focus moves to the first invalid field (or the message).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, type ShouldRevalidateFunction } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { Price } from '~/components/Price';
import { newFormKey, type FieldErrors } from '~/lib/forms';
import checkoutStyles from '~/styles/checkout.css';
import { getCart } from '~/services/cart.server';
import { getRegion, readCartId } from '~/services/web.server';
import { checkoutIdempotently, type CheckoutResponseBody, checkoutFormSchema, IdempotencyConflictError, paymentMethodFromForm } from '~/services/checkout.server';
import { computeTotals, euCountries, shippingMethods, usStates, type ShippingMethodId, type Totals } from '../../server/modules/checkout/pricing';
import { orderAccessToken } from '~/services/orders.server';

export const links = () => [{ rel: 'stylesheet', href: checkoutStyles }];
export const meta: MetaFunction = () => [{ title: 'Checkout · DotShop' }, { name: 'robots', content: 'noindex' }];
export const headers = () => ({ 'Cache-Control': 'no-store' });

// A totals quote must not re-run the loader: that would mint a new form key and remount the form.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get('intent') === 'quote' ? false : defaultShouldRevalidate;

type Values = Record<string, string>;

function valuesFrom(form: FormData): Values {
  const v: Values = {};
  for (const [k, val] of form.entries()) if (typeof val === 'string' && k !== 'cardNumber') v[k] = val;
  return v;
}

function nestAddress(v: Values) {
  return {
    email: v.email ?? '',
    shippingMethod: v.shippingMethod ?? '',
    cardNumber: v.cardNumber ?? '',
    idempotencyKey: v.idempotencyKey ?? '',
    address: { name: v.name ?? '', line1: v.line1 ?? '', line2: v.line2 ?? '', city: v.city ?? '', region: v.region ?? '', postalCode: v.postalCode ?? '', country: v.country ?? '' },
  };
}

async function loadCheckout(request: Request, context: LoaderFunctionArgs['context']) {
  const region = await getRegion(request, context.config);
  const cartId = await readCartId(request, context.config);
  const cart = cartId ? await getCart(context.db.primary, cartId, region.code) : null;
  return { region, cartId, cart };
}

function quote(region: 'us' | 'eu', currency: string, subtotal: number, v: Values): Totals {
  const method = (v.shippingMethod === 'express' ? 'express' : 'standard') as ShippingMethodId;
  const area = region === 'us' ? (usStates.includes(v.region ?? '') ? v.region : undefined) : euCountries.includes(v.country ?? '') ? v.country : undefined;
  return computeTotals({ region, currency, subtotal, shippingMethod: method, taxArea: area });
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { region, cart } = await loadCheckout(request, context);
  if (!cart || cart.checkedOut || cart.lines.length === 0) throw redirect('/cart');
  if (cart.lines.some((l) => l.problem)) throw redirect('/cart');
  const url = new URL(request.url);
  const defaults: Values = { shippingMethod: 'standard', country: region.code === 'us' ? 'US' : 'DE' };
  const payment = url.searchParams.get('payment');
  return data({
    region,
    cart,
    totals: quote(region.code, cart.currency, cart.subtotal, defaults),
    methods: shippingMethods(cart.currency),
    formKey: newFormKey(),
    defaults,
    paymentMessage: payment === 'failed' ? (url.searchParams.get('message') ?? 'Your payment was not completed. You have not been charged.') : null,
  });
}

type ActionResult = { ok: false; status: number; fieldErrors: FieldErrors; message: string; values: Values; totals: Totals; formKey: string; code?: string } | { ok: true; quoted: true; values: Values; totals: Totals; formKey: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { region, cartId, cart } = await loadCheckout(request, context);
  // A checked-out cart still goes through: resubmitting the same form (same key) replays the
  // first answer — the order page — and a new key gets "cart closed".
  if (!cartId || !cart || cart.lines.length === 0) throw redirect('/cart');
  const form = await request.formData();
  const values = valuesFrom(form);
  const totals = quote(region.code, cart.currency, cart.subtotal, values);
  const intent = form.get('intent');
  const fail = (status: number, message: string, fieldErrors: FieldErrors = {}, code?: string) =>
    data<ActionResult>({ ok: false, status, fieldErrors, message, values, totals, formKey: status === 400 ? values.idempotencyKey || newFormKey() : newFormKey(), code }, { status });

  if (intent === 'quote') return data<ActionResult>({ ok: true, quoted: true, values, totals, formKey: values.idempotencyKey || newFormKey() });
  if (intent !== 'place-order') return fail(400, 'Unknown action.');

  const raw = nestAddress({ ...values, cardNumber: String(form.get('cardNumber') ?? '') });
  if (region.code === 'us') raw.address.country = 'US';
  const result = checkoutFormSchema(region.code).safeParse(raw);
  if (!result.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of result.error.issues) {
      const key = issue.path[issue.path.length - 1] as string;
      (fieldErrors[key] ??= []).push(issue.message);
    }
    return fail(400, 'Please check the highlighted fields.', fieldErrors);
  }
  const input = result.data;
  const paymentMethod = paymentMethodFromForm(input.cardNumber);
  if (!paymentMethod) return fail(400, 'Please check the highlighted fields.', { cardNumber: ['Use one of Stripe’s test cards, e.g. 4242 4242 4242 4242.'] });

  let stored: { status: number; body: CheckoutResponseBody };
  try {
    stored = await checkoutIdempotently(
      { db: context.db.primary, stripe: context.stripe, outbox: context.outbox, logger: context.logger, publicUrl: context.config.PUBLIC_URL, paymentTimeoutSeconds: context.config.CHECKOUT_PAYMENT_TIMEOUT_SECONDS },
      input.idempotencyKey,
      { cartId, region: region.code, email: input.email, shippingAddress: input.address, shippingMethod: input.shippingMethod, paymentMethod },
    );
  } catch (err) {
    if (err instanceof IdempotencyConflictError) return fail(err.status, 'This order is already being placed — one moment, then refresh the page.', {}, err.code);
    throw err;
  }
  const body = stored.body;
  if (body.next_action) return redirect(body.next_action.redirect_url);
  // Placed, whether Stripe answered (201) or not yet (503: its payment is confirmed in the
  // background): the shopper sees the order and its number, never an empty bag.
  if ((stored.status === 201 || body.error?.code === 'payment_unavailable') && body.order) return redirect(`/orders/${body.order.number}?token=${orderAccessToken(body.order.number, context.config.SESSION_SECRET)}&placed=1`);
  if (body.error?.code === 'out_of_stock') return redirect('/cart?notice=adjusted');
  if (body.error?.code === 'cart_closed') return redirect('/cart?notice=closed');
  return fail(stored.status, body.error?.message ?? 'Something went wrong.', stored.status === 402 ? { cardNumber: [body.error?.message ?? 'Declined.'] } : {}, body.error?.code);
}

function quoteForm(form: HTMLFormElement): FormData {
  const fd = new FormData(form);
  fd.set('intent', 'quote');
  fd.delete('cardNumber');
  return fd;
}

function FieldError({ errors, id }: { errors?: string[]; id: string }) {
  if (!errors?.length) return null;
  return (
    <p className="field-error" id={id} data-testid={`error-${id.replace(/-error$/, '')}`}>
      {errors.join(' ')}
    </p>
  );
}

export default function CheckoutPage() {
  const { region, cart, totals: initialTotals, methods, formKey: initialKey, defaults, paymentMessage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const placing = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'place-order';
  const v: Values = { ...defaults, ...(actionData?.values ?? {}) };
  const errors: FieldErrors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const quoteFetcher = useFetcher<typeof action>();
  const quoted = quoteFetcher.data as ActionResult | undefined;
  const totals = quoted?.totals ?? actionData?.totals ?? initialTotals;
  const formKey = actionData?.formKey ?? initialKey;
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  // A failed Place order re-renders the form: put focus where the shopper must act, not on <body>.
  useEffect(() => {
    if (!actionData || actionData.ok) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? errorRef.current)?.focus();
  }, [actionData]);
  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <div className={`field${errors[name] ? ' field--invalid' : ''}`}>
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} defaultValue={v[name] ?? ''} aria-invalid={errors[name] ? true : undefined} aria-describedby={errors[name] ? `${name}-error` : undefined} {...props} />
      <FieldError errors={errors[name]} id={`${name}-error`} />
    </div>
  );
  return (
    <div className="checkout-page">
      <h1 className="checkout-title">Checkout</h1>
      {paymentMessage && !actionData ? (
        <p className="alert alert--error" role="alert" data-testid="checkout-error">
          {paymentMessage}
        </p>
      ) : null}
      {actionData && !actionData.ok ? (
        <p className="alert alert--error" role="alert" data-testid="checkout-error" tabIndex={-1} ref={errorRef}>
          {actionData.message}
        </p>
      ) : null}
      <div className="cart-layout">
        <Form
          method="post"
          className="checkout-form"
          data-testid="checkout-form"
          noValidate
          key={formKey}
          ref={formRef}
          onChange={(e) => {
            // With JavaScript, totals follow the state/country and delivery choice at once
            // (without it, "Update totals" does the same).
            const target = e.target as HTMLInputElement;
            if (['region', 'country', 'shippingMethod'].includes(target.name)) quoteFetcher.submit(quoteForm(e.currentTarget), { method: 'post' });
          }}
        >
          <input type="hidden" name="idempotencyKey" value={formKey} />
          {/* The default button: implicit submission (Enter in a field, a phone keyboard's Go) clicks
              the form's first submit button, which would otherwise be "Update totals". Hidden, so it
              is neither seen nor focusable; the visible Place order below is the same submit. */}
          <button type="submit" name="intent" value="place-order" hidden disabled={placing}>
            Place order
          </button>
          <fieldset>
            <legend>Contact</legend>
            {field('email', 'Email', { type: 'email', autoComplete: 'email' })}
          </fieldset>
          <fieldset>
            <legend>Shipping address</legend>
            {field('name', 'Full name', { autoComplete: 'name' })}
            {field('line1', 'Address', { autoComplete: 'address-line1' })}
            {field('line2', 'Apartment, suite (optional)', { autoComplete: 'address-line2' })}
            <div className="field-row">
              {field('city', 'City', { autoComplete: 'address-level2' })}
              {field('postalCode', region.code === 'us' ? 'ZIP code' : 'Postal code', { autoComplete: 'postal-code' })}
            </div>
            {region.code === 'us' ? (
              <div className={`field${errors.region ? ' field--invalid' : ''}`}>
                <label htmlFor="region">State</label>
                <select id="region" name="region" defaultValue={v.region ?? ''} aria-invalid={errors.region ? true : undefined} aria-describedby={errors.region ? 'region-error' : undefined}>
                  <option value="">Choose…</option>
                  {usStates.map((s) => (
                    <option key={s}>{s}</option>
                  ))}
                </select>
                <FieldError errors={errors.region} id="region-error" />
                <input type="hidden" name="country" value="US" />
              </div>
            ) : (
              <div className={`field${errors.country ? ' field--invalid' : ''}`}>
                <label htmlFor="country">Country</label>
                <select id="country" name="country" defaultValue={v.country ?? 'DE'} aria-invalid={errors.country ? true : undefined} aria-describedby={errors.country ? 'country-error' : undefined}>
                  {euCountries.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
                <FieldError errors={errors.country} id="country-error" />
              </div>
            )}
          </fieldset>
          <fieldset>
            <legend>Delivery</legend>
            {methods.map((m) => (
              <label key={m.id} className="radio-card">
                <input type="radio" name="shippingMethod" value={m.id} defaultChecked={(v.shippingMethod ?? 'standard') === m.id} />
                <span>
                  {m.label} <small>{m.eta}</small>
                </span>
                {m.freeOver !== null && totals.subtotal >= m.freeOver ? <span>Free</span> : <Price amount={m.amount} currency={cart.currency} />}
              </label>
            ))}
            <FieldError errors={errors.shippingMethod} id="shippingMethod-error" />
            <button type="submit" name="intent" value="quote" className="link-button" formNoValidate>
              Update totals
            </button>
          </fieldset>
          <fieldset>
            <legend>Payment</legend>
            <p className="summary__note">Test mode: use a Stripe test card — 4242 4242 4242 4242 (succeeds), 4000 0000 0000 0002 (declined), 4000 0000 0000 3220 (3-D Secure).</p>
            {field('cardNumber', 'Card number', { autoComplete: 'cc-number', inputMode: 'numeric', placeholder: '4242 4242 4242 4242' })}
          </fieldset>
          <button type="submit" name="intent" value="place-order" className="button button--primary button--block" disabled={placing} data-testid="place-order">
            {placing ? 'Placing order…' : 'Place order'}
          </button>
        </Form>
        <aside className="summary" aria-label="Order summary" data-testid="order-summary">
          <ul className="summary__lines">
            {cart.lines.map((l) => (
              <li key={l.sku}>
                <span>
                  {l.quantity} × {l.productTitle} <small>{l.variantTitle}</small>
                </span>
                <Price amount={l.lineTotal} currency={cart.currency} />
              </li>
            ))}
          </ul>
          <div className="summary__row">
            <span>Subtotal</span>
            <Price amount={totals.subtotal} currency={totals.currency} />
          </div>
          <div className="summary__row">
            <span>Shipping</span>
            <span data-testid="summary-shipping">{totals.shipping === 0 ? 'Free' : <Price amount={totals.shipping} currency={totals.currency} />}</span>
          </div>
          <div className="summary__row">
            <span>{totals.taxLabel}</span>
            <span data-testid="summary-tax">
              <Price amount={totals.tax} currency={totals.currency} />
            </span>
          </div>
          <div className="summary__row summary__row--total">
            <span>Total</span>
            <span data-testid="summary-total">
              <Price amount={totals.total} currency={totals.currency} />
            </span>
          </div>
          <Link to="/cart" className="link-button">
            Edit bag
          </Link>
        </aside>
      </div>
    </div>
  );
}
