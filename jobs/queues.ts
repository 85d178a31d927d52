// Every queue, its policy and its retry behaviour, in one place. Workers live one per module in
// jobs/; senders import the queue name from here so a typo cannot create a queue nobody works.
import type { PgBoss } from 'pg-boss';

export const queues = {
  purgeExpiredAdminSessions: 'maintenance.purge-expired-admin-sessions',
} as const;

export type QueueName = (typeof queues)[keyof typeof queues];

export async function createQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue(queues.purgeExpiredAdminSessions, { policy: 'singleton', retryLimit: 3, retryDelay: 30 });
}
