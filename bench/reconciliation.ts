// Reconciliation benchmark (figures, not a test: nothing here asserts a time). Creates N payments
// — PaymentIntents authorized through the real SDK in an in-process Stripe emulator, half of them
// captured — and the matching orders and ledger rows, inserted set-based into a fresh database;
// then times `reconcilePayments` over them and prints total time, payments/s, Stripe list calls,
// differences (must be 0) and memory.
//
//   npm run bench:reconciliation
//
// Environment (all optional):
//   BENCH_PAYMENTS=10000      payments to create
//   BENCH_CAPTURED=0.5        share of them captured (the rest stay authorized)
//   BENCH_RUNS=2              timed runs over the same data (the first is cold)
//   DATABASE_URL              a Postgres server to use; unset = a private embedded cluster in
//                             .data/postgres-bench-recon (port BENCH_PG_PORT, default 54379)
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import postgres from 'postgres';
import { createDatabases } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { createDatabase, dropDatabase, ensurePostgres } from '../db/postgres';
import { startStripeEmulator } from '../emulators/stripe/server';
import { reconcilePayments } from '../server/modules/payments';
import { createStripeClient } from '../server/integrations/stripe/client';

const env = process.env;
const N = Number(env.BENCH_PAYMENTS ?? 10_000);
const CAPTURED = Number(env.BENCH_CAPTURED ?? 0.5);
const RUNS = Number(env.BENCH_RUNS ?? 2);
const DB_NAME = 'dotshop_bench_reconciliation';
const started = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)} s] ${m}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < items.length) await fn(items[i++]);
  }));
}

