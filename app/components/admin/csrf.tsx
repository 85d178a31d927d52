// The CSRF token every signed-in admin form posts back. The token comes from the admin layout's
// loader (the session row), so any form under /admin can render it without loading anything.
import { Form, useRouteLoaderData, type FormProps } from '@remix-run/react';

/** Mirrors server/admin/csrf.server.ts; the browser bundle must not import server modules. */
export const CSRF_FIELD_NAME = 'csrf';
export const ADMIN_LAYOUT_ROUTE_ID = 'routes/admin';

export type AdminLayoutData = {
  user: { id: number; email: string; name: string; role: 'owner' | 'support' | 'finance' };
  csrfToken: string;
  /** Local mode shows local-only tools (the mailbox). */
  localMode: boolean;
};

export function useAdminLayoutData(): AdminLayoutData {
  const data = useRouteLoaderData<AdminLayoutData>(ADMIN_LAYOUT_ROUTE_ID);
  if (!data) throw new Error('useAdminLayoutData must be used inside the /admin layout');
  return data;
}

export function CsrfInput() {
  const { csrfToken } = useAdminLayoutData();
  return <input type="hidden" name={CSRF_FIELD_NAME} value={csrfToken} />;
}

/** A Remix <Form> that always carries the session's CSRF token. Use it for every admin POST. */
export function AdminForm({ children, method = 'post', ...props }: FormProps) {
  return (
    <Form method={method} {...props}>
      {method.toLowerCase() !== 'get' ? <CsrfInput /> : null}
      {children}
    </Form>
  );
}
