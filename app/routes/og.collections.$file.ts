// GET /og/collections/<handle>.png: a category's 1200×630 link-preview image (its lead product's
// art); long-cached and purged with the category.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { ogImageEndpoint } from '~/services/web.server';

export const loader = ({ params, context }: LoaderFunctionArgs) => ogImageEndpoint(context.db.replica, 'category', params.file ?? '');