async function main() {
  const pg = await ensurePostgres({ databaseUrl: env.DATABASE_URL, dataDir: '.data/postgres-bench-recon', port: Number(env.BENCH_PG_PORT ?? 54379), log });
  await dropDatabase(pg.serverUrl, DB_NAME);
  await createDatabase(pg.serverUrl, DB_NAME);
  const url = pg.urlFor(DB_NAME);
  await migrateDatabase(url);
  const db = createDatabases({ url, max: 10, applicationName: 'bench-reconciliation' });

  // Every request the emulator answers, so the list calls can be counted on the server side too.
  let counting = false;
  let listRequests = 0;
  const emulator = await startStripeEmulator({
    port: 0,
    log: (line) => {
      if (!counting) return;
      const r = JSON.parse(line) as { method?: string; path?: string };
      if (r.method === 'GET' && /^\/v1\/(payment_intents|charges|refunds|disputes|events)(\?|$)/.test(r.path ?? '')) listRequests++;
    },
  });
  const stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_bench_reconciliation', STRIPE_API_BASE: emulator.url }, { maxNetworkRetries: 2, timeoutMs: 30_000 });
  try {
    const windowStart = new Date(Date.now() - 5000);
    log(`creating ${N} PaymentIntents (manual capture, pm_card_visa) in the emulator, ${Math.round(CAPTURED * 100)}% captured …`);
    type Payment = { orderId: string; number: string; total: number; pi: string; captured: boolean };
    const payments: Payment[] = Array.from({ length: N }, (_, i) => ({ orderId: randomUUID(), number: `DS-${200001 + i}`, total: 1000 + ((i * 37) % 90_000), pi: '', captured: i < N * CAPTURED }));
    await pool(payments, 32, async (p) => {
      const pi = await stripe.paymentIntents.create({
        amount: p.total,
        currency: 'usd',
        capture_method: 'manual',
        payment_method: 'pm_card_visa',
        confirm: true,
        allowed_payment_method_types: ['card'],
        metadata: { order_id: p.orderId, order_number: p.number },
        description: `DotShop order ${p.number}`,
      });
      p.pi = pi.id;
      if (p.captured) await stripe.paymentIntents.capture(pi.id);
    });
    log(`the emulator holds ${JSON.stringify(emulator.state().counts.payment_intents)} PaymentIntents`);

    log('inserting the matching orders and ledger rows (set-based) …');
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    await sql.begin(async (tx) => {
      await tx`
        insert into orders (id, number, email, region, currency, subtotal, shipping_amount, tax_amount, total, shipping_method, shipping_address, status, payment_intent_id, authorized_at)
        select id::uuid, number, 'bench@example.com', 'us', 'USD', total, 0, 0, total, 'standard', '{}'::jsonb, status::order_status, pi, now()
        from unnest(${payments.map((p) => p.orderId)}::text[], ${payments.map((p) => p.number)}::text[], ${payments.map((p) => p.total)}::int[],
                    ${payments.map((p) => (p.captured ? 'captured' : 'authorized'))}::text[], ${payments.map((p) => p.pi)}::text[]) as x(id, number, total, status, pi)`;
      // Authorizations for all, captures for the captured ones: the same entries ledger.server.ts posts.
      await tx`
        with t as (
          insert into ledger_transactions (order_id, kind, currency, external_ref, memo)
          select id, 'authorization', 'USD', payment_intent_id, 'bench' from orders returning id, order_id
        )
        insert into ledger_entries (transaction_id, order_id, account, amount, currency)
        select t.id, t.order_id, a.account::ledger_account, a.sign * o.total, 'USD'
        from t join orders o on o.id = t.order_id cross join (values ('stripe_authorized', 1), ('shopper_receivable', -1)) a(account, sign)`;
      await tx`
        with t as (
          insert into ledger_transactions (order_id, kind, currency, external_ref, memo)
          select id, 'capture', 'USD', payment_intent_id, 'bench' from orders where status = 'captured' returning id, order_id
        )
        insert into ledger_entries (transaction_id, order_id, account, amount, currency)
        select t.id, t.order_id, a.account::ledger_account, a.sign * o.total, 'USD'
        from t join orders o on o.id = t.order_id
        cross join (values ('stripe_clearing', 1), ('stripe_authorized', -1), ('shopper_receivable', 1), ('revenue', -1)) a(account, sign)`;
    });
    const [counts] = await sql`select (select count(*)::int from orders) as orders, (select count(*)::int from ledger_transactions) as transactions, (select count(*)::int from ledger_entries) as entries`;
    await sql`analyze`;
    await sql.end();
    log(`database: ${counts.orders} orders, ${counts.transactions} ledger transactions, ${counts.entries} entries`);

    const windowEnd = new Date(Date.now() + 5000);
    const rows: Record<string, string | number>[] = [];
    const phaseRows: Record<string, string | number>[] = [];
    let failed = false;
    for (let run = 1; run <= RUNS; run++) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      listRequests = 0;
      counting = true;
      const t0 = performance.now();
      const r = await reconcilePayments({ db: db.primary, stripe }, { windowStart, windowEnd, trigger: 'admin' });
      const seconds = (performance.now() - t0) / 1000;
      counting = false;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      if (r.differences.length !== 0) failed = true;
      rows.push({
        run: run === 1 ? '1 (cold)' : String(run),
        payments: N,
        checked: r.checked,
        'total s': Number(seconds.toFixed(2)),
        'payments/s': Math.round(N / seconds),
        'Stripe list calls (SDK)': r.stripeListCalls,
        'list requests (emulator)': listRequests,
        lookups: r.stripeLookups,
        differences: r.differences.length,
        'RSS before': mb(rssBefore),
        'RSS peak': mb(peak),
      });
      phaseRows.push({ run: run === 1 ? '1 (cold)' : String(run), ...Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [`${k} ms`, v])) });
      if (r.differences.length) console.log('first differences:', JSON.stringify(r.differences.slice(0, 3), null, 2));
    }
    console.log(`\nReconciliation of ${N} payments (${Math.round(N * CAPTURED)} captured, ${N - Math.round(N * CAPTURED)} authorized) over one window; Stripe emulator in-process (its memory is in the RSS), Postgres on the same ${os.cpus().length}-core host.`);
    console.table(rows);
    console.log('Where the time went (Stripe lists run concurrently; ledger = the set-based queries):');
    console.table(phaseRows);
    if (failed) {
      console.log('FAIL: a clean data set must reconcile with 0 differences.');
      process.exitCode = 1;
    }
  } finally {
    await emulator.close();
    await db.close();
    await dropDatabase(pg.serverUrl, DB_NAME);
    await pg.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
