// POST /api/v1/carts — create a cart (server/api/carts.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { createCartEndpoint, methodNotAllowedEndpoint } from '~/services/web.server';

export const loader = ({ context }: LoaderFunctionArgs) => methodNotAllowedEndpoint(context, ['POST']);
export const action = ({ request, context }: ActionFunctionArgs) => createCartEndpoint(request, context);
