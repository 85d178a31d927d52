// GET /sitemap.xml: every category and product in each market (ADR 022), from the replica. Cached
// like the catalog pages and purged with them: any product or category purge also purges this URL.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { listSitemapEntries } from '~/services/catalog.server';
import { CATALOG_CACHE_CONTROL, surrogateKey, surrogateKeyHeader } from '~/services/platform.server';
import { guardLoader } from '~/lib/loader-errors.server';
import { renderSitemap } from '~/lib/sitemap';

export async function loader({ context }: LoaderFunctionArgs) {
  return guardLoader(context, async () => {
    const entries = await listSitemapEntries(context.db.replica);
    const keys = [surrogateKey.sitemap(), ...entries.categories.map((c) => surrogateKey.category(c.handle)), ...entries.products.map((p) => surrogateKey.product(p.handle))];
    return new Response(renderSitemap(context.config.PUBLIC_URL.replace(/\/$/, ''), entries), {
      headers: { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': CATALOG_CACHE_CONTROL, 'Surrogate-Key': surrogateKeyHeader(keys) },
    });
  });
}
