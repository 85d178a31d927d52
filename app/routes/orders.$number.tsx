// The shopper's order page: lines, totals and a status timeline. Reached from the confirmation
// redirect (signed token) or the lookup form (number + email).
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from '@remix-run/react';
import { Price } from '~/components/Price';
import checkoutStyles from '~/styles/checkout.css';
import { verifyOrderAccessToken, getOrderByNumber, getOrderRefunds } from '~/services/orders.server';
import { statusLabels } from '../../server/modules/orders/order-status';

export const links = () => [{ rel: 'stylesheet', href: checkoutStyles }];
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: d ? `Order ${d.order.number} · DotShop` : 'Order · DotShop' },
  { name: 'robots', content: 'noindex' },
  // While the payment is being confirmed the page looks again every few seconds (no JavaScript needed).
  ...(d?.order.status === 'pending_payment' ? [{ httpEquiv: 'refresh', content: '5' } as const] : []),
];
export const headers = () => ({ 'Cache-Control': 'no-store' });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const number = (params.number ?? '').toUpperCase();
  if (!verifyOrderAccessToken(number, url.searchParams.get('token'), context.config.SESSION_SECRET)) throw redirect(`/orders/lookup?number=${encodeURIComponent(number)}`);
  const detail = await getOrderByNumber(context.db.primary, number);
  if (!detail) throw new Response('Order not found', { status: 404 });
  const { order, lines, events } = detail;
  const money = await getOrderRefunds(context.db.primary, order.id);
  return data({
    refunded: money.refunded,
    refunds: money.refunds.map((r) => ({ amount: r.amount, status: r.status, at: r.createdAt.toISOString() })),
    placed: url.searchParams.get('placed') === '1',
    order: {
      number: order.number,
      email: order.email,
      status: order.status,
      statusLabel: statusLabels[order.status],
      currency: order.currency,
      subtotal: order.subtotal,
      shipping: order.shippingAmount,
      tax: order.taxAmount,
      taxIncluded: order.taxIncluded === 1,
      total: order.total,
      shippingAddress: order.shippingAddress,
      createdAt: order.createdAt.toISOString(),
    },
    lines: lines.map((l) => ({ sku: l.sku, title: l.title, variantTitle: l.variantTitle, quantity: l.quantity, lineTotal: l.lineTotal })),
    timeline: events.map((e) => ({ at: e.at.toISOString(), status: e.toStatus, label: statusLabels[e.toStatus], note: e.note })),
  });
}

export default function OrderPage() {
  const { placed, order, lines, timeline, refunds, refunded } = useLoaderData<typeof loader>();
  return (
    <div className="checkout-page">
      {placed && order.status === 'authorized' ? (
        <div className="confirmation" data-testid="order-confirmation">
          <p className="eyebrow">Thank you</p>
          <h1 className="checkout-title">Your order is confirmed</h1>
          <p>
            We sent a confirmation to <strong>{order.email}</strong>. Your card has been authorized; it is charged when your order ships.
          </p>
        </div>
      ) : placed && order.status === 'pending_payment' ? (
        <div className="confirmation" data-testid="order-confirming" role="status">
          <p className="eyebrow">Order placed</p>
          <h1 className="checkout-title">We are confirming your payment</h1>
          <p>
            Your order <strong>{order.number}</strong> is placed and your items are set aside. The card network is slow to answer right now; we keep trying and email{' '}
            <strong>{order.email}</strong> as soon as the payment is confirmed. You will not be charged twice — there is no need to order again.
          </p>
        </div>
      ) : (
        <h1 className="checkout-title">Order {order.number}</h1>
      )}
      <p className="order-meta">
        Order <strong data-testid="order-number">{order.number}</strong> · <span data-testid="order-status">{order.statusLabel}</span>
      </p>
      <div className="cart-layout">
        <section>
          <h2 className="section-title">Items</h2>
          <ul className="summary__lines" data-testid="order-lines">
            {lines.map((l) => (
              <li key={l.sku}>
                <span>
                  {l.quantity} × {l.title} <small>{l.variantTitle}</small>
                </span>
                <Price amount={l.lineTotal} currency={order.currency} />
              </li>
            ))}
          </ul>
          <h2 className="section-title">Status</h2>
          <ol className="timeline" data-testid="order-timeline">
            {timeline.map((t, i) => (
              <li key={i}>
                <strong>{t.label}</strong> <time dateTime={t.at}>{new Date(t.at).toUTCString()}</time>
                {t.note ? <p>{t.note}</p> : null}
              </li>
            ))}
          </ol>
        </section>
        <aside className="summary" aria-label="Totals">
          <div className="summary__row">
            <span>Subtotal</span>
            <Price amount={order.subtotal} currency={order.currency} />
          </div>
          <div className="summary__row">
            <span>Shipping</span>
            {order.shipping === 0 ? <span>Free</span> : <Price amount={order.shipping} currency={order.currency} />}
          </div>
          <div className="summary__row">
            <span>{order.taxIncluded ? 'Incl. VAT' : 'Tax'}</span>
            <Price amount={order.tax} currency={order.currency} />
          </div>
          <div className="summary__row summary__row--total">
            <span>Total</span>
            <span data-testid="order-total">
              <Price amount={order.total} currency={order.currency} />
            </span>
          </div>
          {refunded > 0 ? (
            <div className="summary__row" data-testid="order-refunded">
              <span>Refunded</span>
              <span>
                −<Price amount={refunded} currency={order.currency} />
              </span>
            </div>
          ) : null}
          {refunds.length ? (
            <ul className="summary__lines" data-testid="order-refunds">
              {refunds.map((r, i) => (
                <li key={i}>
                  <span>
                    Refund {r.status === 'pending' ? '(processing)' : ''} <small>{new Date(r.at).toUTCString().slice(5, 16)}</small>
                  </span>
                  <Price amount={r.amount} currency={order.currency} />
                </li>
              ))}
            </ul>
          ) : null}
          <p className="summary__note">
            Ships to {order.shippingAddress.name}, {order.shippingAddress.city} {order.shippingAddress.postalCode}, {order.shippingAddress.country}
          </p>
        </aside>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <div className="checkout-page">
      <h1 className="checkout-title">{isRouteErrorResponse(error) && error.status === 404 ? 'Order not found' : 'Something went wrong'}</h1>
      <p>
        <Link to="/orders/lookup">Look up an order</Link> or <Link to="/">return to the shop</Link>.
      </p>
    </div>
  );
}
