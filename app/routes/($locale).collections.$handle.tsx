// A category page: filter sidebar (a GET form: checkboxes per option value, a price range),
// sort, pagination and the product grid. Works without JavaScript; with it, filters and sort
// submit on change. The market is the URL's (`/eu/collections/x`); the canonical drops filters and
// sort (one indexable URL per category page), and the page carries BreadcrumbList JSON-LD and Open Graph.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useLocation, useSubmit } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { catalogCacheHeaders, catalogRouteHeaders, surrogateKey } from '~/services/platform.server';
import { getCategoryListing } from '~/services/catalog.server';
import { errorMeta, StorefrontErrorBoundary } from '~/components/ErrorPages';
import { Pagination } from '~/components/Pagination';
import { Price } from '~/components/Price';
import { ProductGrid } from '~/components/ProductCard';
import { FILTER_PREFIX, SORT_LABELS, SORT_VALUES } from '~/lib/catalog-params';
import { parseCategoryParams } from '~/lib/catalog-params.server';
import { guardLoader, notFound } from '~/lib/loader-errors.server';
import { minorToMajorInput } from '~/lib/money';
import { catalogMarket } from '~/lib/market.server';
import { marketPath } from '~/lib/market-path';
import { absoluteUrl, breadcrumbJsonLd, canonicalLinks, jsonLdMeta, categoryOgImagePath, openGraphMeta, shopFromMatches, shortDescription } from '~/lib/seo';
import { useMarketPath, useShopData } from '~/lib/shop-data';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return guardLoader(context, async () => {
    const handle = params.handle ?? '';
    const query = parseCategoryParams(new URL(request.url).searchParams);
    const region = catalogMarket(params, context);
    const listing = await getCategoryListing(context.db.replica, { handle, currency: region.currency, ...query });
    if (!listing) notFound(`category:${handle}`, context.requestId);
    const keys = [surrogateKey.category(listing.category.handle), ...listing.products.map((p) => surrogateKey.product(p.handle))];
    return data({ ...listing, currency: region.currency, market: region.code }, { headers: catalogCacheHeaders(keys) });
  });
}

export const headers = catalogRouteHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, error, matches }) => {
  if (error || !data) return errorMeta(error);
  const origin = shopFromMatches(matches)?.origin ?? '';
  const title = data.page > 1 ? `${data.category.title} — Page ${data.page} — DotShop` : `${data.category.title} — DotShop`;
  const description = shortDescription(data.category.description || data.category.tagline || `Shop ${data.category.title} at DotShop.`);
  const base = `/collections/${data.category.handle}`;
  const path = data.page > 1 ? `${base}?page=${data.page}` : base;
  return [
    { title },
    { name: 'description', content: description },
    ...canonicalLinks(origin, data.market, path),
    ...openGraphMeta({ title: `${data.category.title} — DotShop`, description, url: `${origin}${marketPath(data.market, base)}`, image: absoluteUrl(origin, categoryOgImagePath(data.category.handle)), type: 'website', market: data.market }),
    jsonLdMeta(
      breadcrumbJsonLd([
        { name: 'Home', url: `${origin}${marketPath(data.market, '/')}` },
        { name: data.category.title, url: `${origin}${marketPath(data.market, base)}` },
      ]),
    ),
  ];
};

