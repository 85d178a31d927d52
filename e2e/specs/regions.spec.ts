// Issue 12 in a real browser, on `npm run start:regions`' own stack (started here, on its own
// ports): a shopper in eu-west — whose replica is held behind on purpose (pg_wal_replay_pause) —
// adds to the bag, pays, and sees the bag and then the order at once: eu-west forwards each write to
// us-east's web tier (ADR 024) and the commit's WAL position sends the next page to the primary.
// Then an admin in eu-west sees the region and its replica's lag on the dashboard.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import postgres from 'postgres';
import { expect, test } from '@playwright/test';
import { CartPage } from '../pages/cart';
import { berlinAddress, cards, CheckoutPage, newShopperEmail } from '../pages/checkout';
import { OrderPage } from '../pages/order';

const US = 3183;
const EU = 3184;
const PG = 54361;
const DB = 'dotshop_e2e_regions';
const root = path.resolve(import.meta.dirname, '../..');

let stack: ChildProcess;
let output = '';
let standby: postgres.Sql;
let primary: postgres.Sql;

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: `http://localhost:${EU}` });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PORT: String(US), STRIPE_EMULATOR_PORT: '12186', SHOPIFY_EMULATOR_PORT: '12187', EMBEDDED_PG_PORT: String(PG), EMBEDDED_PG_DIR: '.data/postgres-e2e-regions', LOCAL_DB_NAME: DB, LOCAL_DB_RESET: '1', STRIPE_EMULATOR_STATE_FILE: '.data/stripe-e2e-regions.json', WAN_RTT_MS: '40', LOG_LEVEL: 'warn', EMULATOR_LOG: 'errors', NODE_ENV: 'production' };
  for (const k of Object.keys(env)) if (/^(E2E_|DATABASE_URL$|DATABASE_REPLICA_URL$)/.test(k)) delete env[k];
  stack = spawn(process.execPath, ['--import', 'tsx', 'server/bin/regions-stack.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  stack.stdout?.on('data', (c) => (output += c));
  stack.stderr?.on('data', (c) => (output += c));
  for (const end = Date.now() + 200_000; !output.includes('running in two regions'); await new Promise((r) => setTimeout(r, 250))) {
    if (Date.now() > end || stack.exitCode !== null) throw new Error(`start:regions did not come up:\n${output.slice(-3000)}`);
  }
  standby = postgres(`postgres://postgres:dotshop-local@127.0.0.1:${PG + 1}/${DB}`, { max: 1, onnotice: () => {} });
  primary = postgres(`postgres://postgres:dotshop-local@127.0.0.1:${PG}/${DB}`, { max: 1, onnotice: () => {} });
});

test.afterAll(async () => {
  await standby?.end({ timeout: 1 }).catch(() => {});
  await primary?.end({ timeout: 1 }).catch(() => {});
  if (stack && stack.exitCode === null) {
    const exited = new Promise((r) => stack.once('exit', r));
    stack.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
    if (stack.exitCode === null) process.kill(-stack.pid!, 'SIGKILL');
  }
});

test('eu-west, replica paused: the bag and the order show at once after each write', async ({ page }) => {
  test.setTimeout(120_000);
  // A SKU the EU market sells, with stock, straight from the primary.
  const [item] = await primary<{ handle: string; sku: string }[]>`
    select p.handle, v.sku from variants v join products p on p.id = v.product_id join inventory i on i.variant_id = v.id
    join variant_prices vp on vp.variant_id = v.id and vp.currency = 'EUR'
    where i.available - i.reserved >= 5 order by v.id limit 1`;
  await standby`select pg_wal_replay_pause()`;
  try {
    const ordersBefore = Number((await standby`select count(*)::int as n from orders`)[0].n);

    const bag = new CartPage(page);
    await bag.addFromProductPage(item.handle, item.sku, 1, 'eu');
    expect((await bag.lines()).map((l) => [l.sku, l.quantity])).toEqual([[item.sku, 1]]);

    await bag.checkout();
    const checkout = new CheckoutPage(page);
    await checkout.fillContact(newShopperEmail('regions'));
    await checkout.fillEuAddress(berlinAddress);
    await checkout.chooseDelivery('Standard');
    await checkout.payWith(cards.visa);
    await checkout.placeOrder();
    const confirmation = new OrderPage(page);
    const number = await confirmation.waitForOrder();
    expect(number).toMatch(/^DS-\d+$/);
    await expect(confirmation.confirmation).toBeVisible();

    // The replica really was behind the whole time: it has not seen this order.
    expect(Number((await standby`select count(*)::int as n from orders`)[0].n)).toBe(ordersBefore);
    expect((await primary`select status from orders where number = ${number}`)[0]).toMatchObject({ status: 'authorized' });
  } finally {
    await standby`select pg_wal_replay_resume()`;
  }
});

test("the admin dashboard in eu-west shows the region and its replica's lag", async ({ page }) => {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill('owner@dotshop.local');
  await page.getByLabel('Password').fill('dotshop-local-owner');
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/admin\/?$/);
  await expect(page.getByText(/Region\s*eu-west/)).toBeVisible();
  await expect(page.getByTestId('replica-lag')).toHaveText(/^\d+\.\d{2} s$/);
});
