// Issue 13 §7: /admin/jobs lists every queue and the failed (dead-lettered) jobs with their last
// error; the owner retries one and the worker runs it again; a support user sees no buttons.
import { sql } from 'drizzle-orm';
import { orderByNumber } from '../commerce-db';
import { expect, test } from '../fixtures';
import { signInAs } from '../pages/admin';
import { newShopperEmail } from '../pages/checkout';
import { Shopper } from '../pages/shopper';

test('the owner retries a dead-lettered job from /admin/jobs and the worker runs it', async ({ page, browser, stock, db, baseURL }) => {
  const item = await stock.claim(20);
  const number = await new Shopper(page, newShopperEmail('jobs')).buyInUs(item);
  const order = await orderByNumber(db, number);
  // A confirmation email whose job exhausted its retries (as after a mail outage).
  const [job] = await db.primary.execute<{ id: string }>(sql`
    insert into pgboss.job (name, data, state, retry_limit, retry_count, output, completed_on)
    values ('orders.send-confirmation-email', ${JSON.stringify({ orderId: order.id })}::jsonb, 'failed', 10, 10, '{"message": "SMTP 421: try again later"}'::jsonb, now())
    returning id::text`);

  const context = await browser.newContext();
  await signInAs(context, db, 'owner', baseURL!);
  const admin = await context.newPage();
  await admin.goto('/admin/jobs');
  await expect(admin.getByTestId('queues-table')).toContainText('orders.send-confirmation-email');
  const row = admin.locator(`[data-job-id="${job.id}"]`);
  await expect(row).toContainText('SMTP 421: try again later');
  await row.getByRole('button', { name: 'Retry' }).click();
  await expect(admin.getByTestId('jobs-result')).toContainText('Retry queued');
  await expect
    .poll(async () => (await db.primary.execute<{ state: string }>(sql`select state::text from pgboss.job where id = ${job.id}::uuid`))[0]?.state, { timeout: 20_000 })
    .toBe('completed');
  const [audit] = await db.primary.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'jobs.retry_requested' and after->>'jobId' = ${job.id}`);
  expect(audit.n).toBe(1);
  await admin.reload();
  await expect(admin.locator(`[data-job-id="${job.id}"]`)).toHaveCount(0);
  await context.close();
});

test('a support user sees the jobs but no Retry or Discard', async ({ browser, db, baseURL }) => {
  await db.primary.execute(sql`
    insert into pgboss.job (name, data, state, retry_count, output, completed_on)
    values ('payments.send-refund', '{"refundId": 0}'::jsonb, 'failed', 10, '{"message": "boom"}'::jsonb, now())`);
  const context = await browser.newContext();
  await signInAs(context, db, 'support', baseURL!);
  const page = await context.newPage();
  await page.goto('/admin/jobs');
  await expect(page.getByTestId('failed-jobs')).toContainText('payments.send-refund');
  await expect(page.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await context.close();
});
