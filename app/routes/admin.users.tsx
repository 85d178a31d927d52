// Admin users and the form that creates one. Owners only; the action is CSRF-checked, validated
// (400 with field errors) and audited (server/admin/create-user-form.server.ts).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { createAdminUserWithForm, guardAdmin, requireAdmin, NO_STORE } from '~/services/web.server';
import { listAdminUsers, MIN_PASSWORD_LENGTH } from '~/services/admin.server';
import { rolesFor, ADMIN_ROLES } from '../../server/modules/admin/permissions';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader, ROLE_LABELS } from '~/components/admin/AdminShell';
import { AdminForm } from '~/components/admin/csrf';
import { SelectField, TextField } from '~/components/admin/Field';
import { formatUtc } from '~/components/admin/format';

export const meta: MetaFunction = () => [{ title: 'Users · DotShop Admin' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context, { roles: rolesFor('users.manage') });
    // The primary, not the replica: the list must show a user created a moment ago.
    const users = await listAdminUsers(context.db.primary);
    const createdId = Number(new URL(request.url).searchParams.get('created'));
    const now = Date.now();
    return {
      roles: ADMIN_ROLES,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      created: users.find((u) => u.id === createdId)?.email ?? null,
      users: users.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        lastLoginAt: formatUtc(u.lastLoginAt),
        createdAt: formatUtc(u.createdAt),
        lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > now ? formatUtc(u.lockedUntil) : null,
      })),
    };
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return guardAdmin(context, async () => {
    const result = await createAdminUserWithForm(request, context);
    if (result.ok) throw redirect(`/admin/users?created=${result.user.id}`, { headers: NO_STORE });
    return data({ fieldErrors: result.fieldErrors, values: result.values }, { status: result.status, headers: NO_STORE });
  });
}

export default function AdminUsers() {
  const { users, roles, minPasswordLength, created } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting' && navigation.formAction === '/admin/users';
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData?.values;
  return (
    <>
      <PageHeader title="Users" description="Who can sign in to the admin, and with which role." />
      {created && !actionData ? (
        <p className="adm-notice" role="status" data-testid="user-created">
          Created <strong>{created}</strong>. Share the password with them through a private channel.
        </p>
      ) : null}
      <div className="adm-split">
        <section className="adm-panel" aria-labelledby="users-heading">
          <div className="adm-panel__head">
            <h2 id="users-heading">Admin users</h2>
            <span className="adm-muted">{users.length}</span>
          </div>
          <div className="adm-table-wrap">
            <table className="adm-table" data-testid="users-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Last sign-in</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>
                      <span className={`adm-role adm-role--${u.role}`}>{ROLE_LABELS[u.role]}</span>
                    </td>
                    <td className="nowrap mono">{u.lastLoginAt}</td>
                    <td>{u.lockedUntil ? <span className="adm-badge adm-badge--alert">Locked until {u.lockedUntil}</span> : <span className="adm-muted">Active</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="adm-panel adm-panel--form" aria-labelledby="create-user-heading">
          <div className="adm-panel__head">
            <h2 id="create-user-heading">Add a user</h2>
          </div>
          <AdminForm method="post" className="adm-form" noValidate data-testid="create-user-form">
            <input type="hidden" name="intent" value="create-user" />
            <TextField label="Email" name="email" type="email" autoComplete="off" defaultValue={values?.email} errors={errors.email} key={`e-${values?.email ?? ''}`} />
            <TextField label="Name" name="name" autoComplete="off" defaultValue={values?.name} errors={errors.name} key={`n-${values?.name ?? ''}`} />
            <SelectField label="Role" name="role" defaultValue={values?.role || 'support'} errors={errors.role} key={`r-${values?.role ?? ''}`}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </SelectField>
            <TextField
              label="Password"
              name="password"
              type="password"
              autoComplete="new-password"
              errors={errors.password}
              hint={`At least ${minPasswordLength} characters.`}
            />
            <p className="adm-form__note">
              <strong>Owner</strong> sees everything, including users and the audit log. <strong>Support</strong> and <strong>Finance</strong> see the dashboard and
              products.
            </p>
            <button type="submit" className="adm-button" disabled={busy}>
              {busy ? 'Creating…' : 'Create user'}
            </button>
          </AdminForm>
        </section>
      </div>
    </>
  );
}

export const ErrorBoundary = AdminErrorPage;
