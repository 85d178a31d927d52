// Deletes admin sessions past their expiry, hourly. Safe to run twice: it deletes by time.
import type { PgBoss } from 'pg-boss';
import type { Databases } from '../db/client';
import { purgeExpiredAdminSessions } from '../server/modules/admin';
import type { Logger } from '../server/platform/logger';
import { queues } from '../server/platform/queues';

export async function registerPurgeExpiredAdminSessions(boss: PgBoss, db: Databases, logger: Logger) {
  await boss.schedule(queues.purgeExpiredAdminSessions, '17 * * * *');
  await boss.work(queues.purgeExpiredAdminSessions, async () => {
    const deleted = await purgeExpiredAdminSessions(db.primary);
    logger.info({ deleted }, 'purged expired admin sessions');
  });
}
