// GET /og/products/<handle>.png: the product's 1200×630 link-preview image (Open Graph, Twitter
// card), rendered from its art on the server; long-cached and purged with the product.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { ogImageEndpoint } from '~/services/web.server';

export const loader = ({ params, context }: LoaderFunctionArgs) => ogImageEndpoint(context.db.replica, 'product', params.file ?? '');
