// The bag: one action that switches on the form's intent (Hydrogen's habit), a default that
// throws. Works without JavaScript (forms + redirects) and better with it (fetchers). no-store.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, isRouteErrorResponse, useActionData, useLoaderData, useNavigation, useRouteError } from '@remix-run/react';
import { Price } from '~/components/Price';
import { newFormKey, parseForm } from '~/lib/forms';
import checkoutStyles from '~/styles/checkout.css';
import { cartFormSchema, CartError, MAX_LINE_QUANTITY, addToCart, createCart, getCart, setCartLineQuantity } from '~/services/cart.server';
import { cartCookie, getRegion, httpStatusOf, readCartId, serializeRegion } from '~/services/web.server';
import { REGIONS } from '~/services/catalog.server';
import { useMarketPath } from '~/lib/shop-data';
import { IdempotencyConflictError, withIdempotency } from '~/services/checkout.server';

export const links = () => [{ rel: 'stylesheet', href: checkoutStyles }];
export const meta: MetaFunction = () => [{ title: 'Your bag · DotShop' }, { name: 'robots', content: 'noindex' }];
export const headers = () => ({ 'Cache-Control': 'no-store' });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const region = await getRegion(request, context.config);
  const cartId = await readCartId(request, context.config);
  // The region's reader: its replica, or the primary until the replica has replayed this
  // shopper's last write (server/web/region-reads.ts) — the bag just changed shows at once.
  const cart = cartId ? await getCart(context.db.replica, cartId, region.code) : null;
  return data({ cart: cart && !cart.checkedOut ? cart : null, region, formKey: newFormKey(), notice: new URL(request.url).searchParams.get('notice'), maxQuantity: MAX_LINE_QUANTITY });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = parseForm(cartFormSchema, form);
  if (!parsed.ok) return data({ ok: false as const, fieldErrors: parsed.fieldErrors, message: 'Please check the highlighted field.' }, { status: 400 });
  const input = parsed.data;
  const preferred = await getRegion(request, context.config);
  // An add names the market of the page it came from (the URL's): the bag follows it, and it
  // becomes the shopper's preference (ADR 022).
  const region = input.intent === 'add' && input.market ? REGIONS[input.market] : preferred;
  const cookie = cartCookie(context.config);
  let cartId = await readCartId(request, context.config);
  const headers = new Headers({ 'Cache-Control': 'no-store' });
  if (region.code !== preferred.code) headers.append('Set-Cookie', await serializeRegion(region.code, context.config));
  // No bag yet, or the last one became an order: start a new one.
  const current = cartId ? await getCart(context.db.primary, cartId, region.code) : null;
  if (!cartId || !current || current.checkedOut) {
    cartId = await createCart(context.db.primary, region.code);
    headers.append('Set-Cookie', await cookie.serialize(cartId));
  }
  const db = context.db.primary;
  const id = cartId;
  try {
    const run = async () => {
      switch (input.intent) {
        case 'add':
          await addToCart(db, id, input.sku, input.quantity);
          return { status: 200, body: { notice: 'added' } };
        case 'update':
          await setCartLineQuantity(db, id, input.sku, input.quantity);
          return { status: 200, body: { notice: input.quantity === 0 ? 'removed' : 'updated' } };
        case 'remove':
          await setCartLineQuantity(db, id, input.sku, 0);
          return { status: 200, body: { notice: 'removed' } };
        default:
          throw new Error(`unknown cart intent ${(input as { intent: string }).intent}`);
      }
    };
    // A key made when the form rendered: a double submit adds once. The request is part of the
    // key, so a different quantity from the same page is a new add, not a 422.
    const result = input.idempotencyKey
      ? await withIdempotency(db, { scope: `cart:${id}`, key: `${input.idempotencyKey}|${input.intent}|${input.sku}|${'quantity' in input ? input.quantity : ''}`, request: input }, run)
      : await run();
    const notice = (result.body as { notice: string }).notice;
    // A fetcher (product page with JavaScript) stays where it is; a plain form goes to the bag.
    if (form.get('respond') === 'data') return data({ ok: true as const, notice }, { headers });
    return redirect(`/cart?notice=${notice}`, { headers });
  } catch (err) {
    if (err instanceof CartError) {
      return data({ ok: false as const, fieldErrors: err.field ? { [err.field]: [err.message] } : {}, message: err.message, code: err.code }, { status: httpStatusOf(err), headers });
    }
    if (err instanceof IdempotencyConflictError) return data({ ok: false as const, fieldErrors: {}, message: err.message, code: err.code }, { status: err.status, headers });
    throw err;
  }
}

