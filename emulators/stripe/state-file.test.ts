// The account survives a restart when the emulator has a state file: an authorization made before
// it is captured after it, lists and search still work, and an idempotent retry replays.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from './server';
import { sdkFor } from './test-helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-state-'));
let emu: StripeEmulator | null = null;
afterEach(async () => {
  await emu?.close();
  emu = null;
});

const authorize = (stripe: Stripe, orderId: string) =>
  stripe.paymentIntents.create(
    { amount: 4200, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, return_url: 'http://shop.test/return', metadata: { order_id: orderId } },
    { idempotencyKey: `authorize-${orderId}` },
  );

describe('STRIPE_EMULATOR_STATE_FILE', () => {
  it('keeps PaymentIntents, charges, events and idempotency keys across a restart', async () => {
    const file = path.join(dir, 'a.json');
    emu = await startStripeEmulator({ stateFile: file });
    const before = await authorize(sdkFor(emu), 'ord_1');
    expect(before.status).toBe('requires_capture');
    await emu.close(); // a crash loses at most the last ~50 ms; close writes at once
    emu = await startStripeEmulator({ stateFile: file });
    const stripe = sdkFor(emu);

    const captured = await stripe.paymentIntents.capture(before.id);
    expect(captured.status).toBe('succeeded');
    // The retry of the first request replays its answer: no second PaymentIntent.
    const replay = await authorize(stripe, 'ord_1');
    expect(replay.id).toBe(before.id);
    const list = await stripe.paymentIntents.list({ limit: 10 });
    expect(list.data.map((p) => p.id)).toEqual([before.id]);
    const charges = await stripe.charges.list({ payment_intent: before.id });
    expect(charges.data).toHaveLength(1);
    expect(charges.data[0].captured).toBe(true);
    // New objects continue the old order (newest first).
    const after = await authorize(stripe, 'ord_2');
    expect((await stripe.paymentIntents.list({ limit: 10 })).data.map((p) => p.id)).toEqual([after.id, before.id]);
    expect(emu.events().map((e) => e.type)).toContain('payment_intent.amount_capturable_updated');
  });

  it('writes changes shortly after they happen, without a clean close (kill -9 loses at most that delay)', async () => {
    const file = path.join(dir, 'b.json');
    emu = await startStripeEmulator({ stateFile: file });
    const pi = await authorize(sdkFor(emu), 'ord_3');
    await new Promise((r) => setTimeout(r, 200));
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { store: { paymentIntents: { obj: { id: string } }[] } };
    expect(saved.store.paymentIntents.map((r) => r.obj.id)).toEqual([pi.id]);
  });

  it('without a state file a restart starts empty (the default for tests)', async () => {
    emu = await startStripeEmulator();
    await authorize(sdkFor(emu), 'ord_4');
    await emu.close();
    emu = await startStripeEmulator();
    expect((await sdkFor(emu).paymentIntents.list()).data).toHaveLength(0);
  });
});
