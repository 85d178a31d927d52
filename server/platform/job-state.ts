// The one module that reads pg-boss's own tables (the queue runtime's state) for the admin, the
// invariant checker and the workers: jobs of an order, failed jobs of some queues, backlogs and
// counts. Everything else asks here, so a pg-boss schema change is one file to follow.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';

type Reader = Db | Tx;
const list = (names: readonly string[]) => sql.join(names.map((n) => sql`${n}`), sql`, `);

export type OrderJob = { id: string; name: string; state: string; retryCount: number; createdOn: string; completedOn: string | null; startAfter: string };

/** Every job whose data names this order, oldest first. */
export async function jobsForOrder(db: Reader, orderId: string): Promise<OrderJob[]> {
  const rows = await db.execute<{ id: string; name: string; state: string; retry_count: number; created_on: Date; completed_on: Date | null; start_after: Date }>(sql`
    select id::text, name, state::text, retry_count, created_on, completed_on, start_after
    from pgboss.job where data->>'orderId' = ${orderId}
    order by created_on, name`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state,
    retryCount: Number(r.retry_count),
    createdOn: new Date(r.created_on).toISOString(),
    completedOn: r.completed_on ? new Date(r.completed_on).toISOString() : null,
    startAfter: new Date(r.start_after).toISOString(),
  }));
}

export type FailedJob = { id: string; name: string; orderId: string | null; singletonKey: string | null; retryCount: number; completedOn: Date | null; output: unknown };

/** Jobs of these queues that exhausted their retries, most recent first. */
export async function failedJobs(db: Reader, queues: readonly string[], limit: number): Promise<FailedJob[]> {
  const rows = await db.execute<{ id: string; name: string; order_id: string | null; singleton_key: string | null; retry_count: number; completed_on: Date | string | null; output: unknown }>(sql`
    select j.id, j.name, j.data->>'orderId' as order_id, j.singleton_key, j.retry_count, j.completed_on, j.output
    from pgboss.job j
    where j.name in (${list(queues)}) and j.state = 'failed'
    order by j.completed_on desc nulls last
    limit ${limit}`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    orderId: r.order_id,
    singletonKey: r.singleton_key,
    retryCount: Number(r.retry_count),
    completedOn: r.completed_on ? new Date(r.completed_on) : null,
    output: r.output,
  }));
}

/** A failed job of these queues, locked for the caller's transaction (null: retried already, or gone). */
export async function lockFailedJob(tx: Tx, jobId: string, queues: readonly string[]): Promise<{ name: string; orderId: string | null } | null> {
  const [job] = await tx.execute<{ name: string; order_id: string | null }>(
    sql`select name, data->>'orderId' as order_id from pgboss.job where id = ${jobId}::uuid and state = 'failed' and name in (${list(queues)}) for update`,
  );
  return job ? { name: job.name, orderId: job.order_id } : null;
}

/** Jobs of one queue in the given states. */
export async function countJobs(db: Reader, queue: string, states: readonly string[]): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${queue} and state::text in (${list(states)})`);
  return row?.n ?? 0;
}

export type Backlog = { queue: string; queued: number; active: number; failed: number };

/** Queued, active and failed jobs of every queue whose name starts with the prefix. */
export async function queueBacklogs(db: Reader, prefix: string): Promise<Backlog[]> {
  const rows = await db.execute<{ queue: string; queued: number; active: number; failed: number }>(sql`
    select q.name as queue,
      (select count(*) from pgboss.job j where j.name = q.name and j.state in ('created', 'retry'))::int as queued,
      (select count(*) from pgboss.job j where j.name = q.name and j.state = 'active')::int as active,
      (select count(*) from pgboss.job j where j.name = q.name and j.state = 'failed')::int as failed
    from pgboss.queue q where q.name like ${`${prefix}%`} order by q.name`);
  return rows.map((q) => ({ queue: q.queue, queued: Number(q.queued), active: Number(q.active), failed: Number(q.failed) }));
}

/** The copies pg-boss put in a dead-letter queue for one source job. */
export async function deadLetterCopies(db: Reader, deadLetterQueue: string, sourceJobId: string): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`select id from pgboss.job where name = ${deadLetterQueue} and source_id = ${sourceJobId}::uuid`);
  return rows.map((r) => r.id);
}

/** For the invariant checker: `queue:id` of every dead-lettered or failed job. */
export const deadLetteredJobRefs = sql`select name || ':' || id::text as ref from pgboss.job where name = 'dead-letter' or state = 'failed'`;

export type QueueStateCounts = { queue: string; created: number; retry: number; active: number; failed: number; completedLastHour: number };

/** Every queue with its jobs per state (created = queued, retry, active, failed = retries exhausted): /metrics and /admin. */
export async function queueStateCounts(db: Reader): Promise<QueueStateCounts[]> {
  const rows = await db.execute<QueueStateCounts>(sql`
    select q.name as queue,
      count(j.id) filter (where j.state = 'created')::int as created, count(j.id) filter (where j.state = 'retry')::int as retry,
      count(j.id) filter (where j.state = 'active')::int as active, count(j.id) filter (where j.state = 'failed')::int as failed,
      count(j.id) filter (where j.state = 'completed' and j.completed_on > now() - interval '1 hour')::int as "completedLastHour"
    from pgboss.queue q left join pgboss.job j on j.name = q.name group by q.name order by q.name`);
  return rows.map((r) => ({ queue: r.queue, created: Number(r.created), retry: Number(r.retry), active: Number(r.active), failed: Number(r.failed), completedLastHour: Number(r.completedLastHour) }));
}
