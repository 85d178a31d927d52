// A product page: gallery, price (compare-at struck through), a variant picker made of links
// (`?variant=<sku>`, so it works without JavaScript), stock state and the add-to-bag form that
// posts to /cart. The selected variant drives price and stock; the server decides both. The
// market comes from the URL (`/products/x` US, `/eu/products/x` EU); every `?variant=` URL is
// canonicalised to the product URL, and the page carries Product/Offer + BreadcrumbList JSON-LD.
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { AddToBagForm } from '~/components/AddToBagForm';
import { catalogCacheHeaders, catalogRouteHeaders, surrogateKey } from '~/services/platform.server';
import { getProductDetail, type StockState } from '~/services/catalog.server';
import { errorMeta, StorefrontErrorBoundary } from '~/components/ErrorPages';
import { Price } from '~/components/Price';
import { ProductGrid } from '~/components/ProductCard';
import { stockLabel } from '~/components/StockBadge';
import { parseProductParams } from '~/lib/catalog-params.server';
import { guardLoader, notFound } from '~/lib/loader-errors.server';
import { catalogMarket } from '~/lib/market.server';
import { marketPath } from '~/lib/market-path';
import { toMoneyV2 } from '~/lib/money';
import { absoluteUrl, breadcrumbJsonLd, canonicalLinks, jsonLdMeta, openGraphMeta, productJsonLd, productOgImagePath, shopFromMatches, shortDescription, SHOP_NAME } from '~/lib/seo';
import { useMarketPath, useShopData } from '~/lib/shop-data';

const MAX_QUANTITY = 10;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return guardLoader(context, async () => {
    const handle = params.handle ?? '';
    const { variant } = parseProductParams(new URL(request.url).searchParams);
    const region = catalogMarket(params, context);
    const product = await getProductDetail(context.db.replica, { handle, currency: region.currency, variantSku: variant });
    if (!product) notFound(`product:${handle}`, context.requestId);
    const keys = [surrogateKey.product(product.handle), surrogateKey.category(product.category.handle), ...product.related.map((p) => surrogateKey.product(p.handle))];
    return data({ ...product, market: region.code }, { headers: catalogCacheHeaders(keys) });
  });
}

export const headers = catalogRouteHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, error, matches }) => {
  if (error || !data) return errorMeta(error);
  const origin = shopFromMatches(matches)?.origin ?? '';
  const description = shortDescription(data.description || `${data.title} at ${SHOP_NAME}.`);
  const path = `/products/${data.handle}`;
  const url = `${origin}${marketPath(data.market, path)}`;
  const v = data.selectedVariant;
  return [
    { title: `${data.title} — DotShop` },
    { name: 'description', content: description },
    ...canonicalLinks(origin, data.market, path),
    ...openGraphMeta({ title: data.title, description, url, image: absoluteUrl(origin, productOgImagePath(data.handle)), type: 'product', market: data.market }),
    { property: 'product:price:amount', content: toMoneyV2(v.price, data.currency).amount },
    { property: 'product:price:currency', content: data.currency },
    jsonLdMeta(productJsonLd(data, { origin, market: data.market })),
    jsonLdMeta(
      breadcrumbJsonLd([
        { name: 'Home', url: `${origin}${marketPath(data.market, '/')}` },
        { name: data.category.title, url: `${origin}${marketPath(data.market, `/collections/${data.category.handle}`)}` },
        { name: data.title, url },
      ]),
    ),
  ];
};

function StockLine({ stock }: { stock: StockState }) {
  return (
    <p className={`stock stock--${stock.kind.replace('_', '-')}`} data-testid="stock-state" role="status">
      <span className="stock__dot" aria-hidden="true" />
      {stockLabel(stock)}
    </p>
  );
}

