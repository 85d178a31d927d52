// Carts, orders, stock reservations, payments, idempotency keys and the local mailbox: the part
// of the schema that DotShop owns outright (Shopify never sees it except through order pushes).
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { variants } from './schema';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const shopperRegion = pgEnum('shopper_region', ['us', 'eu']);
export const orderStatus = pgEnum('order_status', [
  'pending_payment',
  'authorized',
  'payment_failed',
  'cancelled',
  'fulfilled',
  'captured',
  'refunded',
]);
export const reservationStatus = pgEnum('reservation_status', ['held', 'released', 'committed']);
export const idempotencyState = pgEnum('idempotency_state', ['running', 'completed']);

export const carts = pgTable('carts', {
  id: uuid('id').primaryKey().defaultRandom(),
  region: shopperRegion('region').notNull().default('us'),
  createdAt: tstz('created_at').notNull().defaultNow(),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
  checkedOutAt: tstz('checked_out_at'),
});

export const cartLines = pgTable(
  'cart_lines',
  {
    cartId: uuid('cart_id')
      .notNull()
      .references(() => carts.id, { onDelete: 'cascade' }),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    quantity: integer('quantity').notNull(),
    addedAt: tstz('added_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cartId, t.variantId] }), check('cart_lines_quantity_range', sql`${t.quantity} between 1 and 99`)],
);

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: varchar('number', { length: 16 })
      .notNull()
      .unique()
      .default(sql`('DS-' || nextval('order_number_seq')::text)`),
    cartId: uuid('cart_id').references(() => carts.id),
    email: varchar('email', { length: 254 }).notNull(),
    region: shopperRegion('region').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    subtotal: integer('subtotal').notNull(),
    shippingAmount: integer('shipping_amount').notNull(),
    taxAmount: integer('tax_amount').notNull(),
    taxIncluded: integer('tax_included').notNull().default(0), // 1 = EU VAT included in prices
    total: integer('total').notNull(),
    shippingMethod: varchar('shipping_method', { length: 32 }).notNull(),
    shippingAddress: jsonb('shipping_address').$type<Record<string, string>>().notNull(),
    status: orderStatus('status').notNull().default('pending_payment'),
    paymentIntentId: varchar('payment_intent_id', { length: 255 }).unique(),
    paymentFailureCode: text('payment_failure_code'),
    paymentFailureMessage: text('payment_failure_message'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    authorizedAt: tstz('authorized_at'),
  },
  (t) => [
    index('orders_status_created_idx').on(t.status, t.createdAt),
    index('orders_email_idx').on(sql`lower(${t.email})`),
    check('orders_amounts_nonnegative', sql`${t.subtotal} >= 0 and ${t.shippingAmount} >= 0 and ${t.taxAmount} >= 0 and ${t.total} > 0`),
    check('orders_total_adds_up', sql`${t.total} = ${t.subtotal} + ${t.shippingAmount} + case when ${t.taxIncluded} = 1 then 0 else ${t.taxAmount} end`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    sku: varchar('sku', { length: 64 }).notNull(),
    title: text('title').notNull(),
    variantTitle: text('variant_title').notNull(),
    quantity: integer('quantity').notNull(),
    unitAmount: integer('unit_amount').notNull(),
    lineTotal: integer('line_total').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.variantId] }),
    check('order_lines_quantity_range', sql`${t.quantity} between 1 and 99`),
    check('order_lines_total', sql`${t.lineTotal} = ${t.unitAmount} * ${t.quantity}`),
    index('order_lines_variant_idx').on(t.variantId),
  ],
);

/** The order's status timeline (also the shopper's "what happened" list). */
export const orderEvents = pgTable(
  'order_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    at: tstz('at').notNull().defaultNow(),
    fromStatus: orderStatus('from_status'),
    toStatus: orderStatus('to_status').notNull(),
    note: text('note').notNull().default(''),
  },
  (t) => [index('order_events_order_idx').on(t.orderId, t.at)],
);

/** One row per order line's hold on stock; released or committed exactly once. */
export const reservations = pgTable(
  'reservations',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id),
    quantity: integer('quantity').notNull(),
    status: reservationStatus('status').notNull().default('held'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    releasedAt: tstz('released_at'),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.variantId] }), index('reservations_held_idx').on(t.variantId).where(sql`${t.status} = 'held'`)],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: varchar('scope', { length: 64 }).notNull(),
    key: varchar('key', { length: 255 }).notNull(),
    fingerprint: varchar('fingerprint', { length: 64 }).notNull(),
    state: idempotencyState('state').notNull().default('running'),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    // The running request's token and its last sign of life: a key is taken over only when its
    // heartbeat stopped, and only the current owner stores the answer (ADR 021).
    owner: uuid('owner'),
    heartbeatAt: tstz('heartbeat_at'),
    completedAt: tstz('completed_at'),
    expiresAt: tstz('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_keys_expires_idx').on(t.expiresAt)],
);

/** Local mode's mailbox: emails the outbox "sent" (shown in the admin). */
export const emails = pgTable(
  'emails',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dedupeKey: varchar('dedupe_key', { length: 128 }).notNull(),
    to: varchar('to', { length: 254 }).notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    orderId: uuid('order_id').references(() => orders.id),
    sentAt: tstz('sent_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('emails_dedupe_idx').on(t.dedupeKey)],
);

/** Shopify pushes (this issue only records "awaiting Shopify"; the sync issue sends them). */
export const shopifyOrderPushes = pgTable('shopify_order_pushes', {
  orderId: uuid('order_id')
    .primaryKey()
    .references(() => orders.id),
  status: varchar('status', { length: 32 }).notNull().default('awaiting_shopify'),
  attempts: integer('attempts').notNull().default(0),
  shopifyOrderId: text('shopify_order_id'),
  lastError: text('last_error'),
  acknowledgedAt: tstz('acknowledged_at'),
  updatedAt: tstz('updated_at').notNull().defaultNow(),
});