export default function CategoryPage() {
  const listing = useLoaderData<typeof loader>();
  const { category, products, total, page, pageCount, sort, facets, filters, priceMin, priceMax, currency } = listing;
  const location = useLocation();
  const submit = useSubmit();
  const shop = useShopData();
  const to = useMarketPath();
  const activeCount = Object.values(filters).reduce((n, v) => n + v.length, 0) + (priceMin != null ? 1 : 0) + (priceMax != null ? 1 : 0);
  const symbol = currency === 'EUR' ? '€' : '$';
  const formRef = useRef<HTMLFormElement>(null);

  // The form's fields are uncontrolled (so they work without JavaScript); after a client-side
  // navigation (Clear all, back/forward) bring them in line with what the server applied,
  // without remounting them (a remount would drop keyboard focus).
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    for (const input of form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')) {
      input.checked = filters[input.name.slice(FILTER_PREFIX.length)]?.includes(input.value) ?? false;
    }
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    const sortField = field('sort');
    if (sortField) sortField.value = sort;
    const min = field('min');
    if (min) min.value = minorToMajorInput(priceMin);
    const max = field('max');
    if (max) max.value = minorToMajorInput(priceMax);
  }, [filters, sort, priceMin, priceMax]);

  // With JavaScript, a changed checkbox or sort submits the form at once (without, the buttons do).
  const submitOnChange = (event: React.FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement;
    if (target.type === 'number') return; // price fields submit with Apply / Enter
    submit(event.currentTarget, { preventScrollReset: true, replace: true });
  };

  return (
    <div className="collection" data-testid="collection">
      <header className="page-head">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <ol>
            <li>
              <Link to={to('/')}>Home</Link>
            </li>
            <li aria-current="page">{category.title}</li>
          </ol>
        </nav>
        <h1 className="page-head__title">{category.title}</h1>
        {category.tagline ? <p className="page-head__tagline">{category.tagline}</p> : null}
        {category.description ? <p className="page-head__text">{category.description}</p> : null}
      </header>

      <Form method="get" id="catalog-form" ref={formRef} className="collection__layout" onChange={submitOnChange} preventScrollReset>
        <details className="filters" data-testid="filters">
          <summary className="filters__summary">
            Filter{activeCount ? ` (${activeCount})` : ''}
          </summary>
          <div className="filters__body">
            {facets.options.map((option) => (
              <fieldset key={option.name} className="filters__group">
                <legend className="filters__legend">{option.name}</legend>
                <ul className="filters__values">
                  {option.values.map((v) => {
                    const id = `f-${option.name}-${v.value}`.replace(/[^A-Za-z0-9_-]/g, '_');
                    return (
                      <li key={v.value}>
                        <input
                          id={id}
                          type="checkbox"
                          name={`${FILTER_PREFIX}${option.name}`}
                          value={v.value}
                          defaultChecked={filters[option.name]?.includes(v.value) ?? false}
                          className="checkbox"
                        />
                        <label htmlFor={id}>
                          {v.value} <span className="filters__count">({v.count})</span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              </fieldset>
            ))}
            <fieldset className="filters__group">
              <legend className="filters__legend">Price</legend>
              <div className="filters__price">
                <label>
                  <span className="filters__price-label">Min ({symbol})</span>
                  <input
                    type="number"
                    name="min"
                    inputMode="decimal"
                    min={0}
                    step="any"
                    placeholder={facets.price ? minorToMajorInput(facets.price.min) : '0'}
                    defaultValue={minorToMajorInput(priceMin)}
                  />
                </label>
                <span aria-hidden="true" className="filters__price-sep">
                  –
                </span>
                <label>
                  <span className="filters__price-label">Max ({symbol})</span>
                  <input
                    type="number"
                    name="max"
                    inputMode="decimal"
                    min={0}
                    step="any"
                    placeholder={facets.price ? minorToMajorInput(facets.price.max) : ''}
                    defaultValue={minorToMajorInput(priceMax)}
                  />
                </label>
              </div>
              {facets.price ? (
                <p className="filters__hint">
                  <Price amount={facets.price.min} currency={currency} /> – <Price amount={facets.price.max} currency={currency} />
                </p>
              ) : null}
            </fieldset>
            <div className="filters__actions">
              <button type="submit" className="button button--small">
                Apply filters
              </button>
              {activeCount ? (
                <Link to={sort === 'featured' ? location.pathname : `${location.pathname}?sort=${sort}`} className="text-link" preventScrollReset>
                  Clear all
                </Link>
              ) : null}
            </div>
          </div>
        </details>

        <section className="collection__main" aria-labelledby="results-title">
          <div className="toolbar">
            <p id="results-title" className="toolbar__count" data-testid="result-count">
              {total} {total === 1 ? 'product' : 'products'}
            </p>
            <div className="toolbar__sort">
              <label htmlFor="sort">Sort by</label>
              <select id="sort" name="sort" defaultValue={sort} className="select">
                {SORT_VALUES.map((value) => (
                  <option key={value} value={value}>
                    {SORT_LABELS[value]}
                  </option>
                ))}
              </select>
              <noscript>
                <button type="submit" className="button button--small button--ghost">
                  Sort
                </button>
              </noscript>
            </div>
          </div>
          {products.length ? (
            <ProductGrid products={products} label={`${category.title} products`} headingLevel={2} />
          ) : (
            <div className="empty-state" data-testid="empty-state">
              <h2 className="empty-state__title">Nothing matches those filters</h2>
              <p>Try removing a filter or widening the price range.</p>
              <Link to={location.pathname} className="button button--ghost">
                Clear filters
              </Link>
            </div>
          )}
          <Pagination page={page} pageCount={pageCount} search={location.search} />
          <p className="tax-note">{shop.region.taxNote}</p>
        </section>
      </Form>
    </div>
  );
}

export const ErrorBoundary = StorefrontErrorBoundary;
