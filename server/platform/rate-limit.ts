// Per-IP throttles (express-rate-limit), each answering 429 with a plain page of its own.
// Admin sign-in: account lockout after repeated failures lives in the admin auth module; this
// stops one address hammering many accounts. Order lookup (number + email): without it the form
// could be driven to guess which emails ordered which numbers (issue 11 §2.6).
import { rateLimit } from 'express-rate-limit';

function perTenMinutes(limit: number, page: string) {
  return rateLimit({
    windowMs: 10 * 60 * 1000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).set('Cache-Control', 'no-store').type('html').send(page);
    },
  });
}

export function adminSignInRateLimit(limitPerTenMinutes: number) {
  return perTenMinutes(limitPerTenMinutes, '<!doctype html><title>Too many attempts</title><p>Too many sign-in attempts from this address. Please wait a few minutes and try again.</p>');
}

export function orderLookupRateLimit(limitPerTenMinutes: number) {
  return perTenMinutes(
    limitPerTenMinutes,
    '<!doctype html><html lang="en"><title>Too many lookups — DotShop</title><main><h1>Too many lookups</h1><p>Too many order lookups from this address. Please wait a few minutes and try again, or use the link in your confirmation email.</p></main></html>',
  );
}
