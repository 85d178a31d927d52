// GET /api/v1/orders/{number}?email= — order lookup by number + email (server/api/orders.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { methodNotAllowedEndpoint, getOrderEndpoint } from '~/services/web.server';

export const loader = ({ request, params, context }: LoaderFunctionArgs) => getOrderEndpoint(request, params, context);
export const action = ({ context }: ActionFunctionArgs) => methodNotAllowedEndpoint(context, ['GET']);
