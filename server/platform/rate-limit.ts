// Per-IP throttling of admin sign-in attempts (express-rate-limit). Account lockout after repeated
// failures lives in the admin auth module; this stops one address hammering many accounts.
import { rateLimit } from 'express-rate-limit';

export function adminSignInRateLimit(limitPerTenMinutes: number) {
  return rateLimit({
    windowMs: 10 * 60 * 1000,
    limit: limitPerTenMinutes,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res
        .status(429)
        .type('html')
        .send('<!doctype html><title>Too many attempts</title><p>Too many sign-in attempts from this address. Please wait a few minutes and try again.</p>');
    },
  });
}
