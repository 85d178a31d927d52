// The /admin/sync page's actions: retry a dead-lettered Shopify push and run the inventory drift
// pass now (both owner only, session + CSRF, audit-logged; a refusal is audited too).
import { adminActor, can, writeAudit } from '../../modules/admin';
import { requestDriftPass, requestPushRetry } from '../../modules/shopify-sync';
import type { AppContext } from '../../platform/context';
import { requireAdminAction } from './session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SyncPageResult =
  | { ok: true; intent: 'retry'; message: string }
  | { ok: true; intent: 'drift-pass'; message: string }
  | { ok: false; status: 400 | 403 | 409; message: string };

/**
 * The /admin/sync actions (session + CSRF for both): `retry` a dead-lettered push or `drift-pass`:
 * queue an inventory drift pass over the whole catalog now (ADR 028). Owner only; a refusal is
 * audit-logged.
 */
export async function syncPageAction(request: Request, context: Pick<AppContext, 'db' | 'config' | 'outbox' | 'requestId' | 'clientIp'>): Promise<SyncPageResult> {
  const { admin, form } = await requireAdminAction(request, context);
  const actor = adminActor(admin, context);
  const intent = String(form.get('intent') ?? '');
  if (intent === 'drift-pass') {
    if (!can(admin.user.role, 'shopify.run_drift_pass')) {
      await writeAudit(context.db.primary, { ...actor, action: 'shopify.drift_pass_denied', entityType: 'inventory_drift', after: { role: admin.user.role } });
      return { ok: false, status: 403, message: 'You do not have permission to do this.' };
    }
    await requestDriftPass({ db: context.db.primary, outbox: context.outbox }, actor);
    return { ok: true, intent: 'drift-pass', message: 'Drift pass queued: it compares every SKU with Shopify and appears below when it finishes.' };
  }
  if (intent !== 'retry') return { ok: false, status: 400, message: 'Unknown action.' };
  if (!can(admin.user.role, 'shopify.retry_push')) {
    await writeAudit(context.db.primary, { ...actor, action: 'shopify.push_retry_denied', entityType: 'order', after: { role: admin.user.role } });
    return { ok: false, status: 403, message: 'You do not have permission to do this.' };
  }
  const jobId = String(form.get('jobId') ?? '');
  if (!UUID.test(jobId)) return { ok: false, status: 400, message: 'Choose a dead-lettered push to retry.' };
  const res = await requestPushRetry({ db: context.db.primary, outbox: context.outbox }, jobId, actor);
  return res.ok ? { ok: true, intent: 'retry', message: 'Retry queued: the push runs again within a few seconds.' } : { ok: false, status: 409, message: res.message };
}
