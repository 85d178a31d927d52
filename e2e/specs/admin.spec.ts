// The protected admin in a real browser: the sign-in wall, the generic refusal, a working sign-in
// with real dashboard counts, role rules (403 page) and server-side field errors on the users form.
import { eq, sql } from 'drizzle-orm';
import { adminUsers } from '../../db/schema';
import { expect, test } from '../fixtures';
import { AdminDashboardPage, AdminLoginPage, AdminUsersPage, createTestAdmin, signInAs } from '../pages/admin';

test.describe('admin', () => {
  test('/admin sends a signed-out visitor to sign-in, and back to the page asked for afterwards', async ({ page, db }) => {
    const response = await page.goto('/admin/products?q=silk');
    expect(response?.headers()['cache-control']).toBe('no-store');
    await expect(page).toHaveURL(/\/admin\/login\?redirectTo=%2Fadmin%2Fproducts%3Fq%3Dsilk$/);
    const login = new AdminLoginPage(page);
    await expect(login.heading).toBeVisible();

    const admin = await createTestAdmin(db, 'support');
    expect(await login.signIn(admin.email, admin.password)).toBeLessThan(400);
    await expect(page).toHaveURL(/\/admin\/products\?q=silk$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
  });

  test('a wrong password is refused with the generic message (and so is an unknown email)', async ({ page, db }) => {
    const admin = await createTestAdmin(db, 'owner');
    const login = new AdminLoginPage(page);
    await login.goto();
    expect(await login.signIn(admin.email, 'definitely not it')).toBe(401);
    await expect(login.error).toContainText('Email or password is incorrect.');
    await expect(page).toHaveURL(/\/admin\/login/);

    expect(await login.signIn('nobody-here@dotshop.test', 'definitely not it')).toBe(401);
    await expect(login.error).toContainText('Email or password is incorrect.');
  });

  test('sign-in works, the dashboard shows the database counts, and sign-out ends the session', async ({ page, db }) => {
    const admin = await createTestAdmin(db, 'owner');
    const login = new AdminLoginPage(page);
    await login.goto();
    await login.signIn(admin.email, admin.password);
    await expect(page).toHaveURL(/\/admin$/);

    const dashboard = new AdminDashboardPage(page);
    await expect(dashboard.heading).toBeVisible();
    await expect(dashboard.role).toHaveText('Owner');
    const [expected] = await db.primary.execute<{ products: number; variants: number; low: number; out: number }>(sql`
      select (select count(*)::int from products) as products,
             count(v.id)::int as variants,
             (count(v.id) filter (where coalesce(i.sellable, 0) between 1 and 5))::int as low,
             (count(v.id) filter (where coalesce(i.sellable, 0) <= 0))::int as out
      from variants v left join inventory i on i.variant_id = v.id`);
    expect(expected.products).toBeGreaterThan(0); // the seeded catalog
    expect(await dashboard.stat('products')).toBe(expected.products);
    expect(await dashboard.stat('variants')).toBe(expected.variants);
    expect(await dashboard.stat('low-stock')).toBe(expected.low);
    expect(await dashboard.stat('sold-out')).toBe(expected.out);

    // Client-side navigation away and back (the dashboard's data URL is /admin.data).
    await dashboard.open('Products');
    await expect(page.getByRole('heading', { level: 1, name: 'Products' })).toBeVisible();
    await dashboard.open('Dashboard');
    await expect(dashboard.heading).toBeVisible();

    await dashboard.signOut.click();
    await expect(page).toHaveURL(/\/admin\/login$/);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/admin\/login$/);
  });

  test('a support user cannot open the audit log: a 403 page with a way back', async ({ page, context, db, baseURL }) => {
    await signInAs(context, db, 'support', baseURL!);
    const response = await page.goto('/admin/audit');
    expect(response?.status()).toBe(403);
    expect(response?.headers()['cache-control']).toBe('no-store');
    await expect(page.getByTestId('admin-forbidden')).toContainText('You don’t have permission to open this page');
    const dashboard = new AdminDashboardPage(page);
    await expect(dashboard.nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await expect(dashboard.heading).toBeVisible();
  });

  test('creating a user with an invalid email shows the error next to the field (400) and creates nobody', async ({ page, context, db, baseURL }) => {
    await signInAs(context, db, 'owner', baseURL!);
    const users = new AdminUsersPage(page);
    await users.goto();
    const email = 'not-an-email';
    expect(await users.createUser({ email, name: 'Nobody', role: 'finance', password: 'long enough password' })).toBe(400);
    await expect(users.fieldError('email')).toHaveText('Enter a valid email address.');
    await expect(users.field('Email')).toHaveAttribute('aria-describedby', 'field-email-error');
    await expect(users.field('Email')).toHaveValue(email);
    await expect(users.fieldError('password')).toHaveCount(0);
    expect(await db.primary.select().from(adminUsers).where(eq(adminUsers.email, email))).toHaveLength(0);

    // And a valid one is created and listed.
    const good = `e2e-new-${Date.now().toString(36)}@dotshop.test`;
    expect(await users.createUser({ email: good, name: 'New Finance', role: 'finance', password: 'long enough password' })).toBeLessThan(400);
    await expect(page.getByTestId('user-created')).toContainText(good);
    await expect(page.getByTestId('users-table')).toContainText(good);
  });
});
