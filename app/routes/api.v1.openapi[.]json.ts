// GET /api/v1/openapi.json — the OpenAPI 3.1 document generated from the API's zod schemas.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { methodNotAllowedEndpoint, openApiEndpoint } from '~/services/web.server';

export const loader = ({ request, context }: LoaderFunctionArgs) => openApiEndpoint(request, context);
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowedEndpoint(context, ['GET']);
