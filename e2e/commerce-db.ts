// What the checkout suites read and arrange straight in the e2e database and the Stripe emulator:
// a private in-stock variant per test (claimed atomically, so two workers never share one), its
// stock, the orders that contain it, their confirmation emails, and the PaymentIntents Stripe holds.
import { expect } from '@playwright/test';
import { sql } from 'drizzle-orm';
import type { Databases } from '../db/client';
import { E2E_PORT } from './env';

export type ClaimedVariant = {
  variantId: number;
  sku: string;
  handle: string;
  productTitle: string;
  variantTitle: string;
  /** Minor units. */
  usd: number;
  eur: number;
};

export type StockLevel = { available: number; reserved: number; sellable: number };

export type OrderRow = {
  id: string;
  number: string;
  email: string;
  status: string;
  region: string;
  currency: string;
  subtotal: number;
  shipping: number;
  tax: number;
  taxIncluded: boolean;
  total: number;
  paymentIntentId: string | null;
  paymentFailureCode: string | null;
  cartId: string | null;
};

/**
 * Hands each test variants nobody else uses, and sets their stock. Claims live in a small table in
 * the throwaway e2e database; the claim is one INSERT … SELECT under a transaction-scoped advisory
 * lock, so parallel workers (and a restarted worker) never get the same variant. Candidates are
 * ordinary in-stock variants with a USD and a EUR price, taken from the end of the catalog so the
 * storefront suite's picks (the first products) keep their seeded stock.
 */
export class StockRoom {
  constructor(
    private readonly db: Databases,
    private readonly claimant: string,
  ) {}

