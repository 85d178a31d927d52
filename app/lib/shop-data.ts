// The root loader's data (region, currency, navigation), read by the layout and components.
// Undefined when the root loader itself failed: callers fall back to the defaults below.
import { useRouteLoaderData } from '@remix-run/react';
import { marketPath } from './market-path';

export type RegionView = { code: string; currency: string; label: string; name: string; taxIncluded: boolean; taxNote: string };
export type ShopData = {
  region: RegionView;
  regions: { code: string; label: string; name: string }[];
  categories: { handle: string; title: string }[];
  /** The shop's public origin (canonical, og:url, hreflang and JSON-LD URLs are absolute). */
  origin: string;
};

// Pure constants used only when the root loader could not answer (the error page still needs a header).
export const FALLBACK_SHOP_DATA: ShopData = {
  region: { code: 'us', currency: 'USD', label: 'US $', name: 'United States (USD $)', taxIncluded: false, taxNote: 'Taxes calculated at checkout' },
  regions: [
    { code: 'us', label: 'US $', name: 'United States (USD $)' },
    { code: 'eu', label: 'EU €', name: 'European Union (EUR €)' },
  ],
  categories: [
    { handle: 'fashion', title: 'Fashion' },
    { handle: 'beauty', title: 'Beauty' },
    { handle: 'jewelry', title: 'Jewelry' },
  ],
  origin: '',
};

export function useShopData(): ShopData {
  return (useRouteLoaderData('root') as ShopData | undefined) ?? FALLBACK_SHOP_DATA;
}

/** Builds links in the market the page is shown in (`/collections/x` → `/eu/collections/x` in the EU). */
export function useMarketPath(): (path: string) => string {
  const shop = useShopData();
  return (path: string) => marketPath(shop.region.code, path);
}
