// The /admin/sync page's actions: retry a dead-lettered Shopify push (owner only; a refusal is
// audited) and the live stock-drift check against Shopify (any admin, read-only).
import { adminActor, can, writeAudit } from '../../modules/admin';
import { requestPushRetry, stockDrift, type StockDriftRow } from '../../modules/shopify-sync';
import type { ShopifyClient } from '../../integrations/shopify/client';
import type { AppContext } from '../../platform/context';
import { requireAdminAction } from './session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type SyncPageResult =
  | { ok: true; intent: 'retry'; message: string }
  | { ok: true; intent: 'drift'; message: string; drift: StockDriftRow[] }
  | { ok: false; status: 400 | 403 | 409 | 502; message: string };



/**
 * The /admin/sync actions (session + CSRF for both): `retry` a dead-lettered push (owner only; a
 * refusal is audit-logged) or run the live `drift` check (any admin; read-only on both sides).
 */
export async function syncPageAction(
  request: Request,
  context: Pick<AppContext, 'db' | 'config' | 'outbox' | 'requestId' | 'clientIp'> & Partial<Pick<AppContext, 'shopify'>>,
  opts: { shopify?: Pick<ShopifyClient, 'graphql'> } = {},
): Promise<SyncPageResult> {
  const { admin, form } = await requireAdminAction(request, context);
  const actor = adminActor(admin, context);
  const intent = String(form.get('intent') ?? '');
  if (intent === 'drift') {
    try {
      const drift = await stockDrift(context.db.primary, opts.shopify ?? context.shopify!, 50);
      const off = drift.filter((d) => d.difference !== null && d.difference !== 0).length;
      return { ok: true, intent: 'drift', drift, message: `Checked ${drift.length} SKUs against Shopify: ${off} differ.` };
    } catch (err) {
      return { ok: false, status: 502, message: `Shopify could not be asked: ${err instanceof Error ? err.message : String(err)}` };
    }
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
