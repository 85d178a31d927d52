// Issue 13 §8: the Shopify sync page renders its lag chart without console errors (no NaN SVG
// attributes, no hydration errors, labels at text size), and on a long admin page the dark sidebar
// reaches the bottom of the window wherever the page is scrolled.
import zlib from 'node:zlib';
import { expect, test } from '../fixtures';
import { signInAs } from '../pages/admin';
import { newShopperEmail } from '../pages/checkout';
import { Shopper } from '../pages/shopper';

test('the Shopify sync page logs no console error and its chart has numbers and readable labels', async ({ page, browser, stock, db, baseURL }) => {
  // An order pushed to Shopify gives the chart an outbound sample.
  const item = await stock.claim(20);
  await new Shopper(page, newShopperEmail('sync-chart')).buyInUs(item);

  const context = await browser.newContext();
  await signInAs(context, db, 'owner', baseURL!);
  const admin = await context.newPage();
  const errors: string[] = [];
  admin.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  admin.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await admin.goto('/admin/sync');
  await admin.waitForLoadState('networkidle');
  const chart = admin.getByTestId('lag-chart');
  await expect(chart).toBeVisible();
  const svg = await chart.evaluate((el) => el.outerHTML);
  expect(svg).not.toContain('NaN');
  // Labels render at text size, whatever the column width.
  const fontPx = await chart.locator('text').first().evaluate((el) => el.getBoundingClientRect().height);
  expect(fontPx).toBeLessThan(18);
  // Client-side navigation away and back renders it again without errors.
  await admin.getByRole('link', { name: 'Orders' }).click();
  await admin.getByRole('link', { name: 'Shopify sync' }).click();
  await expect(admin.getByTestId('lag-chart')).toBeVisible();
  expect(errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  await context.close();
});

test('on a long admin page the sidebar reaches the bottom of the window after scrolling', async ({ browser, db, baseURL }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 700 } });
  await signInAs(context, db, 'owner', baseURL!);
  const admin = await context.newPage();
  await admin.goto('/admin/products');
  const height = await admin.evaluate(() => document.documentElement.scrollHeight);
  expect(height, 'the products list is longer than the window').toBeGreaterThan(1000);
  await admin.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const box = await admin.locator('.adm-sidebar').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, viewport: window.innerHeight };
  });
  expect(box.top).toBeLessThanOrEqual(0);
  expect(box.bottom).toBeGreaterThanOrEqual(box.viewport);
  // The whole page (a full-page capture lays it out at the window's height, as the report showed):
  // the sidebar column is dark down to the last pixel, not only the first window-height of it.
  const [r, g, b] = pixel(await admin.screenshot({ fullPage: true, clip: { x: 8, y: height - 8, width: 1, height: 1 } }));
  expect(r + g + b, `rgb(${r}, ${g}, ${b}) at the bottom of the sidebar column`).toBeLessThan(150);
  await context.close();
});

/** The first pixel of a PNG (8-bit RGB/RGBA, as Chromium writes them): the IDAT data inflated, past the row's filter byte. */
function pixel(png: Buffer): [number, number, number] {
  const idat: Buffer[] = [];
  for (let i = 8; i < png.length; ) {
    const len = png.readUInt32BE(i);
    if (png.toString('ascii', i + 4, i + 8) === 'IDAT') idat.push(png.subarray(i + 8, i + 8 + len));
    i += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  return [raw[1], raw[2], raw[3]];
}
