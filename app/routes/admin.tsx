// The signed-in admin's frame: every page under /admin (except sign-in) renders inside it. Its
// loader is the first guard (each page's loader still checks its own roles: loaders run in
// parallel and a data request can ask for one route alone).
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { guardAdmin, requireAdmin } from '~/services/web.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { AdminShell } from '~/components/admin/AdminShell';
import type { AdminLayoutData } from '~/components/admin/csrf';
import adminStyles from '~/styles/admin.css';

export const handle = { storefrontChrome: false };

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }];

export const meta: MetaFunction = () => [{ title: 'DotShop Admin' }, { name: 'robots', content: 'noindex, nofollow' }];

/** Admin pages are personal and change by the second: never stored by a browser or a CDN. */
export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

export async function loader({ request, context }: LoaderFunctionArgs): Promise<AdminLayoutData> {
  return guardAdmin(context, async () => {
    const admin = await requireAdmin(request, context);
    return { user: admin.user, csrfToken: admin.csrfToken, localMode: context.config.isLocal };
  });
}

export default function AdminLayout() {
  const { user, localMode } = useLoaderData<typeof loader>();
  return (
    <AdminShell user={user} localMode={localMode}>
      <Outlet />
    </AdminShell>
  );
}

/** Only reached when the layout's own loader failed: no shell (no user to show), just the message. */
export function ErrorBoundary() {
  return (
    <div className="adm-shell adm-shell--bare">
      <main className="adm-main">
        <AdminErrorPage />
      </main>
    </div>
  );
}
