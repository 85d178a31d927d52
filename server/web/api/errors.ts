// The REST API's HTTP plumbing: one error envelope (`{ error: { code, message, fieldErrors? } }`),
// JSON responses that are no-store unless a handler says otherwise, bounded JSON body reading,
// and the wrapper every endpoint runs in, which turns an unexpected error into a logged 500 that
// names the request id and never carries a stack trace.
import { isDatabaseUnavailable } from '../../platform/errors';
import type { z } from 'zod';
import type { AppContext } from '../../platform/context';
import { IdempotencyConflictError } from '../../modules/checkout';
import { BodyTooLargeError, readBodyText } from '../body';


export type FieldErrors = Record<string, string[]>;
/** A route's URL parameters (Remix `params`). */
export type RouteParams = Record<string, string | undefined>;
export type ApiErrorBody = { error: { code: string; message: string; fieldErrors?: FieldErrors; requestId?: string } };

/** An expected failure with its HTTP status and a stable, machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly headers?: HeadersInit,
  ) {
    super(message);
  }
}

/** A JSON body is never larger than this; the largest real request (checkout) is ~1 KB. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

export function apiJson(body: unknown, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-store');
  return Response.json(body, { status: init.status ?? 200, headers });
}

export function errorResponse(status: number, code: string, message: string, extra: { fieldErrors?: FieldErrors; requestId?: string; headers?: HeadersInit } = {}): Response {
  const error: ApiErrorBody['error'] = { code, message };
  if (extra.fieldErrors) error.fieldErrors = extra.fieldErrors;
  if (extra.requestId) error.requestId = extra.requestId;
  return apiJson({ error }, { status, headers: extra.headers });
}

/** Zod issues → `{ 'shippingAddress.postalCode': ['Enter a 5-digit ZIP code.'] }`. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '(root)';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export function invalidRequest(error: z.ZodError, where: 'body' | 'query'): ApiError {
  return new ApiError(400, 'invalid_request', where === 'body' ? 'The request body is invalid; see fieldErrors.' : 'The query string is invalid; see fieldErrors.', fieldErrorsOf(error));
}

/** Parses an already-read value with a schema, or throws a 400 with field errors. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error, where);
  return result.data;
}

/**
 * The query string as a plain object for zod: the first value of each parameter, with empty
 * values (`?category=`) treated as absent so they fall back to the schema's defaults.
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of new URL(request.url).searchParams) if (!(k in raw) && v.trim() !== '') raw[k] = v;
  return parseWith(schema, raw, 'query');
}

/** Reads a JSON body. An empty body is `{}` when `optional`; anything that is not JSON is a 400. */
export async function readJsonBody(request: Request, opts: { optional?: boolean } = {}): Promise<unknown> {
  let text: string;
  try {
    text = await readBodyText(request, MAX_JSON_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new ApiError(413, 'payload_too_large', err.message);
    throw err;
  }
  if (text.trim() === '') {
    if (opts.optional) return {};
    throw new ApiError(400, 'invalid_request', 'A JSON request body is required.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

export function methodNotAllowed(allowed: string[]): ApiError {
  return new ApiError(405, 'method_not_allowed', `Use ${allowed.join(' or ')} for this endpoint.`, undefined, { Allow: allowed.join(', ') });
}

export function assertMethod(request: Request, ...allowed: string[]): void {
  if (!allowed.includes(request.method.toUpperCase())) throw methodNotAllowed(allowed);
}

/**
 * Runs one endpoint. Expected failures (ApiError, an idempotency conflict) become the envelope
 * with their status; a thrown Response passes through; anything else is logged with the request
 * id and answered with a calm 500 that names it.
 */
export async function handleApiRequest(context: Pick<AppContext, 'logger' | 'requestId'>, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiError) return errorResponse(err.status, err.code, err.message, { fieldErrors: err.fieldErrors, headers: err.headers });
    if (err instanceof IdempotencyConflictError) return errorResponse(err.status, err.code, err.message);
    if (err instanceof Response) return err;
    if (isDatabaseUnavailable(err)) {
      // The primary is out of reach (a failover, a restart): nothing was written; say so at once.
      context.logger.warn({ err, requestId: context.requestId }, 'api request: database unavailable');
      return errorResponse(503, 'primary_unavailable', 'We cannot take changes right now and nothing was saved. Please try again in a minute.', { requestId: context.requestId, headers: { 'Retry-After': '30' } });
    }
    context.logger.error({ err, requestId: context.requestId }, 'api request failed');
    return errorResponse(500, 'internal', 'Something went wrong on our side. If it keeps happening, contact us and quote the request id.', { requestId: context.requestId });
  }
}
