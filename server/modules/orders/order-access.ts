// Who may see an order page: the shopper who placed it (a signed token in the confirmation link)
// or anyone who knows both the order number and the email (the lookup form).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { orders } from '../../../db/commerce-schema';

export function orderAccessToken(orderNumber: string, secret: string): string {
  return createHmac('sha256', secret).update(`order-access:${orderNumber}`).digest('base64url').slice(0, 32);
}

export function verifyOrderAccessToken(orderNumber: string, token: string | null, secret: string): boolean {
  if (!token) return false;
  const expected = Buffer.from(orderAccessToken(orderNumber, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function findOrderNumberByEmail(db: Db, number: string, email: string): Promise<string | null> {
  const [o] = await db
    .select({ number: orders.number })
    .from(orders)
    .where(and(eq(orders.number, number.trim().toUpperCase()), eq(sql`lower(${orders.email})`, email.trim().toLowerCase())));
  return o?.number ?? null;
}

/** The lookup form: an order number and the email it was placed with. */
export const orderLookupSchema = z.object({
  number: z.string().trim().regex(/^DS-\d{6,10}$/i, 'Order numbers look like DS-100123.'),
  email: z.string().trim().email('Enter the email you ordered with.'),
});

