// POST /api/v1/carts/{id}/checkout — place the order, Idempotency-Key required (server/api/checkout.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { checkoutEndpoint, methodNotAllowedEndpoint } from '~/services/web.server';

export const loader = ({ context }: LoaderFunctionArgs) => methodNotAllowedEndpoint(context, ['POST']);
export const action = ({ request, params, context }: ActionFunctionArgs) => checkoutEndpoint(request, params, context);