export default function ProductPage() {
  const product = useLoaderData<typeof loader>();
  const shop = useShopData();
  const to = useMarketPath();
  const v = product.selectedVariant;
  const soldOut = v.stock.kind === 'sold_out';
  const maxQuantity = Math.max(1, Math.min(MAX_QUANTITY, v.sellable));

  return (
    <div className="product" data-testid="product" data-handle={product.handle}>
      <nav aria-label="Breadcrumb" className="breadcrumb product__breadcrumb">
        <ol>
          <li>
            <Link to={to('/')}>Home</Link>
          </li>
          <li>
            <Link to={to(`/collections/${product.category.handle}`)}>{product.category.title}</Link>
          </li>
          <li aria-current="page">{product.title}</li>
        </ol>
      </nav>

      <div className="product__layout">
        <div className={`gallery gallery--${Math.min(product.images.length, 3)}`} role="group" aria-label={`${product.title} images`} tabIndex={0}>
          {product.images.length ? (
            product.images.map((img, i) => (
              <img
                key={img.url}
                className={i === 0 ? 'gallery__lead' : undefined}
                src={img.url}
                alt={img.alt || product.title}
                width={img.width}
                height={img.height}
                loading={i < 2 ? 'eager' : 'lazy'}
                decoding={i === 0 ? 'sync' : 'async'}
              />
            ))
          ) : (
            <div className="gallery__lead gallery__lead--empty" aria-hidden="true" />
          )}
        </div>

        <div className="product__info">
          <div className="product__sticky">
            <p className="eyebrow">{product.vendor !== 'DotShop' ? product.vendor : product.productType || product.category.title}</p>
            <h1 className="product__title">{product.title}</h1>
            <div className="product__price" data-testid="product-price">
              <Price amount={v.price} currency={product.currency} compareAt={v.compareAtPrice} />
            </div>
            <p className="tax-note" data-testid="tax-note">
              {shop.region.taxNote}
            </p>

            {product.picker.map((option) => {
              const chosen = option.values.find((x) => x.selected)?.value;
              return (
                <fieldset key={option.name} className="picker" data-testid="variant-option" data-option={option.name}>
                  <legend className="picker__legend">
                    {option.name}
                    {chosen ? <span className="picker__chosen">{chosen}</span> : null}
                  </legend>
                  <ul className="picker__values">
                    {option.values.map((value) => (
                      <li key={value.value}>
                        <Link
                          to={to(`/products/${product.handle}?variant=${encodeURIComponent(value.sku)}`)}
                          className={`picker__value${value.selected ? ' is-selected' : ''}${value.available ? '' : ' is-unavailable'}`}
                          aria-current={value.selected ? 'true' : undefined}
                          aria-label={`${option.name} ${value.value}${value.available ? '' : ', sold out'}`}
                          preventScrollReset
                          replace
                          data-value={value.value}
                        >
                          {value.value}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </fieldset>
              );
            })}

            <StockLine stock={v.stock} />

            <AddToBagForm sku={v.sku} soldOut={soldOut} maxQuantity={maxQuantity} market={product.market} />

            {product.description ? (
              <div className="product__description">
                <p>{product.description}</p>
              </div>
            ) : null}

            <div className="product__details">
              <details>
                <summary>Details</summary>
                <dl className="spec">
                  {product.optionNames.map((name) => (
                    <div key={name}>
                      <dt>{name}</dt>
                      <dd>{v.options[name]}</dd>
                    </div>
                  ))}
                  <div>
                    <dt>Reference</dt>
                    <dd>{v.sku}</dd>
                  </div>
                </dl>
              </details>
              <details>
                <summary>Delivery &amp; returns</summary>
                <p>{shop.region.taxIncluded ? 'Prices include VAT.' : 'Sales tax, where it applies, is calculated at checkout.'} Delivery options and costs are shown at checkout.</p>
              </details>
            </div>
          </div>
        </div>
      </div>

      {product.related.length ? (
        <section className="section related" aria-labelledby="related-title">
          <div className="section__head">
            <h2 id="related-title" className="section__title">
              You may also like
            </h2>
            <Link to={to(`/collections/${product.category.handle}`)} className="text-link">
              All {product.category.title.toLowerCase()}
            </Link>
          </div>
          <ProductGrid products={product.related} eagerCount={0} label="Related products" />
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = StorefrontErrorBoundary;
