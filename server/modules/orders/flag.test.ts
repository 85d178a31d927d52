// dotshop_order_flags_total is read from the audit log at scrape time: a flag raised in another
// process (the worker applies Stripe events and Shopify webhooks; only the web serves /metrics)
// shows on this process's /metrics, every reason starts at 0 (so increase() sees the first flag),
// and flagging never touches the order's status.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { registry } from '../../platform/metrics';
import { writeAudit } from '../admin';
import { flagOrder, watchOrderFlags } from './flag';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('orderflags');
});
afterAll(async () => {
  watchOrderFlags(null);
  await t?.drop();
});

const series = async () => {
  const text = await registry.metrics();
  return Object.fromEntries([...text.matchAll(/^dotshop_order_flags_total\{reason="([^"]+)"\} (\S+)$/gm)].map((m) => [m[1], Number(m[2])]));
};

describe('dotshop_order_flags_total', () => {
  it('counts order.flagged audit rows by reason at scrape time, from 0 for every reason', async () => {
    watchOrderFlags(t.primary);
    expect(await series()).toEqual({ authorization_cancelled_at_stripe: 0, fulfilled_after_cancel: 0, cancel_on_shopify_failed: 0 });
    // Two flags raised by the worker: only their audit rows reach this process.
    for (let i = 0; i < 2; i++) {
      await writeAudit(t.primary, { actorType: 'system', actorLabel: 'shopify-sync', action: 'order.flagged', entityType: 'order', entityId: randomUUID(), after: { reason: 'fulfilled_after_cancel', message: 'shipped after cancel' } });
    }
    // One raised here.
    await t.primary.transaction((tx) => flagOrder(tx, { orderId: randomUUID(), reason: 'cancel_on_shopify_failed', message: 'refused', actorLabel: 'shopify-sync' }));
    expect(await series()).toEqual({ authorization_cancelled_at_stripe: 0, fulfilled_after_cancel: 2, cancel_on_shopify_failed: 1 });
    // Scraping again does not count twice.
    expect(await series()).toEqual({ authorization_cancelled_at_stripe: 0, fulfilled_after_cancel: 2, cancel_on_shopify_failed: 1 });
  });
});
