// The local mailbox: emails the outbox "sent" while no email provider is configured (local mode).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { adminNotFound, guardAdmin, requireAdmin } from '~/services/web.server';
import { listMailbox } from '~/services/orders.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';

export const meta: MetaFunction = () => [{ title: 'Mailbox · DotShop Admin' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context);
    if (!context.config.isLocal) adminNotFound(context.requestId);
    const mails = await listMailbox(context.db.primary, 50);
    return { mails: mails.map((m) => ({ id: m.id, to: m.to, subject: m.subject, text: m.text, sentAt: m.sentAt.toISOString() })) };
  });
}

export default function AdminMailbox() {
  const { mails } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Mailbox" description="Local mode only: the emails DotShop would have sent, newest first." />
      {mails.length === 0 ? (
        <p className="adm-empty">No emails yet. Place an order to see its confirmation here.</p>
      ) : (
        mails.map((m) => (
          <article key={m.id} className="adm-panel" data-testid="mail">
            <div className="adm-panel__head">
              <h2>{m.subject}</h2>
              <span>
                to {m.to} · {new Date(m.sentAt).toUTCString()}
              </span>
            </div>
            <pre style={{ whiteSpace: 'pre-wrap', margin: 0, padding: '1rem', font: 'inherit' }}>{m.text}</pre>
          </article>
        ))
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <AdminErrorPage />;
}
