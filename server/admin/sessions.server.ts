// Admin sessions: a random id in an httpOnly cookie, the row in Postgres (with its CSRF token).
import { lt } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { adminSessions } from '../../db/schema';

export async function purgeExpiredAdminSessions(db: Db): Promise<number> {
  const rows = await db.delete(adminSessions).where(lt(adminSessions.expiresAt, new Date())).returning({ id: adminSessions.id });
  return rows.length;
}
