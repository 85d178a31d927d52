// GET /api/v1/products — product listing/search as JSON (server/api/products.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { methodNotAllowedEndpoint, listProductsEndpoint } from '~/services/web.server';

export const loader = ({ request, context }: LoaderFunctionArgs) => listProductsEndpoint(request, context);
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowedEndpoint(context, ['GET']);
