// The invariant checker: what must always be true of the money and the stock, checked from the
// data itself (so it also catches what slipped past the code, e.g. triggers disabled by hand).
// Used by `npm run check:invariants` (operators, exit 1 on any violation) and by tests.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { deadLetteredJobRefs } from '../../platform/job-state';

export type Violation = { check: string; description: string; count: number; examples: string[] };

type Check = { check: string; description: string; query: ReturnType<typeof sql> };

const checks: Check[] = [
  {
    check: 'unbalanced_ledger_transactions',
    description: 'ledger transactions whose entries do not sum to zero (or have fewer than two entries)',
    query: sql`select t.id::text as ref from ledger_transactions t left join ledger_entries e on e.transaction_id = t.id
               group by t.id having coalesce(sum(e.amount), 0) <> 0 or count(e.id) < 2`,
  },
  {
    check: 'captured_exceeds_authorized',
    description: 'orders with more captured than authorized',
    query: sql`select e.order_id::text as ref from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
               where e.order_id is not null group by e.order_id
               having coalesce(sum(e.amount) filter (where e.account = 'stripe_clearing' and t.kind = 'capture'), 0)
                    > coalesce(sum(e.amount) filter (where e.account = 'stripe_authorized' and t.kind = 'authorization'), 0)`,
  },
  {
    check: 'refunded_exceeds_captured',
    description: 'orders with more refunded than captured',
    query: sql`select e.order_id::text as ref from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
               where e.order_id is not null group by e.order_id
               having coalesce(sum(e.amount) filter (where e.account = 'refunds'), 0)
                    > coalesce(sum(e.amount) filter (where e.account = 'stripe_clearing' and t.kind = 'capture'), 0)`,
  },
  {
    check: 'authorized_orders_without_ledger',
    description: 'orders past authorization with no authorization on the ledger',
    query: sql`select o.number as ref from orders o
               where o.status in ('authorized', 'fulfilled', 'captured', 'refunded')
                 and not exists (select 1 from ledger_transactions t where t.order_id = o.id and t.kind = 'authorization')`,
  },
  {
    check: 'ledger_without_order',
    description: 'ledger entries that belong to no order',
    query: sql`select e.id::text as ref from ledger_entries e left join orders o on o.id = e.order_id where o.id is null`,
  },
  {
    check: 'negative_sellable_stock',
    description: 'variants whose reservations exceed the stock Shopify reports (oversell risk)',
    query: sql`select v.sku as ref from inventory i join variants v on v.id = i.variant_id where i.available - i.reserved < 0 or i.reserved < 0`,
  },
  {
    check: 'reservations_out_of_step',
    description: 'variants whose reserved count differs from their held reservations',
    query: sql`select v.sku as ref from inventory i join variants v on v.id = i.variant_id
               left join (select variant_id, sum(quantity) as held from reservations where status = 'held' group by variant_id) r on r.variant_id = i.variant_id
               where i.reserved <> coalesce(r.held, 0)`,
  },
  {
    check: 'dead_lettered_jobs',
    description: 'outbox jobs that exhausted their retries (dead-lettered or failed)',
    query: deadLetteredJobRefs,
  },
];

export async function checkInvariants(db: Db, opts: { exampleLimit?: number } = {}): Promise<Violation[]> {
  const limit = opts.exampleLimit ?? 5;
  const out: Violation[] = [];
  for (const c of checks) {
    const rows = await db.execute<{ ref: string }>(c.query);
    if (rows.length) out.push({ check: c.check, description: c.description, count: rows.length, examples: rows.slice(0, limit).map((r) => r.ref) });
  }
  return out;
}

export const invariantNames = checks.map((c) => c.check);
