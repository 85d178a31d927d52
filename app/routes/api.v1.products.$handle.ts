// GET /api/v1/products/{handle} — one product with variants and images (server/api/products.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { methodNotAllowedEndpoint, productDetailEndpoint } from '~/services/web.server';

export const loader = ({ request, params, context }: LoaderFunctionArgs) => productDetailEndpoint(request, params, context);
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowedEndpoint(context, ['GET']);
