import { describe, expect, it } from 'vitest';
import { DEFAULT_REGION, REGION_CODES } from '../modules/catalog';
import { buildCloudFrontInvalidation, MARKET_PATH_PREFIXES, pathsForKey } from './purge';

describe('purge paths (CloudFront invalidates paths)', () => {
  it('names one URL prefix per market, the default market unprefixed (ADR 022)', () => {
    expect(MARKET_PATH_PREFIXES).toEqual(REGION_CODES.map((code) => (code === DEFAULT_REGION ? '' : `/${code}`)));
  });

  it('a product purge covers its page in every market, its preview image, its API answer and the sitemap', () => {
    expect(pathsForKey('product:dome-ring')).toEqual(['/products/dome-ring*', '/eu/products/dome-ring*', '/og/products/dome-ring.png', '/api/v1/products/dome-ring*', '/sitemap.xml']);
    expect(pathsForKey('category:jewelry')).toEqual(['/collections/jewelry*', '/eu/collections/jewelry*', '/og/collections/jewelry.png', '/api/v1/products*', '/sitemap.xml']);
    expect(pathsForKey('home')).toEqual(['/', '/eu']);
    expect(pathsForKey('search')).toEqual(['/search*', '/eu/search*', '/api/v1/products*']);
  });

  it('an invalidation de-duplicates the sitemap shared by several keys', () => {
    const req = buildCloudFrontInvalidation('D1', ['product:a', 'product:b'], '0-0-0-0-0');
    expect(req.body.InvalidationBatch.Paths.Items.filter((p) => p === '/sitemap.xml')).toHaveLength(1);
  });
});
