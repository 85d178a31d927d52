// Any other /api/v1 path: a JSON 404 in the API's error envelope, not the storefront's HTML page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { unknownEndpoint } from '~/services/web.server';

export const loader = ({ request, context }: LoaderFunctionArgs) => unknownEndpoint(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => unknownEndpoint(request, context);
