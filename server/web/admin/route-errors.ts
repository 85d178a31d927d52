// Unexpected failures in admin loaders and actions: logged once with the request id, then a calm
// 500 that names that id. Expected ones (a redirect to sign-in, a 403, a 404) are thrown Responses
// and pass straight through.
import { data } from '@remix-run/node';
import type { AppContext } from '../../platform/context';
import { NO_STORE } from './session';

export type AdminErrorData = { status: number; requestId?: string };

function isThrownResponse(error: unknown): boolean {
  return error instanceof Response || (typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'DataWithResponseInit');
}

export async function guardAdmin<T>(context: Pick<AppContext, 'logger' | 'requestId'>, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (isThrownResponse(error)) throw error;
    context.logger.error({ err: error, requestId: context.requestId }, 'admin request failed');
    throw data<AdminErrorData>({ status: 500, requestId: context.requestId }, { status: 500, headers: NO_STORE });
  }
}

export function adminNotFound(requestId?: string): never {
  throw data<AdminErrorData>({ status: 404, requestId }, { status: 404, headers: NO_STORE });
}
