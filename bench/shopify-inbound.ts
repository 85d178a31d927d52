// Shopify → DotShop inbound lag. Stock changes are made "in Shopify" (the emulator's control API);
// each makes the emulator send a signed inventory_levels/update webhook to the real shop, which
// verifies it, records it in the inbox, and (worker, woken by NOTIFY) applies and purges it.
// Two phases:
//   steady — BENCH_STEADY_RATE changes/s for BENCH_STEADY_SECONDS (a normal day)
//   burst  — BENCH_CHANGES changes fired at once, BENCH_CONCURRENCY at a time (a bulk stock import)
// Prints, per phase, p50/p95/p99 of triggered-at → applied and → purged (sync_lag_samples),
// throughput, what is left in the inbox, web RSS and CPU per component.
// Usage: npm run bench:shopify-inbound
import postgres from 'postgres';
import { mb, startBenchStack, webRssBytes } from './stack';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const STEADY_RATE = Number(process.env.BENCH_STEADY_RATE ?? 20);
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 15);

type Phase = { name: string; sent: number; failed: number; sentMs: number; drainMs: number; fromId: number; toId: number };

/** The web process's own time answering Shopify webhooks so far (its request-duration histogram). */
async function webhookServerTime(baseUrl: string): Promise<{ count: number; sum: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let count = 0;
  let sum = 0;
  for (const m of text.matchAll(/^http_request_duration_seconds_(count|sum)\{[^}]*route="[^"]*webhooks\.shopify[^"]*"[^}]*\} ([\d.e+-]+)/gm)) {
    if (m[1] === 'count') count += Number(m[2]);
    else sum += Number(m[2]);
  }
  return { count, sum };
}

