import type { AppLoadContext } from '@remix-run/node';
import { describe, expect, it, vi } from 'vitest';
import { guardLoader, notFound } from './loader-errors.server';

function context() {
  const error = vi.fn();
  return { ctx: { requestId: 'req-123', logger: { error } } as unknown as AppLoadContext, error };
}

async function caught(p: Promise<unknown>): Promise<{ type?: string; data: unknown; init: ResponseInit & { headers: Record<string, string> } }> {
  try {
    await p;
  } catch (e) {
    return e as never;
  }
  throw new Error('expected a throw');
}

describe('guardLoader', () => {
  it('passes results and thrown 404s through untouched', async () => {
    const { ctx, error } = context();
    expect(await guardLoader(ctx, async () => 42)).toBe(42);
    const thrown = await caught(guardLoader(ctx, async () => notFound('product:x', 'req-123')));
    expect(thrown.init.status).toBe(404);
    expect(thrown.init.headers['Cache-Control']).toBe('no-store');
    expect(thrown.data).toEqual({ status: 404, resource: 'product:x', requestId: 'req-123' });
    expect(error).not.toHaveBeenCalled();
  });

  it('turns an unexpected error into a logged, uncached 500 that names the request id and nothing else', async () => {
    const { ctx, error } = context();
    const thrown = await caught(
      guardLoader(ctx, async () => {
        throw new Error('connection terminated: secret detail');
      }),
    );
    expect(thrown.init.status).toBe(500);
    expect(thrown.init.headers['Cache-Control']).toBe('no-store');
    expect(thrown.data).toEqual({ status: 500, requestId: 'req-123' });
    expect(JSON.stringify(thrown.data)).not.toContain('secret');
    expect(error).toHaveBeenCalledOnce();
    expect(error.mock.calls[0][0]).toMatchObject({ requestId: 'req-123' });
  });

  it('lets thrown Responses (redirects) through', async () => {
    const { ctx } = context();
    const redirect = new Response(null, { status: 302, headers: { Location: '/' } });
    await expect(guardLoader(ctx, async () => Promise.reject(redirect))).rejects.toBe(redirect);
  });
});
