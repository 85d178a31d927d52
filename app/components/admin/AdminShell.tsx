// The admin's own full-width frame: a sidebar with the sections this role may open, the signed-in
// admin and a sign-out button, and the page. Nothing from the storefront chrome.
import { NavLink } from '@remix-run/react';
import type { ReactNode } from 'react';
import { rolesFor } from '../../../server/modules/admin/permissions';
import { AdminForm, type AdminLayoutData } from './csrf';

type Role = AdminLayoutData['user']['role'];

// Links are hidden from roles that may not open them; each page's loader enforces it regardless.
const SECTIONS: { to: string; label: string; end?: boolean; roles?: readonly Role[]; localOnly?: boolean }[] = [
  { to: '/admin', label: 'Dashboard', end: true },
  { to: '/admin/orders', label: 'Orders' },
  { to: '/admin/disputes', label: 'Disputes' },
  { to: '/admin/reconciliation', label: 'Reconciliation', roles: rolesFor('reconciliation.view') },
  { to: '/admin/products', label: 'Products' },
  { to: '/admin/sync', label: 'Shopify sync' },
  { to: '/admin/jobs', label: 'Jobs' },
  { to: '/admin/audit', label: 'Audit log', roles: rolesFor('audit.view') },
  { to: '/admin/traces', label: 'Traces', roles: rolesFor('traces.view') },
  { to: '/admin/users', label: 'Users', roles: rolesFor('users.manage') },
  { to: '/admin/mailbox', label: 'Mailbox (local)', localOnly: true },
];

export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', support: 'Support', finance: 'Finance' };

export function AdminShell({ user, localMode, children }: { user: AdminLayoutData['user']; localMode: boolean; children: ReactNode }) {
  return (
    <div className="adm-shell">
      <a className="adm-skip" href="#adm-main">
        Skip to content
      </a>
      <aside className="adm-sidebar">
        <div className="adm-brand">
          <span className="adm-brand__dot" aria-hidden="true" />
          <span>
            DotShop <span className="adm-brand__sub">Admin</span>
          </span>
        </div>
        <nav className="adm-nav" aria-label="Admin">
          <ul>
            {SECTIONS.filter((s) => (!s.roles || s.roles.includes(user.role)) && (!s.localOnly || localMode)).map((s) => (
              <li key={s.to}>
                <NavLink to={s.to} end={s.end} prefetch="intent" className={({ isActive }) => `adm-nav__link${isActive ? ' is-active' : ''}`}>
                  {s.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="adm-account" data-testid="admin-account">
          <div className="adm-account__who">
            <span className="adm-account__name">{user.name}</span>
            <span className="adm-account__email">{user.email}</span>
            <span className={`adm-role adm-role--${user.role}`} data-testid="admin-role">
              {ROLE_LABELS[user.role]}
            </span>
          </div>
          <AdminForm action="/admin/logout" className="adm-account__signout">
            <button type="submit" className="adm-button adm-button--ghost adm-button--small">
              Sign out
            </button>
          </AdminForm>
        </div>
      </aside>
      <main className="adm-main" id="adm-main">
        {children}
      </main>
    </div>
  );
}

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="adm-page-header">
      <div>
        <h1>{title}</h1>
        {description ? <p className="adm-page-header__desc">{description}</p> : null}
      </div>
      {actions ? <div className="adm-page-header__actions">{actions}</div> : null}
    </header>
  );
}
