// The root loader's data (region, currency, navigation), read by the layout and components.
// Undefined when the root loader itself failed: callers fall back to the defaults below.
import { useRouteLoaderData } from '@remix-run/react';

export type RegionView = { code: string; currency: string; label: string; name: string; taxIncluded: boolean; taxNote: string };
export type ShopData = {
  region: RegionView;
  regions: { code: string; label: string; name: string }[];
  categories: { handle: string; title: string }[];
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
};

export function useShopData(): ShopData {
  return (useRouteLoaderData('root') as ShopData | undefined) ?? FALLBACK_SHOP_DATA;
}
