// Setup for the Shopify emulator's own tests: an emulator on an ephemeral port, the real SDK pointed
// at it (sdk-test-client.ts), and optionally a receiver that validates its webhooks as the app would.
import { type SuiteHooks, setUpSuite } from '../kit/testing';
import { createEmulatorShopify, type EmulatorShopify, type EmulatorShopifyOptions, type ReceivedWebhook, startWebhookReceiver } from './sdk-test-client';
import { type ShopifyEmulator, type ShopifyEmulatorOptions, startShopifyEmulator } from './server';

export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

export interface ShopifySuite {
  emu: ShopifyEmulator;
  sdk: EmulatorShopify;
  /** Only with `webhooks`. */
  receiver?: WebhookReceiver;
}

/**
 * One emulator and SDK for the enclosing file or describe block. With `webhooks`, a receiver that
 * validates deliveries is subscribed to `topics` (default: the sync topics).
 */
export function setUpShopifySuite(
  use: (s: ShopifySuite) => void,
  o: SuiteHooks<ShopifySuite> & {
    options?: ShopifyEmulatorOptions;
    sdk?: EmulatorShopifyOptions;
    webhooks?: { topics?: string[]; respond?: (n: number, w: Omit<ReceivedWebhook, 'status'>) => number };
  } = {},
): void {
  const start = async (): Promise<ShopifySuite> => {
    const emu = await startShopifyEmulator({ port: 0, ...o.options });
    const sdk = createEmulatorShopify(emu, o.sdk);
    if (!o.webhooks) return { emu, sdk };
    const receiver = await startWebhookReceiver(sdk.shopify, o.webhooks.respond);
    emu.setWebhookUrl(receiver.url, o.webhooks.topics);
    return { emu, sdk, receiver };
  };
  setUpSuite(start, use, o);
}
