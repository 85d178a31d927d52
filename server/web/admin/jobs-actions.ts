// /admin/jobs' actions: Retry or Discard a failed job (owner only, session + CSRF; a refusal is
// audit-logged too).
import { adminActor, can, requestFailedJobAction, writeAudit } from '../../modules/admin';
import type { AppContext } from '../../platform/context';
import { requireAdminAction } from './session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type JobsPageResult = { ok: true; message: string } | { ok: false; status: 400 | 403 | 409; message: string };

export async function jobsPageAction(request: Request, context: Pick<AppContext, 'db' | 'config' | 'outbox' | 'requestId' | 'clientIp'>): Promise<JobsPageResult> {
  const { admin, form } = await requireAdminAction(request, context);
  const actor = adminActor(admin, context);
  const intent = String(form.get('intent') ?? '');
  if (intent !== 'retry' && intent !== 'discard') return { ok: false, status: 400, message: 'Unknown action.' };
  if (!can(admin.user.role, 'jobs.manage')) {
    await writeAudit(context.db.primary, { ...actor, action: `jobs.${intent}_denied`, entityType: 'job', after: { role: admin.user.role } });
    return { ok: false, status: 403, message: 'You do not have permission to do this.' };
  }
  const jobId = String(form.get('jobId') ?? '');
  if (!UUID.test(jobId)) return { ok: false, status: 400, message: 'Choose a failed job.' };
  const res = await requestFailedJobAction({ db: context.db.primary, outbox: context.outbox }, jobId, intent, actor);
  if (!res.ok) return { ok: false, status: 409, message: res.message };
  return { ok: true, message: intent === 'retry' ? `Retry queued: the ${res.queue} job runs again within a few seconds.` : `Discarded: the ${res.queue} job will not run again.` };
}
