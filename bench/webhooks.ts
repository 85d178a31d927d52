// Stripe webhook ingestion: 32 concurrent deliveries of distinct, correctly signed events to
// /webhooks/stripe on the real shop (production mode). Prints events/s and ack latency
// (signature check + inbox insert + job enqueue), then how many landed in the inbox exactly once.
// Usage: npm run bench:webhooks
import { createHmac } from 'node:crypto';
import autocannon from 'autocannon';
import postgres from 'postgres';
import { mb, startBenchStack, webRssBytes } from './stack';

const SECRET = process.env.STRIPE_WEBHOOK_SECRET ?? 'whsec_dotshop_local_emulator';
const DURATION = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

function signedDelivery(n: number) {
  const event = {
    id: `evt_bench_${process.pid}_${n}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    type: 'charge.updated', // recorded and acknowledged; an ignored type, so since finding 2 no job is queued (ingestion is what is measured)
    data: { object: { id: `ch_bench_${n}`, object: 'charge', amount: 1000, currency: 'usd' } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  };
  const body = JSON.stringify(event);
  const t = Math.floor(Date.now() / 1000);
  const sig = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
  return { body, headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${sig}` } };
}

async function main() {
  console.log('Starting the shop (production build, fresh database) …');
  const stack = await startBenchStack({ port: Number(process.env.BENCH_PORT ?? 3360) });
  try {
    let n = 0;
    const run = (duration: number, connections: number) =>
      new Promise<autocannon.Result>((resolve, reject) =>
        autocannon(
          {
            url: `${stack.baseUrl}/webhooks/stripe`,
            method: 'POST',
            connections,
            duration,
            requests: [
              {
                method: 'POST',
                setupRequest: (req) => {
                  const d = signedDelivery(++n);
                  return { ...req, body: d.body, headers: d.headers };
                },
              },
            ],
          },
          (err, res) => (err ? reject(err) : resolve(res)),
        ),
      );
    await run(3, 8); // warm-up
    const sql = postgres(stack.databaseUrl, { max: 1 });
    const [before] = await sql`select count(*)::int as n from webhook_inbox`;
    const rssBefore = await webRssBytes(stack.baseUrl);
    const sentBefore = n;
    const r = await run(DURATION, CONNECTIONS);
    const [after] = await sql`select count(*)::int as n from webhook_inbox`;
    const [dupes] = await sql`select count(*)::int as n from (select event_id from webhook_inbox group by event_id having count(*) > 1) d`;
    await sql.end();
    const l = r.latency as unknown as Record<string, number>;
    console.log(`\nStripe webhook ingestion, ${CONNECTIONS} concurrent deliveries, ${DURATION}s; web + Postgres + load generator on one 2-core host.`);
    console.table([
      {
        'events/s': Math.round(r.requests.average),
        p50_ms: l.p50,
        p95_ms: l.p95 ?? l.p97_5,
        p99_ms: l.p99,
        '2xx': r['2xx'],
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
        'delivered (this run)': n - sentBefore,
        'new inbox rows': after.n - before.n,
        'duplicate inbox rows': dupes.n,
      },
    ]);
    console.log(`web RSS: ${mb(rssBefore)} before, ${mb(await webRssBytes(stack.baseUrl))} after`);
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
