// GET /og/products/<handle>.png: the product's 1200×630 link-preview image (Open Graph, Twitter
// card), rendered from its art on the server. Long-cached at the CDN and purged with the product
// (surrogate key product:<handle>, and the path in pathsForKey); browsers keep it a day.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { productOgImage } from '~/services/web.server';
import { surrogateKeyHeader, surrogateKey } from '~/services/platform.server';

const OG_CACHE_CONTROL = 'public, max-age=86400, s-maxage=31536000, stale-while-revalidate=86400';

export async function loader({ params, context }: LoaderFunctionArgs) {
  const match = /^([a-z0-9][a-z0-9-]{0,159})\.png$/.exec(params.file ?? '');
  const png = match ? await productOgImage(context.db.replica, match[1]) : null;
  if (!match || !png) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  return new Response(new Uint8Array(png), {
    status: 200,
    headers: {
      'Content-Type': 'image/png',
      'Content-Length': String(png.length),
      'Cache-Control': OG_CACHE_CONTROL,
      'Surrogate-Key': surrogateKeyHeader([surrogateKey.product(match[1])]),
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
