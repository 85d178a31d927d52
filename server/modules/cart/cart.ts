// The cart: a row per cart in Postgres, identified by a signed cookie. Quantities are checked
// against sellable stock when added; prices are always read fresh in the cart's region currency.

import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { cartLines, carts } from '../../../db/commerce-schema';
import { images, inventory, products, variantPrices, variants } from '../../../db/schema';
import { REGIONS, type RegionCode } from '../catalog';
import { DomainError } from '../../platform/errors';

export const MAX_LINE_QUANTITY = 99;

export class CartError extends DomainError<'unknown_sku' | 'insufficient_stock' | 'out_of_stock' | 'invalid_quantity' | 'cart_not_found' | 'cart_closed'> {}

export async function createCart(db: Db, region: RegionCode): Promise<string> {
  const [row] = await db.insert(carts).values({ region }).returning({ id: carts.id });
  return row.id;
}

export type CartLineView = {
  variantId: number;
  sku: string;
  productHandle: string;
  productTitle: string;
  variantTitle: string;
  imageUrl: string | null;
  quantity: number;
  sellable: number;
  unitAmount: number;
  lineTotal: number;
  /** Fewer units can be sold now than are in the bag (sold out or reduced while in the cart). */
  problem: 'sold_out' | 'reduced' | null;
};

export type CartView = {
  id: string;
  region: RegionCode;
  currency: string;
  lines: CartLineView[];
  itemCount: number;
  subtotal: number;
  checkedOut: boolean;
};

/** The cart priced in `region`, or in the region it was created in when none is given. */
export async function getCart(db: Db, cartId: string, requestedRegion?: RegionCode): Promise<CartView | null> {
  const [cart] = await db.select({ id: carts.id, checkedOutAt: carts.checkedOutAt, region: carts.region }).from(carts).where(eq(carts.id, cartId));
  if (!cart) return null;
  const region = requestedRegion ?? (cart.region as RegionCode);
  const currency = REGIONS[region].currency;
  const rows = await db
    .select({
      variantId: cartLines.variantId,
      quantity: cartLines.quantity,
      sku: variants.sku,
      variantTitle: variants.title,
      productHandle: products.handle,
      productTitle: products.title,
      unitAmount: variantPrices.amount,
      sellable: sql<number | null>`case when ${variants.removedAt} is null and ${products.status} = 'active' then ${inventory.sellable} else 0 end`,
      imageUrl: sql<string | null>`(select url from ${images} where ${images.productId} = ${products.id} order by ${images.position} limit 1)`,
    })
    .from(cartLines)
    .innerJoin(variants, eq(variants.id, cartLines.variantId))
    .innerJoin(products, eq(products.id, variants.productId))
    .innerJoin(variantPrices, and(eq(variantPrices.variantId, variants.id), eq(variantPrices.currency, currency)))
    .leftJoin(inventory, eq(inventory.variantId, variants.id))
    .where(eq(cartLines.cartId, cartId))
    .orderBy(asc(cartLines.addedAt), asc(cartLines.variantId));
  const lines: CartLineView[] = rows.map((r) => {
    const sellable = Math.max(0, r.sellable ?? 0);
    return {
      ...r,
      sellable,
      lineTotal: r.unitAmount * r.quantity,
      problem: sellable === 0 ? 'sold_out' : sellable < r.quantity ? 'reduced' : null,
    };
  });
  return {
    id: cart.id,
    region,
    currency,
    lines,
    itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    subtotal: lines.reduce((n, l) => n + l.lineTotal, 0),
    checkedOut: cart.checkedOutAt !== null,
  };
}

function checkQuantity(quantity: number) {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_LINE_QUANTITY)
    throw new CartError('invalid_input', 'invalid_quantity', `Quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}.`, 'quantity');
}

async function variantForSku(db: Db, sku: string) {
  const [v] = await db
    .select({ id: variants.id, sellable: inventory.sellable })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(inventory, eq(inventory.variantId, variants.id))
    .where(and(eq(variants.sku, sku), eq(products.status, 'active'), isNull(variants.removedAt)));
  if (!v) throw new CartError('not_found', 'unknown_sku', `No product with SKU ${sku}.`, 'sku');
  return { id: v.id, sellable: Math.max(0, v.sellable ?? 0) };
}

