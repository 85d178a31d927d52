// Page objects for the admin: sign-in, the signed-in frame, the dashboard and the users page, plus
// `signInAs`, which puts a real session cookie for a fresh admin into the browser (no clicking).
import type { BrowserContext, Locator, Page } from '@playwright/test';
import type { Databases } from '../../db/client';
import { loadConfig } from '../../server/platform/config';
import { createAdminSessionCookie } from '../../server/web/admin/session';
import { createAdminUser, type AdminRole } from '../../server/modules/admin';

export type TestAdmin = { id: number; email: string; name: string; role: AdminRole; password: string };

/** A new admin straight in the database, with a unique email. */
export async function createTestAdmin(db: Databases, role: AdminRole, password = 'e2e-admin-password'): Promise<TestAdmin> {
  const email = `e2e-${role}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@dotshop.test`;
  const user = await createAdminUser(db.primary, { email, name: `E2E ${role}`, role, password });
  return { id: user.id, email: user.email, name: user.name, role: user.role, password };
}

/** Signs a browser context in as a new admin of `role` by creating the session row and its cookie. */
export async function signInAs(context: BrowserContext, db: Databases, role: AdminRole, baseURL: string): Promise<TestAdmin> {
  const admin = await createTestAdmin(db, role);
  // The server signs cookies with SESSION_SECRET from the same environment (.env or the default).
  const cookie = await createAdminSessionCookie(db.primary, { userId: admin.id, config: loadConfig() });
  await context.addCookies([{ name: cookie.name, value: cookie.value, url: baseURL, httpOnly: true, sameSite: 'Lax' }]);
  return admin;
}

export class AdminLoginPage {
  readonly heading: Locator;
  readonly email: Locator;
  readonly password: Locator;
  readonly submit: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Sign in' });
    this.email = page.getByLabel('Email');
    this.password = page.getByLabel('Password');
    this.submit = page.getByRole('button', { name: 'Sign in' });
    this.error = page.getByTestId('login-error');
  }

  async goto(redirectTo?: string) {
    await this.page.goto(redirectTo ? `/admin/login?redirectTo=${encodeURIComponent(redirectTo)}` : '/admin/login');
  }

  /** Submits the form and resolves with the sign-in POST's HTTP status. */
  async signIn(email: string, password: string): Promise<number> {
    await this.email.fill(email);
    await this.password.fill(password);
    const [response] = await Promise.all([
      this.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/admin/login')),
      this.submit.click(),
    ]);
    return response.status();
  }
}

/** The signed-in frame every admin page shares. */
export class AdminShellPage {
  readonly nav: Locator;
  readonly role: Locator;
  readonly signOut: Locator;

  constructor(readonly page: Page) {
    this.nav = page.getByRole('navigation', { name: 'Admin' });
    this.role = page.getByTestId('admin-role');
    this.signOut = page.getByRole('button', { name: 'Sign out' });
  }

  async open(section: string) {
    await this.nav.getByRole('link', { name: section, exact: true }).click();
  }
}

export class AdminDashboardPage extends AdminShellPage {
  readonly heading: Locator;

  constructor(page: Page) {
    super(page);
    this.heading = page.getByRole('heading', { level: 1, name: 'Dashboard' });
  }

  /** The number shown on a stat card (products, variants, low-stock, sold-out). */
  async stat(key: 'products' | 'variants' | 'low-stock' | 'sold-out'): Promise<number> {
    const text = await this.page.getByTestId(`stat-${key}-value`).innerText();
    return Number(text.replace(/[^\d]/g, ''));
  }
}

export class AdminUsersPage extends AdminShellPage {
  readonly form: Locator;

  constructor(page: Page) {
    super(page);
    this.form = page.getByTestId('create-user-form');
  }

  async goto() {
    await this.page.goto('/admin/users');
  }

  field(label: 'Email' | 'Name' | 'Password' | 'Role'): Locator {
    return this.form.getByLabel(label, { exact: true });
  }

  /** The validation message rendered under a field (linked to it by aria-describedby). */
  fieldError(name: 'email' | 'name' | 'password' | 'role'): Locator {
    return this.form.getByTestId(`field-${name}-error`);
  }

  /** Fills and submits the form; resolves with the POST's HTTP status. */
  async createUser(input: { email: string; name: string; role?: AdminRole; password: string }): Promise<number> {
    await this.field('Email').fill(input.email);
    await this.field('Name').fill(input.name);
    if (input.role) await this.field('Role').selectOption(input.role);
    await this.field('Password').fill(input.password);
    const [response] = await Promise.all([
      this.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/admin/users')),
      this.form.getByRole('button', { name: 'Create user' }).click(),
    ]);
    return response.status();
  }
}