async function main() {
  const port = Number(process.env.BENCH_PORT ?? 3380);
  console.log('Starting the shop (production build, fresh database, Shopify emulator) …');
  const stack = await startBenchStack({ port });
  const shopifyEmulator = `http://127.0.0.1:${port + 9021}`;
  const sql = postgres(stack.databaseUrl, { max: 2 });
  const phases: Phase[] = [];
  try {
    const skus = (await sql<{ sku: string }[]>`select sku from variants order by id`).map((r) => r.sku);
    let changeNo = 0;
    const change = async () => {
      const i = changeNo++;
      const res = await fetch(`${shopifyEmulator}/_emulator/inventory/${encodeURIComponent(skus[i % skus.length])}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ available: 100 + (i % 50) }),
      });
      return res.ok;
    };
    const lastId = async () => (await sql<{ id: number }[]>`select coalesce(max(id), 0)::int as id from sync_lag_samples`)[0].id;
    const appliedSince = async (fromId: number) =>
      (await sql<{ n: number }[]>`select count(*)::int as n from sync_lag_samples where id > ${fromId} and topic = 'inventory_levels/update' and applied_at is not null`)[0].n;
    const drain = async (phase: Phase, t0: number) => {
      const deadline = Date.now() + 300_000;
      while ((await appliedSince(phase.fromId)) < phase.sent - phase.failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      phase.drainMs = Date.now() - t0;
      phase.toId = await lastId();
    };

    /** CHANGES changes, CONCURRENCY control calls at a time (a bulk stock edit in Shopify). */
    const sendAtOnce = async (phase: Phase) => {
      const t0 = Date.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (phase.sent < CHANGES) {
            phase.sent++;
            if (!(await change())) phase.failed++;
          }
        }),
      );
      phase.sentMs = Date.now() - t0;
    };

    // Steady: one change every 1/rate seconds, on schedule (open model).
    {
      const phase: Phase = { name: `steady ${STEADY_RATE}/s for ${STEADY_SECONDS} s`, sent: 0, failed: 0, sentMs: 0, drainMs: 0, fromId: await lastId(), toId: 0 };
      const n = STEADY_RATE * STEADY_SECONDS;
      const t0 = Date.now();
      const pending: Promise<void>[] = [];
      for (let i = 0; i < n; i++) {
        const due = t0 + (i * 1000) / STEADY_RATE;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        phase.sent++;
        pending.push(change().then((ok) => void (ok || phase.failed++)));
      }
      await Promise.all(pending);
      phase.sentMs = Date.now() - t0;
      await drain(phase, t0);
      phases.push(phase);
    }

    // Burst.
    {
      const phase: Phase = { name: `burst of ${CHANGES} (${CONCURRENCY} at a time)`, sent: 0, failed: 0, sentMs: 0, drainMs: 0, fromId: await lastId(), toId: 0 };
      const rssBefore = await webRssBytes(stack.baseUrl);
      const webhookTimeBefore = await webhookServerTime(stack.baseUrl);
      const t0 = Date.now();
      await sendAtOnce(phase);
      await drain(phase, t0);
      phases.push(phase);
      console.log(`web RSS during the burst: ${mb(rssBefore)} before, ${mb(await webRssBytes(stack.baseUrl))} after`);
      const webhookTimeAfter = await webhookServerTime(stack.baseUrl);
      const n = webhookTimeAfter.count - webhookTimeBefore.count;
      // The emulator delivers to one target one request at a time (as Shopify does), so the burst's
      // receive rate is 1 / (the shop's answer time + the emulator's own time per delivery).
      console.log(`POST /webhooks/shopify during the burst: ${n} answered, mean ${n ? ((1000 * (webhookTimeAfter.sum - webhookTimeBefore.sum)) / n).toFixed(1) : '-'} ms in the web process (its /metrics)`);
    }

    // Backlog: the apply is held (a lock on inventory) while BENCH_CHANGES webhooks are received,
    // then released. Its applied/s counts from the release: the worker's own throughput on a queue,
    // which the burst cannot show while delivery (one request at a time) is the slower side.
    {
      const phase: Phase = { name: `backlog of ${CHANGES} (apply held until received)`, sent: 0, failed: 0, sentMs: 0, drainMs: 0, fromId: await lastId(), toId: 0 };
      const holder = postgres(stack.databaseUrl, { max: 1 });
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let locked!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const holding = holder.begin(async (tx) => {
        await tx`lock table inventory in exclusive mode`;
        locked();
        await held;
      });
      await isLocked;
      await sendAtOnce(phase);
      const waiting = async () =>
        (await sql<{ n: number }[]>`select count(*)::int as n from webhook_inbox where provider = 'shopify' and processed_at is null and type = 'inventory_levels/update'`)[0].n;
      const deadline = Date.now() + 300_000;
      while ((await waiting()) < phase.sent - phase.failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const t1 = Date.now();
      release();
      await holding;
      await holder.end();
      await drain(phase, t1);
      phases.push(phase);
    }

    const rows = [];
    for (const p of phases) {
      const [lag] = await sql<Record<string, number>[]>`
        select
          percentile_cont(0.5) within group (order by extract(epoch from applied_at - started_at) * 1000) as applied_p50,
          percentile_cont(0.95) within group (order by extract(epoch from applied_at - started_at) * 1000) as applied_p95,
          percentile_cont(0.99) within group (order by extract(epoch from applied_at - started_at) * 1000) as applied_p99,
          percentile_cont(0.5) within group (order by extract(epoch from purged_at - started_at) * 1000) as purged_p50,
          percentile_cont(0.95) within group (order by extract(epoch from purged_at - started_at) * 1000) as purged_p95,
          percentile_cont(0.99) within group (order by extract(epoch from purged_at - started_at) * 1000) as purged_p99,
          percentile_cont(0.5) within group (order by extract(epoch from w.received_at - s.started_at) * 1000) as received_p50,
          percentile_cont(0.95) within group (order by extract(epoch from w.received_at - s.started_at) * 1000) as received_p95,
          extract(epoch from max(w.received_at) - min(s.started_at)) * 1000 as all_received_ms,
          count(*)::int as samples
        from sync_lag_samples s left join webhook_inbox w on w.provider = 'shopify' and w.event_id = s.ref
        where s.id > ${p.fromId} and s.id <= ${p.toId} and s.topic = 'inventory_levels/update' and s.applied_at is not null`;
      const r = (v: number) => Math.round(Number(v));
      rows.push({
        phase: p.name,
        changes: p.sent,
        'control calls failed': p.failed,
        applied: Number(lag.samples),
        'sent in ms': p.sentMs,
        'all applied in ms': p.drainMs,
        'applied/s': Math.round((Number(lag.samples) * 1000) / p.drainMs),
        // Shopify's triggered-at → the shop stored it in its inbox (delivery + verification), then → applied.
        'received p50 ms': r(lag.received_p50),
        'received p95 ms': r(lag.received_p95),
        'all received in ms': r(lag.all_received_ms),
        'applied p50 ms': r(lag.applied_p50),
        'applied p95 ms': r(lag.applied_p95),
        'applied p99 ms': r(lag.applied_p99),
        'purged p50 ms': r(lag.purged_p50),
        'purged p95 ms': r(lag.purged_p95),
        'purged p99 ms': r(lag.purged_p99),
      });
    }
    const [{ n: unprocessed }] = await sql<{ n: number }[]>`select count(*)::int as n from webhook_inbox where provider = 'shopify' and processed_at is null`;
    console.log('\nInbound lag, Shopify triggered-at → applied → purged; shop + worker + Postgres + emulator on one 2-core host.');
    console.table(rows);
    console.log(`Shopify inbox rows still unprocessed at the end: ${unprocessed}`);
    console.log('Aims: inbound p50 ≤ 100 ms and p99 ≤ 1 s; the alert fires at p95 > 5 s.');
  } finally {
    await sql.end();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
