// Browser security headers for every response (issue 11 §2.5), with helmet rather than by hand:
// a Content-Security-Policy whose scripts are this origin's files plus the inline scripts Remix
// renders, each carrying a per-request nonce (entry.server.tsx hands it to React); no framing
// (frame-ancestors 'none' and X-Frame-Options: DENY); nosniff; a strict Referrer-Policy; HSTS in
// production only (local runs are plain http); and a Permissions-Policy that turns off the
// device APIs a shop never uses. `form-action` is left out on purpose: a 3-D Secure checkout
// answers its form post with a redirect to the card issuer's page, which form-action would block.
import { randomBytes } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import helmet from 'helmet';

export function cspNonce(res: Response): string {
  return String(res.locals.cspNonce ?? '');
}

export function securityHeaders(opts: { production: boolean }): RequestHandler[] {
  const nonce: RequestHandler = (_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  };
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req, res) => `'nonce-${cspNonce(res as Response)}'`],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        ...(opts.production ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: opts.production ? { maxAge: 63_072_000, includeSubDomains: true, preload: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  const permissions: RequestHandler = (_req, res, next) => {
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), usb=(), payment=(self), interest-cohort=()');
    next();
  };
  return [nonce, headers, permissions];
}
