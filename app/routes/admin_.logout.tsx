// Sign-out: POST only, with the session's CSRF token. Deletes the session row, clears the cookie,
// audits it, and goes to the sign-in page. A GET just goes back to the admin.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { signOutWithForm, guardAdmin, NO_STORE } from '~/services/web.server';

export async function loader() {
  return redirect('/admin', { headers: NO_STORE });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return guardAdmin(context, async () => {
    const headers = await signOutWithForm(request, context);
    return redirect('/admin/login', { headers });
  });
}
