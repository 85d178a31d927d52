// The part of an emulator's handle (what `start…Emulator` returns) that every emulator offers its
// tests in the same words: API faults, webhook faults, pausing deliveries, waiting for them, and
// the delivery log.
import { type WebhookFaults } from './webhooks';

export interface FaultAndWebhookMethods<I, R, D> {
  setFaults(rule: I): R;
  clearFaults(): void;
  setWebhookFaults(f: WebhookFaults): WebhookFaults;
  clearWebhookFaults(): void;
  pauseWebhooks(): void;
  resumeWebhooks(): void;
  /** Resolves when every webhook delivery has succeeded or exhausted its retries. */
  waitForWebhooks(timeoutMs?: number): Promise<void>;
  webhookDeliveries(): D[];
}

export function faultAndWebhookMethods<I, R, D>(
  faults: { add(rule: I): R; clear(): void },
  webhooks: { setFaults(f: WebhookFaults): WebhookFaults; clearFaults(): void; waitForIdle(timeoutMs?: number): Promise<void>; readonly deliveries: D[] },
  /** How the emulator pauses deliveries (the Shopify emulator also holds them while down). */
  pausing: { pause(): void; resume(): void },
): FaultAndWebhookMethods<I, R, D> {
  return {
    setFaults: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setWebhookFaults: (f) => webhooks.setFaults(f),
    clearWebhookFaults: () => webhooks.clearFaults(),
    pauseWebhooks: () => pausing.pause(),
    resumeWebhooks: () => pausing.resume(),
    waitForWebhooks: (timeoutMs) => webhooks.waitForIdle(timeoutMs),
    webhookDeliveries: () => webhooks.deliveries.slice(),
  };
}
