// The document: storefront chrome (sticky header with category nav, search, region switch and
// bag; footer) around every storefront page, and the root error page. The root loader is cheap:
// the market comes from the URL on catalog pages (from the preference cookie on the bag, checkout
// and order pages) and the category list is one tiny indexed query.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useMatches } from '@remix-run/react';
import { useNonce } from './components/nonce';
import { listNavCategories, REGION_CODES, REGIONS } from '~/services/catalog.server';
import { NO_STORE } from '~/services/platform.server';
import { SiteFooter } from './components/SiteFooter';
import { SiteHeader } from './components/SiteHeader';
import { StorefrontErrorBoundary, errorMeta } from './components/ErrorPages';
import { guardLoader } from './lib/loader-errors.server';
import { pageMarket } from './lib/market.server';
import { useShopData, type ShopData } from './lib/shop-data';
import styles from './styles/app.css';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.ico', type: 'image/svg+xml' },
];

export async function loader({ request, context }: LoaderFunctionArgs): Promise<ShopData> {
  return guardLoader(context, async () => {
    const [region, categories] = await Promise.all([pageMarket(request, context), listNavCategories(context.db.replica)]);
    return {
      region: { code: region.code, currency: region.currency, label: region.label, name: region.name, taxIncluded: region.taxIncluded, taxNote: region.taxNote },
      regions: REGION_CODES.map((code) => ({ code, label: REGIONS[code].label, name: REGIONS[code].name })),
      categories,
      origin: context.config.PUBLIC_URL.replace(/\/$/, ''),
    };
  });
}

// The default for any route that states nothing (and for the root error page): never cache.
// Catalog routes replace this with their own public, surrogate-keyed headers.
export const headers: HeadersFunction = () => ({ 'Cache-Control': NO_STORE });

export const meta: MetaFunction = ({ error }) =>
  error ? errorMeta(error) : [{ title: 'DotShop' }, { name: 'description', content: 'Fashion, beauty and jewelry, made to be kept.' }];

/** Routes outside the storefront (the admin) set `handle: { storefrontChrome: false }` and draw their own chrome. */
function useStorefrontChrome(): boolean {
  const matches = useMatches();
  return !matches.some((m) => {
    const handle = m.handle as { storefrontChrome?: boolean } | undefined;
    return handle?.storefrontChrome === false || m.pathname.startsWith('/admin');
  });
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  const shop = useShopData();
  const chrome = useStorefrontChrome();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#f6f3ee" />
        <Meta />
        <Links />
      </head>
      <body className={chrome ? 'storefront' : undefined}>
        {chrome ? (
          <>
            <SiteHeader shop={shop} />
            <main id="main" className="site-main">
              {children}
            </main>
            <SiteFooter shop={shop} />
          </>
        ) : (
          children
        )}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const ErrorBoundary = StorefrontErrorBoundary;
