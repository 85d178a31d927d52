// workEach on real pg-boss: a queue is worked a batch at a time with bounded parallelism (not
// pg-boss's default one job per poll), and each job settles on its own, so one failure retries
// that job alone.
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing/database';
import { createLogger } from '../server/platform/logger';
import { createBoss } from '../server/platform/boss';
import { mapLimit, workEach } from './work';

let t: TestDatabase;
let boss: PgBoss;
beforeAll(async () => {
  t = await createTestDatabase('work_each');
  boss = createBoss(t.url, createLogger('silent'), { max: 4 });
  await boss.start();
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await t?.drop();
});

async function until(check: () => Promise<boolean>, ms = 20_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and returns results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, n * 3));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
    expect(await mapLimit([], 4, async () => 1)).toEqual([]);
  });
});

describe('workEach', () => {
  it('runs a backlog `concurrency` jobs at a time and fails only the job that threw', async () => {
    const queue = 'test.work-each';
    await boss.createQueue(queue, { retryLimit: 1, retryDelay: 60 });
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => boss.send(queue, { n: i })));
    expect(ids.every(Boolean)).toBe(true);

    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const errors: number[] = [];
    await workEach<{ n: number }>(
      boss,
      queue,
      { batchSize: 12, concurrency: 4, pollingIntervalSeconds: 0.5 },
      async (job) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 50));
        inFlight--;
        seen.push(job.data.n);
        if (job.data.n === 7) throw new Error('boom on 7');
      },
      (_err, job) => errors.push(job.data.n),
    );

    const states = async () =>
      t.primary.execute<{ n: number; state: string }>(sql`select (data->>'n')::int as n, state::text from pgboss.job where name = ${queue} order by 1`);
    await until(async () => (await states()).filter((s) => s.state === 'completed').length === 11 && (await states()).some((s) => s.state === 'retry'));
    await boss.offWork(queue);

    const final = await states();
    expect(final.filter((s) => s.state === 'completed').map((s) => s.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11]);
    expect(final.find((s) => s.n === 7)?.state).toBe('retry');
    expect(errors).toEqual([7]);
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    // One job per poll (pg-boss's default) would never have two in flight.
    expect(most).toBe(4);
  });
});

describe('a notify queue', () => {
  it('wakes its worker at the sender’s commit, long before the next poll', async () => {
    const listening = createBoss(t.url, createLogger('silent'), { max: 3, listen: true });
    await listening.start();
    try {
      const queue = 'test.work-each-notify';
      await listening.createQueue(queue, { notify: true });
      const done: number[] = [];
      let fetches = 0;
      // Polls only every 60 s: anything handled sooner was woken by NOTIFY.
      await workEach<{ n: number }>(listening, queue, { batchSize: 5, pollingIntervalSeconds: 60, notifyPollingIntervalSeconds: 60 }, async (job) => {
        done.push(job.data.n);
      });
      // Let the worker's first (empty) fetch and the listener settle.
      await until(async () => ++fetches > 10);
      await t.primary.transaction(async (tx) => {
        const { fromDrizzle } = await import('pg-boss');
        await listening.send(queue, { n: 1 }, { db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql) });
      });
      // Polling alone would not fetch again for 60 s; `until` gives up after 20.
      await until(async () => done.length === 1, 20_000);
      expect(done).toEqual([1]);
    } finally {
      await listening.offWork('test.work-each-notify');
      await listening.stop({ graceful: false, close: true });
    }
  });
});
