// The catalog projection as shoppers read it (home, categories, product pages, search) and the
// markets (US/EU: currency and tax presentation). Only door of the area.
export { getCategoryListing, getHomePage, getProductDetail, listNavCategories, listProducts, type ProductCard, searchProducts, type SortOption, type StockState } from './catalog';
export { DEFAULT_REGION, type Region, REGION_CODES, type RegionCode, REGIONS, resolveRegion } from './markets';