  /** A fresh variant of an active product, with `sellable` units available to sell (default 50). */
  async claim(sellable = 50): Promise<ClaimedVariant> {
    const claimant = this.claimant;
    const [row] = await this.db.primary.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('e2e_claimed_variants'))`);
      await tx.execute(sql`create table if not exists e2e_claimed_variants (
        variant_id integer primary key, claimed_by text not null, claimed_at timestamptz not null default now())`);
      return tx.execute<{ variant_id: number }>(sql`
        insert into e2e_claimed_variants (variant_id, claimed_by)
        select v.id, ${claimant}
          from variants v
          join products p on p.id = v.product_id and p.status = 'active'
          join inventory i on i.variant_id = v.id and i.sellable > 5
          join variant_prices usd on usd.variant_id = v.id and usd.currency = 'USD'
          join variant_prices eur on eur.variant_id = v.id and eur.currency = 'EUR'
         where not exists (select 1 from e2e_claimed_variants c where c.variant_id = v.id)
         order by p.id desc, v.position desc
         limit 1
        returning variant_id`);
    });
    if (!row) throw new Error('No unclaimed in-stock variant is left in the seeded catalog for this e2e run.');
    const [v] = await this.db.primary.execute<ClaimedVariant>(sql`
      select v.id as "variantId", v.sku, p.handle, p.title as "productTitle", v.title as "variantTitle", usd.amount as usd, eur.amount as eur
        from variants v join products p on p.id = v.product_id
        join variant_prices usd on usd.variant_id = v.id and usd.currency = 'USD'
        join variant_prices eur on eur.variant_id = v.id and eur.currency = 'EUR'
       where v.id = ${row.variant_id}`);
    await this.setSellable(v, sellable);
    return v;
  }

  /** Sets what can be sold now (available = reserved + n), leaving DotShop's reservations alone. */
  async setSellable(v: ClaimedVariant, n: number): Promise<void> {
    await this.db.primary.execute(sql`update inventory set available = reserved + ${n}, available_at = now(), updated_at = now() where variant_id = ${v.variantId}`);
  }

  async level(v: ClaimedVariant): Promise<StockLevel> {
    const [row] = await this.db.primary.execute<StockLevel>(sql`select available, reserved, sellable from inventory where variant_id = ${v.variantId}`);
    return row;
  }

  /** Units of this variant held for orders (reservation rows still `held`). */
  async held(v: ClaimedVariant): Promise<number> {
    const [row] = await this.db.primary.execute<{ n: number }>(sql`select coalesce(sum(quantity), 0)::int as n from reservations where variant_id = ${v.variantId} and status = 'held'`);
    return row.n;
  }
}

const orderColumns = sql`o.id, o.number, o.email, o.status::text as status, o.region::text as region, o.currency, o.subtotal,
  o.shipping_amount as shipping, o.tax_amount as tax, o.tax_included = 1 as "taxIncluded", o.total,
  o.payment_intent_id as "paymentIntentId", o.payment_failure_code as "paymentFailureCode", o.cart_id as "cartId"`;

/** Every order with a line for this variant, oldest first (each test owns its variants). */
export async function ordersContaining(db: Databases, v: ClaimedVariant): Promise<OrderRow[]> {
  return db.primary.execute<OrderRow>(sql`
    select ${orderColumns} from orders o
     where exists (select 1 from order_lines l where l.order_id = o.id and l.variant_id = ${v.variantId})
     order by o.created_at, o.number`);
}

export async function ordersForEmail(db: Databases, email: string): Promise<OrderRow[]> {
  return db.primary.execute<OrderRow>(sql`select ${orderColumns} from orders o where lower(o.email) = lower(${email}) order by o.created_at, o.number`);
}

export async function orderByNumber(db: Databases, number: string): Promise<OrderRow> {
  const [row] = await db.primary.execute<OrderRow>(sql`select ${orderColumns} from orders o where o.number = ${number}`);
  if (!row) throw new Error(`order ${number} is not in the database`);
  return row;
}

/** The confirmation email the worker writes to the local mailbox; polls, since the outbox is asynchronous. */
export async function waitForConfirmationEmail(db: Databases, order: Pick<OrderRow, 'id'>, timeoutMs = 20_000) {
  let mail: { to: string; subject: string; text: string } | undefined;
  await expect
    .poll(
      async () => {
        [mail] = await db.primary.execute<{ to: string; subject: string; text: string }>(sql`select "to", subject, text from emails where order_id = ${order.id}::uuid`);
        return mail !== undefined;
      },
      { message: 'the confirmation email reaches the local mailbox', timeout: timeoutMs, intervals: [250, 500, 1000] },
    )
    .toBe(true);
  return mail!;
}

// ---------------------------------------------------------------------------------------------
// The Stripe emulator the e2e stack runs (same port rule as e2e/server.ts).

export const stripeEmulatorUrl = `http://127.0.0.1:${process.env.E2E_STRIPE_EMULATOR_PORT ?? String(E2E_PORT + 9012)}`;
const stripeKey = 'sk_test_dotshop_local_emulator';

export type EmulatedPaymentIntent = { id: string; status: string; amount: number; amount_received: number; amount_capturable: number; currency: string; metadata: Record<string, string> };

/** PaymentIntents Stripe holds for an order, found the way recovery finds them: by metadata. */
export async function paymentIntentsForOrder(orderId: string): Promise<EmulatedPaymentIntent[]> {
  const url = new URL('/v1/payment_intents/search', stripeEmulatorUrl);
  url.searchParams.set('query', `metadata['order_id']:'${orderId}'`);
  url.searchParams.set('limit', '100');
  const res = await fetch(url, { headers: { Authorization: `Bearer ${stripeKey}` } });
  if (!res.ok) throw new Error(`Stripe emulator search answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { data: EmulatedPaymentIntent[] }).data;
}

/** How money is displayed on the storefront: "$1,234.50", "€135". */
export function money(minor: number, currency: 'USD' | 'EUR'): string {
  const symbol = currency === 'USD' ? '$' : '€';
  return `${symbol}${minor % 100 === 0 ? minor / 100 : (minor / 100).toFixed(2)}`.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
