// A worker killed with -9 holding a job: the job comes back for another worker in seconds (its
// heartbeat stops), not after pg-boss's default 15-minute expiry. Found by the fault suite
// (issue 11 §1): after a worker crash, confirmation emails and Shopify pushes sat `active`.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../db/testing/database';
import { createBoss } from './boss';
import { createLogger } from './logger';
import { createQueues, HEARTBEAT_SECONDS, queues } from './queues';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('liveness');
});
afterAll(async () => {
  await t?.drop();
});

describe('jobs of a dead worker', () => {
  it('are retried about HEARTBEAT_SECONDS after the worker stops sending heartbeats', async () => {
    const supervisor = createBoss(t.url, createLogger('silent'), { supervise: true, max: 2 });
    await supervisor.start();
    await createQueues(supervisor);
    const [queue] = await t.primary.execute<{ heartbeat_seconds: number | null }>(sql`select heartbeat_seconds from pgboss.queue where name = ${queues.sendOrderConfirmation}`);
    expect(queue.heartbeat_seconds).toBe(HEARTBEAT_SECONDS);
    const id = await supervisor.send(queues.sendOrderConfirmation, { orderId: 'liveness-1' });
    // A worker takes the job and dies: fetched (active), never completed, no heartbeat ever sent.
    const dying = createBoss(t.url, createLogger('silent'), { max: 1 });
    await dying.start();
    const [job] = await dying.fetch(queues.sendOrderConfirmation);
    expect(job.id).toBe(id);
    await dying.stop({ graceful: false, close: true });
    const state = async () => (await t.primary.execute<{ state: string; retry_count: number }>(sql`select state, retry_count from pgboss.job where id = ${id}::uuid`))[0];
    expect((await state()).state).toBe('active');
    const deadline = Date.now() + 60_000;
    while ((await state()).state === 'active' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect((await state()).state).toBe('retry');
    await supervisor.stop({ graceful: false, close: true });
  }, 90_000);
});
