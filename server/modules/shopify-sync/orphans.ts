// Stock left behind by a lost order (issue 12). After a failover to an asynchronous standby the
// primary's last commits can be gone, and some of those orders may already have been pushed to
// Shopify: Shopify's count then still carries units that no DotShop order holds, while the orders
// that survived keep their reservations, so `available - reserved` can go negative (oversell risk
// for a sale that no longer exists). Each pushed order names its DotShop order in
// `sourceIdentifier` (and a tag), so an open DotShop-made Shopify order whose DotShop order does not
// exist on the primary is an orphan: cancelled there with restock (no refund: the money side is
// `findAndVoidOrphanedPaymentIntents`). Shopify then reports the restocked level as usual and the
// projection converges. A push happens only after its order committed on the primary, so reading
// the primary cannot mistake an order in flight for a lost one. A second run finds nothing (a
// cancelled order is no longer open).
import type { Db } from '../../../db/client';
import { existingOrderIds } from '../orders';
import type { ShopifyClient } from '../../integrations/shopify/client';

export interface OrphanedShopifyOrder {
  shopifyOrderId: string;
  name: string;
  orderId: string | null;
  /** What was (or, in a dry run, would be) done. */
  action: 'cancelled' | 'refused' | 'none';
  error?: string;
}

const OPEN_DOTSHOP_ORDERS = `query OpenDotShopOrders($q: String!, $after: String) {
  orders(first: 25, after: $after, query: $q, sortKey: CREATED_AT) {
    nodes { id name sourceIdentifier tags }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CANCEL_ORPHAN = `mutation CancelOrphanedDotShopOrder($orderId: ID!) {
  orderCancel(orderId: $orderId, reason: OTHER, refund: false, restock: true, notifyCustomer: false, staffNote: "Its DotShop order was lost in a database failover") {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;

// A clean-up after an incident shares the cost budget with the sync's own work (pushes, the drift
// pass): it waits its turn rather than giving up after the default 30 waits.
const PATIENT = { maxThrottleWaits: 600 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Node = { id: string; name: string; sourceIdentifier: string | null; tags: string[] };

function dotshopId(n: Node): string | null {
  if (n.sourceIdentifier && UUID.test(n.sourceIdentifier)) return n.sourceIdentifier;
  const tag = n.tags.find((t) => t.startsWith('dotshop-order-'))?.slice('dotshop-order-'.length) ?? null;
  return tag && UUID.test(tag) ? tag : null;
}

export async function findAndCancelOrphanedShopifyOrders(
  deps: { db: Db; shopify: Pick<ShopifyClient, 'graphql'> },
  /**
   * `orderIds`: look only at the Shopify orders of these DotShop orders (by tag, a few points per
   * batch) instead of every open DotShop order since `since` (a page per 25 orders). An order is
   * written before its PaymentIntent is created and pushed only once authorized, so the orders of
   * the orphaned PaymentIntents are every order a push can have outlived.
   */
  opts: { since: Date; apply: boolean; orderIds?: string[] },
): Promise<{ examined: number; orphans: OrphanedShopifyOrder[] }> {
  const nodes: Node[] = [];
  const base = `source_name:dotshop status:open created_at:>='${opts.since.toISOString()}'`;
  const ids = opts.orderIds?.filter((id) => UUID.test(id));
  const queries = ids === undefined ? [base] : [];
  for (let i = 0; ids && i < ids.length; i += 10) queries.push(`${base} (${ids.slice(i, i + 10).map((id) => `tag:'dotshop-order-${id}'`).join(' OR ')})`);
  for (const q of queries) {
    for (let after: string | null = null; ; ) {
      type Page = { orders: { nodes: Node[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      const { data }: { data: Page } = await deps.shopify.graphql<Page>(OPEN_DOTSHOP_ORDERS, { q, after }, PATIENT);
      nodes.push(...data.orders.nodes);
      if (!data.orders.pageInfo.hasNextPage || !data.orders.pageInfo.endCursor) break;
      after = data.orders.pageInfo.endCursor;
    }
  }
  const existing = await existingOrderIds(deps.db, nodes.map(dotshopId).filter((id): id is string => id !== null));
  const orphans: OrphanedShopifyOrder[] = [];
  for (const n of nodes) {
    const orderId = dotshopId(n);
    // Not ours to judge: a DotShop-sourced order that names no DotShop order.
    if (!orderId || existing.has(orderId)) continue;
    const orphan: OrphanedShopifyOrder = { shopifyOrderId: n.id, name: n.name, orderId, action: 'none' };
    if (opts.apply) {
      type R = { orderCancel: { orderCancelUserErrors: { message: string; code: string | null }[] } };
      const { data } = await deps.shopify.graphql<R>(CANCEL_ORPHAN, { orderId: n.id }, PATIENT);
      const errors = data.orderCancel.orderCancelUserErrors.filter((e) => !/already been cancel/i.test(e.message));
      orphan.action = errors.length ? 'refused' : 'cancelled';
      if (errors.length) orphan.error = errors.map((e) => `${e.code ?? ''} ${e.message}`.trim()).join('; ');
    }
    orphans.push(orphan);
  }
  return { examined: nodes.length, orphans };
}
