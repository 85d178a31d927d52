// Request bodies read with their limit enforced while streaming (issue 11 §2.4): a body past the
// limit is refused as soon as the limit is crossed and the rest is never read, so a 200 MB chunked
// POST costs the process one chunk of memory, not 200 MB. The limit is checked before reading too,
// when the client declares a Content-Length.
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request body must be at most ${limitBytes} bytes.`);
  }
}

/** Webhook payloads: Stripe's events are a few kB, Shopify's product payloads well under 1 MB. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export async function readBodyText(request: Request, limitBytes: number): Promise<string> {
  const declared = Number(request.headers.get('Content-Length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel('request body too large').catch(() => undefined);
      throw new BodyTooLargeError(limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The answer a webhook route gives a body past its limit. */
export function webhookBodyTooLarge(err: BodyTooLargeError): Response {
  return Response.json({ error: { code: 'payload_too_large', message: err.message } }, { status: 413, headers: { 'Cache-Control': 'no-store' } });
}
