// Issue 13 §8: "on long admin pages the dark sidebar stops ~700 px down". Reproduced in Chromium in a
// full-page capture (Playwright's fullPage, DevTools' "capture full size screenshot", print): the
// sticky sidebar is one window tall, so the left column was light from one window-height down when
// captured from the top, and above the last window when captured from the bottom, at every window
// size tried (1280×700, 1024×768, 1440×900, 1920×1080; /admin/products, /admin/audit, /admin/sync,
// /admin/jobs). In the window itself it always covered. Now the column is painted dark under the
// sidebar (app/styles/admin.css): the sidebar spans the page wherever it is scrolled and captured.
import zlib from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { signInAs } from '../pages/admin';

const VIEWPORTS = [
  { width: 1280, height: 700 },
  { width: 1920, height: 1080 },
];
const PAGES = ['/admin/products', '/admin/sync'];

for (const viewport of VIEWPORTS) {
  test(`the dark sidebar spans long admin pages at ${viewport.width}×${viewport.height}`, async ({ browser, db, baseURL }) => {
    const context = await browser.newContext({ viewport });
    await signInAs(context, db, 'owner', baseURL!);
    const admin = await context.newPage();
    const findings: string[] = [];
    for (const path of PAGES) {
      await admin.goto(path);
      const height = await admin.evaluate(() => document.documentElement.scrollHeight);
      if (path === '/admin/products') expect(height, 'the products list is longer than the window').toBeGreaterThan(viewport.height + 300);
      for (const at of [0, 0.5, 1]) {
        await admin.evaluate((f) => window.scrollTo(0, Math.round(f * document.documentElement.scrollHeight)), at);
        // In the window: the sidebar covers it from top to bottom (a pixel of rounding allowed).
        const box = await admin.locator('.adm-sidebar').evaluate((el) => {
          const r = el.getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, viewport: window.innerHeight };
        });
        if (box.top > 1 || box.bottom < box.viewport - 1) findings.push(`${path} scrolled ${at * 100} %: sidebar ${box.top}–${box.bottom} in a ${box.viewport} px window`);
        // The whole page as one capture: the left column is dark at the top, one window down, and at the bottom.
        if (at === 0.5) continue;
        for (const y of [8, Math.min(height - 8, viewport.height + 40), height - 8]) {
          const [r, g, b] = await columnPixel(admin, y);
          if (r + g + b > 150) findings.push(`${path} (${height} px) full-page capture scrolled ${at * 100} %: rgb(${r}, ${g}, ${b}) at y=${y}`);
        }
      }
    }
    expect(findings).toEqual([]);
    await context.close();
  });
}

/** The colour of the sidebar column (x = 8) at page height y, in a full-page capture. */
async function columnPixel(page: Page, y: number): Promise<[number, number, number]> {
  const png = await page.screenshot({ fullPage: true, clip: { x: 8, y, width: 1, height: 1 } });
  // A 1×1 PNG (8-bit RGB/RGBA, as Chromium writes it): the IDAT data inflated, past the row's filter byte.
  const idat: Buffer[] = [];
  for (let i = 8; i < png.length; ) {
    const len = png.readUInt32BE(i);
    if (png.toString('ascii', i + 4, i + 8) === 'IDAT') idat.push(png.subarray(i + 8, i + 8 + len));
    i += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  return [raw[1], raw[2], raw[3]];
}
