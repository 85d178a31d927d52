// The `Idempotency-Key` request header and the `Idempotent-Replayed` response header. The key
// itself is stored and compared by server/modules/checkout/idempotency.ts; this only reads and bounds it.
import { ApiError } from './errors';
import { IDEMPOTENCY_KEY_MAX, idempotencyKeySchema } from './schemas';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';

/** The key, or null when the header is absent and not required. Present but empty, or too long → 400. */
export function readIdempotencyKey(request: Request, opts: { required: boolean }): string | null {
  const key = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (key === null && !opts.required) return null;
  if (key === null || key.trim() === '')
    throw new ApiError(400, 'idempotency_key_required', `Send an ${IDEMPOTENCY_KEY_HEADER} header (a unique value such as a UUID, 1–${IDEMPOTENCY_KEY_MAX} characters) so a retried request is applied once.`);
  // The documented schema is the rule; past the emptiness check, only the length can fail it.
  if (!idempotencyKeySchema.safeParse(key).success) throw new ApiError(400, 'idempotency_key_too_long', `The ${IDEMPOTENCY_KEY_HEADER} header must be at most ${IDEMPOTENCY_KEY_MAX} characters.`);
  return key;
}

export function replayHeaders(replayed: boolean): HeadersInit {
  return replayed ? { [REPLAYED_HEADER]: 'true' } : {};
}
