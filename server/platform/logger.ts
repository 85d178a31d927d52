// Structured JSON logging (pino). Secrets are redacted by path so a careless `log.info({ req })`
// cannot leak a cookie, an authorization header or a password.
import { pino, type Logger } from 'pino';
import { traceLogFields } from './tracing';

export const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.password_hash',
  '*.secret',
  '*.token',
  '*.csrfToken',
  'password',
  'DATABASE_URL',
  'SESSION_SECRET',
];

export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: process.env.DOTSHOP_SERVICE ?? 'web', region: process.env.REGION ?? 'local' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      // Every line written inside a span carries its trace_id and span_id (ADR 023); {} with tracing off.
      mixin: traceLogFields,
    },
    destination,
  );
}

export type { Logger };
