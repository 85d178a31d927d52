// The audit log: one append-only table for every admin action (sign-in and sign-out included) and,
// later, every payment state change. Everything that records "who did what, when, before/after"
// calls `writeAudit`; nothing else inserts into audit_log.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { auditLog } from '../../../db/schema';

/** A database handle or an open transaction: pass the transaction so the audit row commits with the change. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

export type AuditActorType = 'admin' | 'system' | 'shopper' | 'webhook';

export type AuditEntry = {
  actorType: AuditActorType;
  actorId?: string | number | null;
  actorLabel?: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  ip?: string | null;
};

/** Who is acting, as most callers know it: the signed-in admin plus the request's id and address. */
export type AuditActor = Pick<AuditEntry, 'actorType' | 'actorId' | 'actorLabel' | 'requestId' | 'ip'>;

/** The actor fields for something a signed-in admin did in this request. */
export function adminActor(admin: { user: { id: number; email: string } }, request: { requestId: string; clientIp: string }): AuditActor {
  return { actorType: 'admin', actorId: admin.user.id, actorLabel: admin.user.email, requestId: request.requestId, ip: request.clientIp };
}

// A secret must never reach the audit log, whatever a caller passes in before/after.
const SECRET_KEY = /^(pass(word|wd)?(_?hash)?|.*secret|csrf(_?token)?|session_?id|token)$/i;

function redactSecrets(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redactSecrets(v, depth + 1)]),
  );
}

/** The audit row's column values, secrets redacted: what writeAudit and auditInsertFrom write. */
function auditValues(entry: AuditEntry) {
  return {
    actorType: entry.actorType,
    actorId: entry.actorId == null ? null : String(entry.actorId),
    actorLabel: entry.actorLabel?.slice(0, 320) ?? null,
    action: entry.action,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    before: entry.before === undefined ? null : redactSecrets(entry.before),
    after: entry.after === undefined ? null : redactSecrets(entry.after),
    requestId: entry.requestId ?? null,
    ip: entry.ip ?? null,
  };
}

export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<{ id: number }> {
  const [row] = await db.insert(auditLog).values(auditValues(entry)).returning({ id: auditLog.id });
  return row;
}

/**
 * The same audit row as the body of a data-modifying CTE, `insert … select … from <source>`:
 * written once per row of `source` (a CTE the caller names), none when it is empty — so a
 * statement can change something and audit it in one round trip (changeOrderStatus).
 */
export function auditInsertFrom(source: SQL, entry: AuditEntry): SQL {
  const v = auditValues(entry);
  const json = (x: unknown) => (x === null ? sql`null::jsonb` : sql`${JSON.stringify(x)}::jsonb`);
  return sql`insert into audit_log (actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, request_id, ip)
    select ${v.actorType}::text, ${v.actorId}::text, ${v.actorLabel}::text, ${v.action}::text, ${v.entityType}::text, ${v.entityId}::text,
           ${json(v.before)}, ${json(v.after)}, ${v.requestId}::text, ${v.ip}::text
    from ${source}`;
}

export type AuditRow = typeof auditLog.$inferSelect;

export type AuditPage = { rows: AuditRow[]; page: number; pageSize: number; hasNext: boolean };

/**
 * Newest first, optionally one action. Pages by offset but fetches one extra row instead of
 * counting, so a large log costs no full count per page view.
 */
export async function listAudit(db: Db, opts: { page?: number; pageSize?: number; action?: string | null; entityType?: string; entityId?: string } = {}): Promise<AuditPage> {
  const pageSize = Math.min(Math.max(opts.pageSize ?? 50, 1), 200);
  const page = Math.max(Math.floor(opts.page ?? 1), 1);
  const where: SQL[] = [];
  if (opts.action) where.push(eq(auditLog.action, opts.action));
  if (opts.entityType) where.push(eq(auditLog.entityType, opts.entityType));
  if (opts.entityId) where.push(eq(auditLog.entityId, opts.entityId));
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  return { rows: rows.slice(0, pageSize), page, pageSize, hasNext: rows.length > pageSize };
}

/** The actions that occur in the log, for the filter menu. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.execute<{ action: string }>(sql`select distinct action from audit_log order by action limit 200`);
  return rows.map((r) => r.action);
}

