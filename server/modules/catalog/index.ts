// The catalog projection as shoppers read it (home, categories, product pages, search), the
// markets (US/EU: currency and tax presentation) and the product art. Only door of the area.
export { getCategoryListing, getHomePage, getProductDetail, listNavCategories, listProducts, type ProductCard, searchProducts, type SortOption, type StockState } from './catalog';
export { getRegion, REGION_CODES, type RegionCode, REGIONS, safeRedirectPath, serializeRegion } from './markets';
export { ART_KINDS, type ArtKind, type ArtPalette, type ArtSpec, artUrl, parseArtPath, renderProductArt } from './product-art';
