// Transactional email. In local mode (and until a provider is configured) messages land in the
// `emails` table — the local mailbox the admin shows. Each message has a dedupe key, so a job
// that runs twice sends once.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { emails, orderLines, orders } from '../../../db/commerce-schema';
import { orderAccessToken } from './order-access';

export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat(currency === 'EUR' ? 'de-DE' : 'en-US', { style: 'currency', currency }).format(amount / 100);
}

export async function sendOrderConfirmation(db: Db, orderId: string, publicUrl: string, sessionSecret: string): Promise<'sent' | 'already_sent' | 'no_order'> {
  const [o] = await db.select().from(orders).where(eq(orders.id, orderId));
  if (!o) return 'no_order';
  const lines = await db.select().from(orderLines).where(eq(orderLines.orderId, orderId));
  const text = [
    `Thank you for your order ${o.number}.`,
    '',
    ...lines.map((l) => `${l.quantity} × ${l.title} (${l.variantTitle}) — ${formatMoney(l.lineTotal, o.currency)}`),
    '',
    `Subtotal ${formatMoney(o.subtotal, o.currency)}`,
    `Shipping ${formatMoney(o.shippingAmount, o.currency)}`,
    o.taxIncluded ? `Incl. VAT ${formatMoney(o.taxAmount, o.currency)}` : `Tax ${formatMoney(o.taxAmount, o.currency)}`,
    `Total ${formatMoney(o.total, o.currency)}`,
    '',
    // A signed link to the order page: the shopper's email never goes into a URL (issue 11 §2.6).
    `Follow your order: ${publicUrl}/orders/${encodeURIComponent(o.number)}?token=${orderAccessToken(o.number, sessionSecret)}`,
  ].join('\n');
  const rows = await db
    .insert(emails)
    .values({ dedupeKey: `order-confirmation:${orderId}`, to: o.email, subject: `Your DotShop order ${o.number}`, text, orderId })
    .onConflictDoNothing()
    .returning({ id: emails.id });
  return rows.length ? 'sent' : 'already_sent';
}

export async function listMailbox(db: Db, limit = 50) {
  return db.select().from(emails).orderBy(sql`${emails.sentAt} desc`).limit(limit);
}
