// The one Stripe client. In local mode it points the real SDK at emulators/stripe; with real keys
// and no STRIPE_API_BASE the same code talks to api.stripe.com.
import Stripe from 'stripe';
import type { Config } from '../../platform/config';

export function createStripeClient(config: Pick<Config, 'STRIPE_SECRET_KEY' | 'STRIPE_API_BASE'>, opts: { maxNetworkRetries?: number; timeoutMs?: number } = {}): Stripe {
  const base = config.STRIPE_API_BASE ? new URL(config.STRIPE_API_BASE) : null;
  return new Stripe(config.STRIPE_SECRET_KEY, {
    maxNetworkRetries: opts.maxNetworkRetries ?? 2,
    timeout: opts.timeoutMs ?? 10_000,
    telemetry: false,
    ...(base
      ? { host: base.hostname, port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)), protocol: base.protocol.replace(':', '') as 'http' | 'https' }
      : {}),
  });
}

export type { Stripe };
