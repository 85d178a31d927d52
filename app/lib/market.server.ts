// Which market a request is in (ADR 022). Catalog pages take it from the URL alone, so they can be
// cached without varying on cookies; personal pages (bag, checkout, orders) read the shopper's
// preference cookie, which the region switch and an add to bag write.
import type { AppLoadContext, LoaderFunctionArgs } from '@remix-run/node';
import { REGIONS, type Region } from '~/services/catalog.server';
import { getRegion } from '~/services/web.server';
import { marketFromLocaleParam, urlMarket } from './market-path';
import { notFound } from './loader-errors.server';

/** The market of a `($locale)` catalog route; an unknown prefix (`/fr/…`, `/us/…`) is a 404. */
export function catalogMarket(params: LoaderFunctionArgs['params'], context: AppLoadContext): Region {
  const code = marketFromLocaleParam(params.locale);
  if (!code) notFound(`path:/${params.locale}`, context.requestId);
  return REGIONS[code];
}

/** The market any page is shown in: the URL's for catalog pages, else the preference cookie. */
export async function pageMarket(request: Request, context: AppLoadContext): Promise<Region> {
  const fromUrl = urlMarket(new URL(request.url).pathname);
  return fromUrl ? REGIONS[fromUrl] : getRegion(request, context.config);
}
