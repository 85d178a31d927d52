// Any other /admin/… address: a 404 inside the admin (after the sign-in check, so the admin's
// map of pages is not shown to signed-out visitors).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { adminNotFound, requireAdmin } from '~/services/web.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';

export const meta: MetaFunction = () => [{ title: 'Not found · DotShop Admin' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(request, context);
  adminNotFound(context.requestId);
}

export default function AdminNotFound() {
  return null;
}

export const ErrorBoundary = AdminErrorPage;
