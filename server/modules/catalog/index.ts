// The catalog projection as shoppers read it (home, categories, product pages, search) and the
// markets (US/EU: currency and tax presentation). Only door of the area.
export { getCategoryListing } from './category';
export { getHomePage, listNavCategories } from './home';
export { getProductDetail } from './product';
export { listProducts, searchProducts } from './search';
export { LOW_STOCK_THRESHOLD, type ProductCard, type ProductDetail, type SortOption, type StockState } from './types';
export { DEFAULT_REGION, type Region, REGION_CODES, type RegionCode, REGIONS, resolveRegion } from './markets';
export { getCategoryLeadImage, getProductLeadImage, listSitemapEntries, type SitemapEntries } from './crawlers';
