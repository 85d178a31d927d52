// The /admin/reconciliation page's action: "Run now" for a chosen window (owner and finance; a
// refusal is audited).
import { adminActor, can, writeAudit } from '../../modules/admin';
import { DEFAULT_RUN_WINDOW_DAYS, requestReconciliationRun, RUN_WINDOW_DAYS } from '../../modules/payments';
import type { AppContext } from '../../platform/context';
import { requireAdminAction } from './session';

export type RunNowResult = { ok: true; message: string } | { ok: false; status: 400 | 403; message: string };

/** The admin page's action: session + CSRF, role (a refusal is audit-logged), the window, then the job. */
export async function runReconciliationWithForm(request: Request, context: Pick<AppContext, 'db' | 'config' | 'outbox' | 'requestId' | 'clientIp'>): Promise<RunNowResult> {
  const { admin, form } = await requireAdminAction(request, context);
  const actor = adminActor(admin, context);
  if (!can(admin.user.role, 'reconciliation.run')) {
    await writeAudit(context.db.primary, { ...actor, action: 'reconciliation.run_denied', entityType: 'reconciliation', after: { role: admin.user.role } });
    return { ok: false, status: 403, message: 'You do not have permission to do this.' };
  }
  const days = Number(form.get('days') ?? DEFAULT_RUN_WINDOW_DAYS);
  if (!(RUN_WINDOW_DAYS as readonly number[]).includes(days)) return { ok: false, status: 400, message: `Choose a window of ${RUN_WINDOW_DAYS.join(', ')} days.` };
  await requestReconciliationRun({ db: context.db.primary, outbox: context.outbox }, days, actor);
  return { ok: true, message: `Reconciliation of the last ${days} day${days === 1 ? '' : 's'} queued; it appears below when it finishes.` };
}
