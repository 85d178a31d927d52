// The transactional outbox: a job is sent INSIDE the transaction whose state change causes it
// (pg-boss's Drizzle adapter), so it exists if and only if that transaction commits.
import { sql } from 'drizzle-orm';
import { fromDrizzle, type JobInsert, type PgBoss, type SendOptions } from 'pg-boss';
import type { Tx } from '../../db/client';
import type { QueueName } from './queues';

export type Outbox = {
  send: (tx: Tx, queue: QueueName, data: object, options?: Omit<SendOptions, 'db'>) => Promise<string | null>;
  /** Many jobs of one queue in ONE insert (pg-boss `insert`); a job whose `id` exists already is skipped. */
  sendMany: (tx: Tx, queue: QueueName, jobs: JobInsert[]) => Promise<void>;
};

const adapter = (tx: Tx) => fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql);

export function createOutbox(boss: PgBoss): Outbox {
  return {
    send: (tx, queue, data, options = {}) => boss.send(queue, data, { ...options, db: adapter(tx) }),
    sendMany: async (tx, queue, jobs) => {
      if (jobs.length) await boss.insert(queue, jobs, { db: adapter(tx) });
    },
  };
}