async function assertOpen(db: Db, cartId: string) {
  const [cart] = await db.select({ checkedOutAt: carts.checkedOutAt }).from(carts).where(eq(carts.id, cartId));
  if (!cart) throw new CartError('not_found', 'cart_not_found', 'Cart not found.');
  if (cart.checkedOutAt) throw new CartError('conflict', 'cart_closed', 'This cart has already been checked out.');
}

/** Adds units of a SKU; the bag never holds more than can be sold right now. */
export async function addToCart(db: Db, cartId: string, sku: string, quantity: number): Promise<void> {
  checkQuantity(quantity);
  await assertOpen(db, cartId);
  const v = await variantForSku(db, sku);
  if (v.sellable === 0) throw new CartError('conflict', 'out_of_stock', 'Sorry — this is sold out.', 'sku');
  const [existing] = await db
    .select({ quantity: cartLines.quantity })
    .from(cartLines)
    .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, v.id)));
  const next = (existing?.quantity ?? 0) + quantity;
  if (next > MAX_LINE_QUANTITY) throw new CartError('invalid_input', 'invalid_quantity', `At most ${MAX_LINE_QUANTITY} of one item per order.`, 'quantity');
  if (next > v.sellable)
    throw new CartError('conflict', 'insufficient_stock', v.sellable === 1 ? 'Only 1 left.' : `Only ${v.sellable} left.`, 'quantity');
  await db
    .insert(cartLines)
    .values({ cartId, variantId: v.id, quantity })
    .onConflictDoUpdate({ target: [cartLines.cartId, cartLines.variantId], set: { quantity: sql`${cartLines.quantity} + ${quantity}` } });
  await db.update(carts).set({ updatedAt: sql`now()` }).where(eq(carts.id, cartId));
}

/** Sets a line's quantity (0 removes it). */
export async function setCartLineQuantity(db: Db, cartId: string, sku: string, quantity: number): Promise<void> {
  await assertOpen(db, cartId);
  const v = await variantForSku(db, sku);
  if (quantity === 0) {
    await db.delete(cartLines).where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, v.id)));
    return;
  }
  checkQuantity(quantity);
  if (quantity > v.sellable)
    throw new CartError('conflict', v.sellable === 0 ? 'out_of_stock' : 'insufficient_stock', v.sellable === 0 ? 'Sorry — this is sold out.' : `Only ${v.sellable} left.`, 'quantity');
  const updated = await db
    .update(cartLines)
    .set({ quantity })
    .where(and(eq(cartLines.cartId, cartId), eq(cartLines.variantId, v.id)))
    .returning({ q: cartLines.quantity });
  if (!updated.length) throw new CartError('not_found', 'unknown_sku', `SKU ${sku} is not in the bag.`, 'sku');
}

export async function removeFromCart(db: Db, cartId: string, sku: string): Promise<void> {
  await setCartLineQuantity(db, cartId, sku, 0);
}

/** Trims lines to what can be sold now (after a sold-out-while-in-cart); returns what changed. */
export async function adjustCartToStock(db: Db, cartId: string): Promise<{ sku: string; from: number; to: number }[]> {
  const rows = await db.execute<{ sku: string; from_qty: number; to_qty: number }>(sql`
    with fix as (
      select cl.variant_id, cl.quantity as from_qty, s.sellable as to_qty
      from cart_lines cl
      join variants v on v.id = cl.variant_id
      join products p on p.id = v.product_id
      left join inventory i on i.variant_id = cl.variant_id
      cross join lateral (select case when v.removed_at is null and p.status = 'active' then greatest(0, coalesce(i.sellable, 0)) else 0 end as sellable) s
      where cl.cart_id = ${cartId}::uuid and cl.quantity > s.sellable
    ),
    del as (delete from cart_lines cl using fix where cl.cart_id = ${cartId}::uuid and cl.variant_id = fix.variant_id and fix.to_qty = 0),
    upd as (update cart_lines cl set quantity = fix.to_qty from fix where cl.cart_id = ${cartId}::uuid and cl.variant_id = fix.variant_id and fix.to_qty > 0)
    select v.sku, fix.from_qty, fix.to_qty from fix join variants v on v.id = fix.variant_id`);
  return rows.map((r) => ({ sku: r.sku, from: Number(r.from_qty), to: Number(r.to_qty) }));
}
