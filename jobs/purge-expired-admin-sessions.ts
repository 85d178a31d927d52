// Deletes admin sessions past their expiry, hourly. Safe to run twice: it deletes by time.
import type { PgBoss } from 'pg-boss';
import type { Databases } from '../db/client';
import { purgeExpiredAdminSessions } from '../server/admin/sessions.server';
import type { Logger } from '../server/logger';
import { queues } from './queues';

export async function registerPurgeExpiredAdminSessions(boss: PgBoss, db: Databases, logger: Logger) {
  await boss.schedule(queues.purgeExpiredAdminSessions, '17 * * * *');
  await boss.work(queues.purgeExpiredAdminSessions, async () => {
    const deleted = await purgeExpiredAdminSessions(db.primary);
    logger.info({ deleted }, 'purged expired admin sessions');
  });
}