const notices: Record<string, string> = { added: 'Added to your bag.', updated: 'Bag updated.', removed: 'Removed from your bag.', adjusted: 'Some items sold out while in your bag; we updated it.', closed: 'That bag has already been checked out.' };

export default function CartPage() {
  const { cart, region, formKey, notice, maxQuantity } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const hasProblem = cart?.lines.some((l) => l.problem) ?? false;
  const to = useMarketPath();
  return (
    <div className="checkout-page">
      <h1 className="checkout-title">Your bag</h1>
      {actionData && !actionData.ok ? (
        <p className="alert alert--error" role="alert" data-testid="cart-error">
          {actionData.message}
        </p>
      ) : notice && notices[notice] ? (
        <p className="alert" role="status" data-testid="cart-notice">
          {notices[notice]}
        </p>
      ) : null}
      {!cart || cart.lines.length === 0 ? (
        <div className="empty-state" data-testid="cart-empty">
          <p>Your bag is empty.</p>
          <Link className="button" to={to('/')}>
            Continue shopping
          </Link>
        </div>
      ) : (
        <div className="cart-layout">
          <ul className="cart-lines" data-testid="cart-lines">
            {cart.lines.map((line) => (
              <li key={line.sku} className="cart-line" data-testid="cart-line" data-sku={line.sku}>
                {line.imageUrl ? <img src={line.imageUrl} alt="" width={96} height={120} className="cart-line__image" /> : null}
                <div className="cart-line__info">
                  <Link to={to(`/products/${line.productHandle}`)} className="cart-line__title">
                    {line.productTitle}
                  </Link>
                  <span className="cart-line__variant">{line.variantTitle}</span>
                  <Price amount={line.unitAmount} currency={cart.currency} />
                  {line.problem === 'sold_out' ? (
                    <span className="cart-line__problem" data-testid="line-problem">
                      Sold out since you added it
                    </span>
                  ) : line.problem === 'reduced' ? (
                    <span className="cart-line__problem" data-testid="line-problem">
                      Only {line.sellable} left
                    </span>
                  ) : null}
                </div>
                <Form method="post" className="cart-line__qty" replace>
                  <input type="hidden" name="intent" value="update" />
                  <input type="hidden" name="sku" value={line.sku} />
                  <label className="visually-hidden" htmlFor={`qty-${line.sku}`}>
                    Quantity
                  </label>
                  <input id={`qty-${line.sku}`} name="quantity" type="number" min={0} max={maxQuantity} defaultValue={line.quantity} inputMode="numeric" data-testid="line-quantity" />
                  <button type="submit" className="link-button" disabled={busy}>
                    Update
                  </button>
                </Form>
                <div className="cart-line__total" data-testid="line-total">
                  <Price amount={line.lineTotal} currency={cart.currency} />
                </div>
                <Form method="post" replace>
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="sku" value={line.sku} />
                  <input type="hidden" name="idempotencyKey" value={`${formKey}-rm-${line.sku}`} />
                  <button type="submit" className="link-button" disabled={busy} aria-label={`Remove ${line.productTitle}`}>
                    Remove
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <aside className="summary" aria-label="Summary">
            <div className="summary__row">
              <span>Subtotal</span>
              <span data-testid="cart-subtotal">
                <Price amount={cart.subtotal} currency={cart.currency} />
              </span>
            </div>
            <p className="summary__note">{region.taxIncluded ? 'Prices include VAT. Shipping calculated at checkout.' : 'Shipping and taxes calculated at checkout.'}</p>
            {hasProblem ? (
              <p className="alert alert--error" data-testid="cart-stock-warning">
                Some items are no longer available in the quantity you chose. Adjust your bag to continue.
              </p>
            ) : (
              <Link className="button button--primary button--block" to="/checkout" data-testid="go-to-checkout">
                Checkout
              </Link>
            )}
          </aside>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <div className="checkout-page">
      <h1 className="checkout-title">{isRouteErrorResponse(error) && error.status === 404 ? 'Not found' : 'Something went wrong'}</h1>
      <p>We could not load your bag. Please try again.</p>
      <Link to="/">Back to the shop</Link>
    </div>
  );
}
