// GET /api/v1/products and /api/v1/products/{handle}: the catalog read side for API clients.
// Reads go to the regional replica; answers carry the catalog cache headers (public, s-maxage,
// surrogate keys) because they are the same for every caller — the region is in the URL.
import { catalogCacheHeaders, surrogateKey } from '../../platform/cache-headers';
import { getCategoryListing, getProductDetail, listProducts, searchProducts, type ProductCard, type StockState, REGIONS } from '../../modules/catalog';
import type { AppContext } from '../../platform/context';
import { ApiError, apiJson, assertMethod, handleApiRequest, parseQuery, type RouteParams } from './errors';
import { productHandleSchema, productListQuerySchema, regionQuerySchema, type ProductDetailResponse, type ProductListResponse } from './schemas';

type Currency = ProductListResponse['currency'];

function stock(s: StockState): ProductListResponse['products'][number]['stock'] {
  return s.kind === 'low_stock' ? { state: 'low_stock', remaining: s.remaining } : { state: s.kind };
}

function summary(p: ProductCard): ProductListResponse['products'][number] {
  return {
    handle: p.handle,
    title: p.title,
    vendor: p.vendor,
    category: p.categoryHandle,
    currency: p.currency as Currency,
    price: p.price,
    compareAtPrice: p.compareAtPrice,
    priceVaries: p.priceVaries,
    availableForSale: p.stock.kind !== 'sold_out',
    stock: stock(p.stock),
    image: p.image,
  };
}

/** API headers for a catalog answer: the CDN contract of the pages, minus `Vary: Cookie` (the region is in the URL here). */
function catalogHeaders(keys: string[]): Headers {
  const headers = catalogCacheHeaders(keys);
  headers.delete('Vary');
  return headers;
}

export function listProductsEndpoint(request: Request, context: AppContext): Promise<Response> {
  return handleApiRequest(context, async () => {
    assertMethod(request, 'GET', 'HEAD');
    const query = parseQuery(request, productListQuerySchema);
    const currency = REGIONS[query.region].currency;
    const db = context.db.replica;
    let result: { products: ProductCard[]; page: number; pageSize: number; pageCount: number; total: number };
    let listKey: string;
    if (query.q) {
      result = await searchProducts(db, { q: query.q, currency, page: query.page, categoryHandle: query.category });
      listKey = surrogateKey.search();
    } else if (query.category) {
      const listing = await getCategoryListing(db, { handle: query.category, currency, page: query.page });
      if (!listing) throw new ApiError(404, 'not_found', 'No category with that handle.');
      result = listing;
      listKey = surrogateKey.category(query.category);
    } else {
      result = await listProducts(db, { currency, page: query.page });
      // The unfiltered listing changes whenever any search could: the same purge covers both.
      listKey = surrogateKey.search();
    }
    // The storefront serves the last page for a page past the end; an API client paging until it
    // sees no products must get an empty page instead, or it would never stop.
    const pastEnd = result.page !== query.page;
    const body: ProductListResponse = {
      products: pastEnd ? [] : result.products.map(summary),
      page: query.page,
      pageSize: result.pageSize,
      pageCount: result.pageCount,
      total: result.total,
      currency,
    };
    return apiJson(body, { headers: catalogHeaders([listKey, ...result.products.map((p) => surrogateKey.product(p.handle))]) });
  });
}

export function productDetailEndpoint(request: Request, params: RouteParams, context: AppContext): Promise<Response> {
  return handleApiRequest(context, async () => {
    assertMethod(request, 'GET', 'HEAD');
    const { region } = parseQuery(request, regionQuerySchema);
    const handle = productHandleSchema.safeParse(params.handle);
    const product = handle.success ? await getProductDetail(context.db.replica, { handle: handle.data, currency: REGIONS[region].currency, relatedCount: 0 }) : null;
    if (!product) throw new ApiError(404, 'not_found', 'No product with that handle is for sale in this region.');
    const body: ProductDetailResponse = {
      handle: product.handle,
      title: product.title,
      description: product.description,
      vendor: product.vendor,
      productType: product.productType,
      category: product.category,
      currency: product.currency as Currency,
      optionNames: product.optionNames,
      images: product.images,
      variants: product.variants.map((v) => ({
        sku: v.sku,
        title: v.title,
        options: v.options,
        price: v.price,
        compareAtPrice: v.compareAtPrice,
        availableForSale: v.sellable > 0,
        stock: stock(v.stock),
      })),
    };
    return apiJson(body, { headers: catalogHeaders([surrogateKey.product(product.handle)]) });
  });
}
