// Home: an editorial hero, the three categories, and featured products per category. `/` is the
// US home and `/eu` the EU one; `/` is the one URL that reads the market preference cookie: a
// shopper who chose the EU is sent to `/eu` (ADR 022), so `/` alone varies on Cookie.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { catalogCacheHeaders, catalogRouteHeaders, surrogateKey } from '~/services/platform.server';
import { getHomePage } from '~/services/catalog.server';
import { getRegion } from '~/services/web.server';
import { errorMeta, StorefrontErrorBoundary } from '~/components/ErrorPages';
import { ProductGrid } from '~/components/ProductCard';
import { guardLoader } from '~/lib/loader-errors.server';
import { catalogMarket } from '~/lib/market.server';
import { marketPath } from '~/lib/market-path';
import { absoluteUrl, canonicalLinks, jsonLdMeta, openGraphMeta, organizationJsonLd, productOgImagePath, shopFromMatches, SHOP_DESCRIPTION, websiteJsonLd } from '~/lib/seo';
import { useMarketPath } from '~/lib/shop-data';

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  return guardLoader(context, async () => {
    const region = catalogMarket(params, context);
    const unprefixed = params.locale === undefined;
    if (unprefixed) {
      const preferred = await getRegion(request, context.config);
      if (preferred.code !== region.code) throw redirect(marketPath(preferred.code, '/'), { headers: { 'Cache-Control': 'no-store', Vary: 'Cookie' } });
    }
    const home = await getHomePage(context.db.replica, { currency: region.currency, perCategory: 4 });
    const keys = [
      surrogateKey.home(),
      ...home.categories.map((c) => surrogateKey.category(c.handle)),
      ...home.categories.flatMap((c) => c.products.map((p) => surrogateKey.product(p.handle))),
    ];
    const headers = catalogCacheHeaders(keys);
    if (unprefixed) headers.set('Vary', 'Cookie');
    return data({ ...home, market: region.code }, { headers });
  });
}

export const headers = catalogRouteHeaders;

export const meta: MetaFunction<typeof loader> = ({ data, error, matches }) => {
  if (error || !data) return errorMeta(error);
  const origin = shopFromMatches(matches)?.origin ?? '';
  const title = 'DotShop — Fashion, beauty and jewelry, made to be kept';
  const lead = data.hero ?? data.categories.flatMap((c) => c.products)[0];
  return [
    { title },
    { name: 'description', content: SHOP_DESCRIPTION },
    ...canonicalLinks(origin, data.market, '/'),
    ...(lead
      ? openGraphMeta({ title, description: SHOP_DESCRIPTION, url: `${origin}${marketPath(data.market, '/')}`, image: absoluteUrl(origin, productOgImagePath(lead.handle)), type: 'website', market: data.market })
      : []),
    jsonLdMeta(organizationJsonLd(origin)),
    jsonLdMeta(websiteJsonLd(origin, data.market)),
  ];
};

export default function Home() {
  const { categories, hero } = useLoaderData<typeof loader>();
  const withProducts = categories.filter((c) => c.products.length > 0);
  const to = useMarketPath();
  return (
    <div className="home">
      <section className="hero" aria-labelledby="hero-title">
        <div className="hero__copy">
          <p className="eyebrow">The autumn edit</p>
          <h1 id="hero-title" className="hero__title">
            Fewer, better things.
          </h1>
          <p className="hero__lede">Washed linens, quiet skin care and fine jewelry in recycled gold — made in small runs, designed to be kept for years.</p>
          <div className="hero__actions">
            {categories.slice(0, 1).map((c) => (
              <Link key={c.handle} to={to(`/collections/${c.handle}`)} className="button">
                Shop {c.title.toLowerCase()}
              </Link>
            ))}
            <a href="#categories" className="text-link">
              Explore the collections
            </a>
          </div>
        </div>
        {hero?.image ? (
          <Link to={to(`/products/${hero.handle}`)} className="hero__media" aria-label={hero.title}>
            <img src={hero.image.url} alt={hero.image.alt || hero.title} width={hero.image.width} height={hero.image.height} />
            <span className="hero__caption">{hero.title}</span>
          </Link>
        ) : null}
      </section>

      <section id="categories" className="section" aria-labelledby="categories-title">
        <h2 id="categories-title" className="visually-hidden">
          Collections
        </h2>
        <ul className="category-tiles">
          {categories.map((c, i) => {
            // The hero already shows one product: the tile shows another, so no image appears twice.
            const image = c.products.find((p) => p.image && p.handle !== hero?.handle)?.image ?? c.products.find((p) => p.image)?.image;
            return (
              <li key={c.handle}>
                <Link to={to(`/collections/${c.handle}`)} className="category-tile" data-testid="category-tile">
                  <div className="category-tile__media">
                    {image ? <img src={image.url} alt="" width={image.width} height={image.height} loading={i === 0 ? 'eager' : 'lazy'} /> : null}
                  </div>
                  <div className="category-tile__copy">
                    <span className="category-tile__index" aria-hidden="true">
                      0{i + 1}
                    </span>
                    <h3 className="category-tile__title">{c.title}</h3>
                    {c.tagline ? <p className="category-tile__tagline">{c.tagline}</p> : null}
                    <span className="text-link">Shop {c.title}</span>
                  </div>
                </Link>
              </li>
            );
          })}
        </ul>
      </section>

      <section className="values" aria-label="How we make things">
        <div>
          <h2 className="values__title">Materials first</h2>
          <p>Linen, merino, recycled gold, and formulas we can explain on one label.</p>
        </div>
        <div>
          <h2 className="values__title">Small runs</h2>
          <p>We make in limited quantities. When a piece sells through, it may not return.</p>
        </div>
        <div>
          <h2 className="values__title">Made to be kept</h2>
          <p>Cut, finished and plated to last — designed for years, not seasons.</p>
        </div>
      </section>

      {withProducts.map((c) => (
        <section key={c.handle} className="section" aria-labelledby={`featured-${c.handle}`} data-testid={`featured-${c.handle}`}>
          <div className="section__head">
            <div>
              <p className="eyebrow">Featured</p>
              <h2 id={`featured-${c.handle}`} className="section__title">
                {c.title}
              </h2>
            </div>
            <Link to={to(`/collections/${c.handle}`)} className="text-link">
              View all {c.title.toLowerCase()}
            </Link>
          </div>
          <ProductGrid products={c.products} eagerCount={0} label={`Featured ${c.title}`} />
        </section>
      ))}
    </div>
  );
}

export const ErrorBoundary = StorefrontErrorBoundary;
