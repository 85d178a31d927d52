// Expected and unexpected failures in catalog loaders. A missing thing is a thrown 404; anything
// unexpected is logged once with the request id and becomes a calm 500 that names that id (so a
// shopper can quote it), never a stack trace. Both are no-store: an error is never cached.
import { data, type AppLoadContext } from '@remix-run/node';
import { isDatabaseUnavailable } from '../services/platform.server';

export type ErrorData = { status: number; requestId?: string; resource?: string };

function isThrownResponse(error: unknown): boolean {
  return error instanceof Response || (typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'DataWithResponseInit');
}

export function notFound(resource: string, requestId?: string): never {
  throw data<ErrorData>({ status: 404, resource, requestId }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
}

/** Runs a loader body; a thrown Response/data() passes through, anything else becomes a logged 500. */
export async function guardLoader<T>(context: AppLoadContext, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isThrownResponse(error)) throw error;
    // The database out of reach (the primary lost, issue 12): the page becomes the calm 503
    // (server/web/region-reads.ts), not the error boundary's 500.
    if (isDatabaseUnavailable(error)) context.databaseUnavailable = true;
    context.logger.error({ err: error, requestId: context.requestId }, 'storefront loader failed');
    throw data<ErrorData>({ status: 500, requestId: context.requestId }, { status: 500, headers: { 'Cache-Control': 'no-store' } });
  }
}
