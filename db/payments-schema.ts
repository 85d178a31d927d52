// Money: the append-only double-entry ledger, refunds, disputes, the webhook inbox and the
// reconciliation reports. An order's payment state is derived from ledger entries, never stored
// twice. Rules the database enforces itself live in db/migrations/0005_ledger_rules.sql.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { orders } from './commerce-schema';

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ledgerAccount = pgEnum('ledger_account', ['shopper_receivable', 'stripe_authorized', 'stripe_clearing', 'revenue', 'refunds', 'disputes', 'dispute_fees']);
export const ledgerKind = pgEnum('ledger_kind', [
  'authorization',
  'capture',
  'authorization_release',
  'refund',
  'refund_reversal',
  'dispute_withdrawal',
  'dispute_reinstatement',
  'dispute_fee',
]);

/** One money movement: its entries sum to zero (deferred constraint trigger). */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orderId: uuid('order_id').references(() => orders.id),
    kind: ledgerKind('kind').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    // What caused it at the provider (pi_…, ch_…, re_…, dp_…) + kind: recording twice is a no-op.
    externalRef: varchar('external_ref', { length: 255 }).notNull(),
    memo: text('memo').notNull().default(''),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ledger_transactions_external_ref_idx').on(t.kind, t.externalRef), index('ledger_transactions_order_idx').on(t.orderId)],
);

/** Debits positive, credits negative, integer minor units. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    transactionId: bigint('transaction_id', { mode: 'number' })
      .notNull()
      .references(() => ledgerTransactions.id),
    orderId: uuid('order_id').references(() => orders.id),
    account: ledgerAccount('account').notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_transaction_idx').on(t.transactionId),
    index('ledger_entries_order_account_idx').on(t.orderId, t.account),
    check('ledger_entries_amount_nonzero', sql`${t.amount} <> 0`),
  ],
);

export const refundStatus = pgEnum('refund_status', ['pending', 'succeeded', 'failed']);

export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    amount: integer('amount').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    status: refundStatus('status').notNull().default('pending'),
    reason: text('reason').notNull().default(''),
    stripeRefundId: varchar('stripe_refund_id', { length: 255 }).unique(),
    // The admin form's key: a double click is one refund.
    requestKey: varchar('request_key', { length: 255 }).notNull().unique(),
    requestedBy: text('requested_by').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [check('refunds_amount_positive', sql`${t.amount} > 0`), index('refunds_order_idx').on(t.orderId)],
);

export const disputes = pgTable(
  'disputes',
  {
    id: varchar('id', { length: 255 }).primaryKey(), // Stripe dp_…
    orderId: uuid('order_id').references(() => orders.id),
    paymentIntentId: varchar('payment_intent_id', { length: 255 }),
    amount: integer('amount').notNull(),
    currency: varchar('currency', { length: 3 }).notNull(),
    status: varchar('status', { length: 32 }).notNull(),
    reason: varchar('reason', { length: 64 }).notNull().default(''),
    evidenceDueBy: tstz('evidence_due_by'),
    stripeCreatedAt: tstz('stripe_created_at').notNull(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('disputes_order_idx').on(t.orderId)],
);

/** Every provider event seen (Stripe event id, Shopify event id), once. */
export const webhookInbox = pgTable(
  'webhook_inbox',
  {
    provider: varchar('provider', { length: 16 }).notNull(),
    eventId: varchar('event_id', { length: 255 }).notNull(),
    type: varchar('type', { length: 128 }).notNull(),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    processedAt: tstz('processed_at'),
    payload: jsonb('payload').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.eventId] }), index('webhook_inbox_unprocessed_idx').on(t.receivedAt).where(sql`${t.processedAt} is null`)],
);

export const reconciliationRuns = pgTable('reconciliation_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  startedAt: tstz('started_at').notNull().defaultNow(),
  finishedAt: tstz('finished_at'),
  windowStart: tstz('window_start').notNull(),
  windowEnd: tstz('window_end').notNull(),
  checked: integer('checked').notNull().default(0),
  differences: integer('differences').notNull().default(0),
  trigger: varchar('trigger', { length: 16 }).notNull(), // schedule | admin
  durationMs: integer('duration_ms'),
});

export const reconciliationDifferences = pgTable(
  'reconciliation_differences',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => reconciliationRuns.id, { onDelete: 'cascade' }),
    kind: varchar('kind', { length: 32 }).notNull(), // missing_in_ledger | missing_in_stripe | amount_mismatch | status_mismatch
    objectType: varchar('object_type', { length: 32 }).notNull(),
    objectId: varchar('object_id', { length: 255 }).notNull(),
    orderId: uuid('order_id'),
    detail: jsonb('detail').notNull(),
  },
  (t) => [index('reconciliation_differences_run_idx').on(t.runId)],
);
