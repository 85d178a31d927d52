// Search: Postgres full-text search with a prefix fallback, a results grid, the result count,
// and an empty state with suggestions.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react';
import { catalogCacheHeaders, catalogRouteHeaders, surrogateKey } from '~/services/platform.server';
import { getHomePage, searchProducts } from '~/services/catalog.server';
import { errorMeta, StorefrontErrorBoundary } from '~/components/ErrorPages';
import { Pagination } from '~/components/Pagination';
import { ProductGrid } from '~/components/ProductCard';
import { parseSearchParams } from '~/lib/catalog-params.server';
import { guardLoader } from '~/lib/loader-errors.server';
import { catalogMarket } from '~/lib/market.server';
import { useMarketPath, useShopData } from '~/lib/shop-data';

const SUGGESTED_TERMS = ['linen', 'serum', 'gold', 'silk', 'ring'];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return guardLoader(context, async () => {
    const { q, page } = parseSearchParams(new URL(request.url).searchParams);
    const region = catalogMarket(params, context);
    const results = await searchProducts(context.db.replica, { q, currency: region.currency, page });
    // Nothing found (or nothing asked): suggest a few featured pieces instead of a dead end.
    const suggestions = results.total === 0 ? (await getHomePage(context.db.replica, { currency: region.currency, perCategory: 2 })).categories.flatMap((c) => c.products).slice(0, 4) : [];
    const keys = [surrogateKey.search(), ...[...results.products, ...suggestions].map((p) => surrogateKey.product(p.handle))];
    return data({ ...results, suggestions }, { headers: catalogCacheHeaders(keys) });
  });
}

export const headers = catalogRouteHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  if (error || !data) return errorMeta(error);
  return [{ title: data.query ? `“${data.query}” — Search — DotShop` : 'Search — DotShop' }, { name: 'robots', content: 'noindex, follow' }];
};

export default function SearchPage() {
  const { query, products, total, page, pageCount, suggestions } = useLoaderData<typeof loader>();
  const location = useLocation();
  const shop = useShopData();
  const to = useMarketPath();
  return (
    <div className="search-page" data-testid="search-page">
      <header className="page-head">
        <h1 className="page-head__title">{query ? 'Search results' : 'Search'}</h1>
        <Form method="get" action={to('/search')} className="search-form" role="search" aria-label="Search the catalogue">
          <label htmlFor="search-q" className="visually-hidden">
            Search the shop
          </label>
          <input id="search-q" type="search" name="q" defaultValue={query} key={query} placeholder="Linen, serum, gold…" maxLength={200} />
          <button type="submit" className="button">
            Search
          </button>
        </Form>
        {query ? (
          <p className="page-head__text" data-testid="result-count" aria-live="polite">
            {total === 0 ? `No results for “${query}”` : `${total} ${total === 1 ? 'result' : 'results'} for “${query}”`}
          </p>
        ) : null}
      </header>

      {products.length ? (
        <>
          <ProductGrid products={products} label="Search results" headingLevel={2} />
          <Pagination page={page} pageCount={pageCount} search={location.search} />
        </>
      ) : (
        <div className="empty-state" data-testid="empty-state">
          {query ? <h2 className="empty-state__title">Nothing found — try a broader word</h2> : <h2 className="empty-state__title">What are you looking for?</h2>}
          <p>
            Try{' '}
            {SUGGESTED_TERMS.map((term, i) => (
              <span key={term}>
                <Link to={to(`/search?q=${term}`)} className="text-link">
                  {term}
                </Link>
                {i < SUGGESTED_TERMS.length - 1 ? ', ' : ''}
              </span>
            ))}
            , or browse{' '}
            {shop.categories.map((c, i) => (
              <span key={c.handle}>
                <Link to={to(`/collections/${c.handle}`)} className="text-link">
                  {c.title.toLowerCase()}
                </Link>
                {i < shop.categories.length - 2 ? ', ' : i === shop.categories.length - 2 ? ' and ' : ''}
              </span>
            ))}
            .
          </p>
          {suggestions.length ? (
            <section className="section" aria-labelledby="suggested-title">
              <h2 id="suggested-title" className="section__title section__title--small">
                You might like
              </h2>
              <ProductGrid products={suggestions} eagerCount={0} label="Suggested products" />
            </section>
          ) : null}
        </div>
      )}
    </div>
  );
}

export const ErrorBoundary = StorefrontErrorBoundary;
