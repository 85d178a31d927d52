// Admin sign-in. The only /admin page open to signed-out visitors. Malformed input → 400 with field
// errors; wrong credentials (or a locked or unknown account) → 401 with one generic message;
// success → a new session and the page that sent the visitor here.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { LOCKOUT_MINUTES } from '~/services/admin.server';
import { NO_STORE, signInWithForm, guardAdmin, getAdminSession, safeAdminRedirectPath } from '~/services/web.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { TextField } from '~/components/admin/Field';
import adminStyles from '~/styles/admin.css';

export const handle = { storefrontChrome: false };

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: adminStyles }];

export const meta: MetaFunction = () => [{ title: 'Sign in · DotShop Admin' }, { name: 'robots', content: 'noindex, nofollow' }];

export const headers: HeadersFunction = () => ({ 'Cache-Control': 'no-store' });

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    const redirectTo = safeAdminRedirectPath(new URL(request.url).searchParams.get('redirectTo'));
    if (await getAdminSession(request, context)) throw redirect(redirectTo, { headers: NO_STORE });
    return { redirectTo, lockoutMinutes: LOCKOUT_MINUTES };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return guardAdmin(context, async () => {
    const result = await signInWithForm(request, context);
    if (result.kind === 'signed-in') throw redirect(result.redirectTo, { headers: result.headers });
    if (result.kind === 'invalid') return data({ fieldErrors: result.fieldErrors, formError: null, email: result.email }, { status: 400, headers: NO_STORE });
    return data({ fieldErrors: {}, formError: result.formError, email: result.email }, { status: 401, headers: NO_STORE });
  });
}

export default function AdminLogin() {
  const { redirectTo, lockoutMinutes } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle' && navigation.formMethod?.toLowerCase() === 'post';
  const fieldErrors: { email?: string[]; password?: string[] } = actionData?.fieldErrors ?? {};
  return (
    <div className="adm-login">
      <main className="adm-login__card">
        <div className="adm-brand adm-brand--dark">
          <span className="adm-brand__dot" aria-hidden="true" />
          <span>
            DotShop <span className="adm-brand__sub">Admin</span>
          </span>
        </div>
        <h1>Sign in</h1>
        {actionData?.formError ? (
          <div className="adm-alert" role="alert" data-testid="login-error">
            <p>{actionData.formError}</p>
            <p className="adm-alert__hint">Repeated failures pause sign-in to an account for {lockoutMinutes} minutes.</p>
          </div>
        ) : null}
        <Form method="post" className="adm-form" noValidate replace>
          <input type="hidden" name="intent" value="sign-in" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextField
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            autoFocus
            required
            defaultValue={actionData?.email}
            errors={fieldErrors.email}
            key={actionData?.email ?? ''}
          />
          <TextField label="Password" name="password" type="password" autoComplete="current-password" required errors={fieldErrors.password} />
          <button type="submit" className="adm-button adm-button--block" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </Form>
        <p className="adm-login__foot">For DotShop staff. Every sign-in is recorded.</p>
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return (
    <div className="adm-login">
      <main className="adm-login__card">
        <AdminErrorPage />
      </main>
    </div>
  );
}
