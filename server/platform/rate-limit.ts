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

/**
 * Per-IP throttling of the order lookup (number + email): without it the form can be driven to
 * guess which emails ordered which numbers (issue 11 §2.6).
 */
export function orderLookupRateLimit(limitPerTenMinutes: number) {
  return rateLimit({
    windowMs: 10 * 60 * 1000,
    limit: limitPerTenMinutes,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res
        .status(429)
        .set('Cache-Control', 'no-store')
        .type('html')
        .send('<!doctype html><html lang="en"><title>Too many lookups — DotShop</title><main><h1>Too many lookups</h1><p>Too many order lookups from this address. Please wait a few minutes and try again, or use the link in your confirmation email.</p></main></html>');
    },
  });
}
