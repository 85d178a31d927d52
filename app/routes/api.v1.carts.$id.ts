// GET /api/v1/carts/{id} — a cart by id (server/api/carts.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { getCartEndpoint, methodNotAllowedEndpoint } from '~/services/web.server';

export const loader = ({ request, params, context }: LoaderFunctionArgs) => getCartEndpoint(request, params, context);
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowedEndpoint(context, ['GET']);
