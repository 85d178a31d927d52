// Issue 11 §2.4: a body past its limit is refused while streaming; the rest is never read.
import { describe, expect, it } from 'vitest';
import { readJsonBody } from './api/errors';
import { BodyTooLargeError, readBodyText } from './body';

/** A POST whose body is an endless stream of 256 kB chunks, counting what was pulled. */
function endlessPost(headers: Record<string, string> = {}) {
  const stats = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(256 * 1024).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulled++;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  const request = new Request('http://shop.test/api/v1/carts/x/lines', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return { request, stats };
}

describe('readBodyText', () => {
  it('stops reading at the limit: a body that never ends costs one chunk past it, and the stream is cancelled', async () => {
    const { request, stats } = endlessPost();
    await expect(readBodyText(request, 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(stats.pulled).toBeLessThanOrEqual(3);
    expect(stats.cancelled).toBe(true);
  });

  it('refuses a declared Content-Length over the limit without reading anything', async () => {
    const { request, stats } = endlessPost({ 'Content-Length': String(200 * 1024 * 1024) });
    await expect(readBodyText(request, 64 * 1024)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(stats.pulled).toBeLessThanOrEqual(1); // at most the stream's own first pull
  });

  it('returns a body within the limit whole, multi-byte characters included', async () => {
    const text = JSON.stringify({ sku: 'LIN-M', note: 'crème brûlée ✓'.repeat(100) });
    expect(await readBodyText(new Request('http://shop.test/', { method: 'POST', body: text }), 64 * 1024)).toBe(text);
    expect(await readBodyText(new Request('http://shop.test/', { method: 'POST' }), 10)).toBe('');
  });

  it('the REST API answers 413 payload_too_large for an endless chunked body', async () => {
    const { request, stats } = endlessPost();
    await expect(readJsonBody(request)).rejects.toMatchObject({ status: 413, code: 'payload_too_large' });
    expect(stats.cancelled).toBe(true);
  });
});
