// The API's own endpoints: the OpenAPI document, and the JSON 404 for any /api/v1 path that is
// not an endpoint (instead of the storefront's HTML not-found page).
import type { AppContext } from '../../platform/context';
import { ApiError, apiJson, assertMethod, handleApiRequest, methodNotAllowed } from './errors';
import { openApiDocument } from './openapi';

export function openApiEndpoint(request: Request, context: AppContext): Promise<Response> {
  return handleApiRequest(context, async () => {
    assertMethod(request, 'GET', 'HEAD');
    // Changes only with a deploy: short public caching is safe.
    return apiJson(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } });
  });
}

export function unknownEndpoint(request: Request, context: AppContext): Promise<Response> {
  return handleApiRequest(context, async () => {
    throw new ApiError(404, 'not_found', `No API endpoint ${request.method} ${new URL(request.url).pathname.slice(0, 200)}. See /api/v1/openapi.json.`);
  });
}

/** The answer for a method an endpoint does not take (Remix calls the action for every non-GET). */
export function methodNotAllowedEndpoint(context: AppContext, allowed: string[]): Promise<Response> {
  return handleApiRequest(context, async () => {
    throw methodNotAllowed(allowed);
  });
}
