// POST /api/v1/carts/{id}/lines — add units of a SKU, optionally idempotent (server/api/carts.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { addCartLineEndpoint, methodNotAllowedEndpoint } from '~/services/web.server';

export const loader = ({ context }: LoaderFunctionArgs) => methodNotAllowedEndpoint(context, ['POST']);
export const action = ({ request, params, context }: ActionFunctionArgs) => addCartLineEndpoint(request, params, context);
