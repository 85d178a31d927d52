import { describe, expect, it } from 'vitest';
import { ApiVersion, GraphqlQueryError, HttpResponseError } from '@shopify/shopify-api';
import { CATALOG_UPDATED_AT, catalogProducts } from '../../db/seed/catalog';
import { decimal } from './ids';
import { createEmulatorShopify, type EmulatorShopify } from './sdk-test-client';
import { type ShopifyEmulator, startShopifyEmulator } from './server';
import { setUpShopifySuite } from './test-helpers';

const PRODUCTS_PAGE = /* GraphQL */ `
  query Products($cursor: String, $query: String) {
    products(first: 8, after: $cursor, query: $query) {
      edges {
        cursor
        node {
          id
          handle
          title
          productType
          vendor
          tags
          status
          descriptionHtml
          description
          updatedAt
          options { name values }
          variants(first: 20) {
            nodes {
              id
              sku
              title
              price
              compareAtPrice
              selectedOptions { name value }
              inventoryItem { id }
              updatedAt
              eur: contextualPricing(context: { country: DE }) { price { amount currencyCode } }
            }
          }
          media(first: 5) {
            nodes { ... on MediaImage { id alt image { url altText width height } } }
          }
          images(first: 2) { nodes { url altText } }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

interface ProductNode {
  id: string;
  handle: string;
  title: string;
  productType: string;
  tags: string[];
  status: string;
  descriptionHtml: string;
  description: string;
  updatedAt: string;
  options: { name: string; values: string[] }[];
  variants: { nodes: { id: string; sku: string; title: string; price: string; compareAtPrice: string | null; selectedOptions: { name: string; value: string }[]; inventoryItem: { id: string }; updatedAt: string; eur: { price: { amount: string; currencyCode: string } } }[] };
  media: { nodes: { id: string; alt: string; image: { url: string; altText: string; width: number; height: number } }[] };
  images: { nodes: { url: string; altText: string }[] };
}
interface ProductsPage {
  products: { edges: { cursor: string; node: ProductNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const LEVELS_PAGE = /* GraphQL */ `
  query Levels($locationId: ID!, $cursor: String) {
    location(id: $locationId) {
      inventoryLevels(first: 100, after: $cursor) {
        edges {
          cursor
          node {
            id
            updatedAt
            item { id sku }
            quantities(names: ["available", "committed", "on_hand"]) { name quantity }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;
interface LevelsPage {
  location: {
    inventoryLevels: {
      edges: { cursor: string; node: { id: string; updatedAt: string; item: { id: string; sku: string }; quantities: { name: string; quantity: number }[] } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

describe('catalog and stock through the real SDK', () => {
  let emu: ShopifyEmulator;
  let sdk: EmulatorShopify;
  // A big bucket: these tests are about data, cost-test.ts is about throttling.
  setUpShopifySuite((s) => ({ emu, sdk } = s), { options: { bucket: { maximumAvailable: 100_000, restoreRate: 100_000 } }, reset: false });

  it('pages through every product with cursors; ids, SKUs, prices, options and images match the seed', async () => {
    const seen: ProductNode[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const res: { data?: ProductsPage } = await sdk.client.request<ProductsPage>(PRODUCTS_PAGE, { variables: { cursor } });
      const conn = res.data!.products;
      seen.push(...conn.edges.map((e) => e.node));
      pages++;
      expect(conn.pageInfo.endCursor).toBe(conn.edges.at(-1)?.cursor ?? null);
      if (!conn.pageInfo.hasNextPage) break;
      cursor = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(catalogProducts.length / 8));
    expect(seen).toHaveLength(catalogProducts.length);
    expect(new Set(seen.map((p) => p.id)).size).toBe(catalogProducts.length);

    const byHandle = new Map(seen.map((p) => [p.handle, p]));
    for (const seed of catalogProducts) {
      const p = byHandle.get(seed.handle)!;
      expect(p).toMatchObject({ id: seed.shopifyId, title: seed.title, productType: seed.productType, tags: seed.tags, status: 'ACTIVE', description: seed.description, updatedAt: '2026-01-05T09:00:00Z' });
      expect(p.descriptionHtml).toContain(seed.description.slice(0, 20));
      expect(p.variants.nodes.map((v) => v.sku)).toEqual(seed.variants.map((v) => v.sku));
      for (const [i, sv] of seed.variants.entries()) {
        const v = p.variants.nodes[i];
        expect(v).toMatchObject({ id: sv.shopifyId, title: sv.title, price: (sv.price.USD / 100).toFixed(2), inventoryItem: { id: sv.inventoryItemId } });
        // MoneyV2.amount is a Decimal: "135.0", not "135.00" (the Money scalar of `price` keeps two places).
        expect(v.eur.price).toEqual({ amount: decimal(sv.price.EUR), currencyCode: 'EUR' });
        expect(v.compareAtPrice).toBe(sv.compareAtPrice ? (sv.compareAtPrice.USD / 100).toFixed(2) : null);
        if (seed.options.length) expect(v.selectedOptions).toEqual(sv.selectedOptions);
        else expect(v.selectedOptions).toEqual([{ name: 'Title', value: 'Default Title' }]);
      }
      expect(p.media.nodes.map((m) => m.image.url)).toEqual(seed.images.map((i) => i.src));
      expect(p.media.nodes[0]).toMatchObject({ alt: seed.images[0].alt, image: { width: 1200, height: 1500, altText: seed.images[0].alt } });
      expect(p.images.nodes.map((i) => i.url)).toEqual(seed.images.slice(0, 2).map((i) => i.src));
    }
  });

  it('filters with updated_at and other search terms; unknown fields are reported, not fatal', async () => {
    const all = await sdk.client.request<ProductsPage>(PRODUCTS_PAGE, { variables: { query: `updated_at:>=${CATALOG_UPDATED_AT.toISOString()}` } });
    expect(all.data!.products.edges).toHaveLength(8);
    const none = await sdk.client.request<ProductsPage>(PRODUCTS_PAGE, { variables: { query: "updated_at:>'2026-01-05T09:00:00Z'" } });
    expect(none.data!.products.edges).toHaveLength(0);

    const variant = catalogProducts[3].variants[0];
    emu.setPrice(variant.sku, '999.00');
    const changed = await sdk.client.request<ProductsPage>(PRODUCTS_PAGE, { variables: { query: "updated_at:>'2026-01-05T09:00:00Z'" } });
    expect(changed.data!.products.edges.map((e) => e.node.handle)).toEqual([catalogProducts[3].handle]);
    expect(changed.data!.products.edges[0].node.variants.nodes[0].price).toBe('999.00');

    const tagged = await sdk.client.request<ProductsPage>(PRODUCTS_PAGE, { variables: { query: 'tag:linen AND status:active' } });
    expect(tagged.data!.products.edges.length).toBeGreaterThan(0);
    for (const e of tagged.data!.products.edges) expect(e.node.tags).toContain('linen');
    const bySku = await sdk.client.request<ProductsPage>(PRODUCTS_PAGE, { variables: { query: `sku:${variant.sku}` } });
    expect(bySku.data!.products.edges.map((e) => e.node.handle)).toEqual([catalogProducts[3].handle]);

    const warned = await sdk.client.request<ProductsPage>(PRODUCTS_PAGE, { variables: { query: 'colour:blue' } });
    expect(warned.data!.products.edges).toHaveLength(8);
    expect((warned.extensions as { search?: unknown }).search).toEqual([{ path: ['products'], query: 'colour:blue', warnings: [{ field: 'colour', message: 'Invalid search field for this query.' }] }]);
    emu.reset();
  });

  it('pages through every inventory level of the location with cursors; quantities match the seed', async () => {
    const levels: LevelsPage['location']['inventoryLevels']['edges'][number]['node'][] = [];
    let cursor: string | null = null;
    for (;;) {
      const res: { data?: LevelsPage } = await sdk.client.request<LevelsPage>(LEVELS_PAGE, { variables: { locationId: emu.locationId, cursor } });
      const conn = res.data!.location.inventoryLevels;
      levels.push(...conn.edges.map((e) => e.node));
      if (!conn.pageInfo.hasNextPage) break;
      cursor = conn.pageInfo.endCursor;
    }
    const seedVariants = catalogProducts.flatMap((p) => p.variants);
    expect(levels).toHaveLength(seedVariants.length);
    const bySku = new Map(levels.map((l) => [l.item.sku, l]));
    for (const v of seedVariants) {
      const l = bySku.get(v.sku)!;
      expect(l.item.id).toBe(v.inventoryItemId);
      expect(l.id).toMatch(/^gid:\/\/shopify\/InventoryLevel\/\d+\?inventory_item_id=\d+$/);
      expect(l.quantities).toEqual([
        { name: 'available', quantity: v.inventoryQuantity },
        { name: 'committed', quantity: 0 },
        { name: 'on_hand', quantity: v.inventoryQuantity },
      ]);
      expect(l.updatedAt).toBe('2026-01-05T09:00:00Z');
    }
  });

  it('inventoryItems paginates too, and backwards paging (last/before) returns the same items', async () => {
    const q = `query($first: Int, $after: String, $last: Int, $before: String) {
      inventoryItems(first: $first, after: $after, last: $last, before: $before) {
        edges { cursor node { id sku inventoryLevel(locationId: "${emu.locationId}") { quantities(names: ["available"]) { quantity } } } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }`;
    type Page = { inventoryItems: { edges: { cursor: string; node: { id: string; sku: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } } };
    const forward: string[] = [];
    let after: string | null = null;
    let last: Page['inventoryItems']['pageInfo'] | null = null;
    do {
      const r: { data?: Page } = await sdk.client.request<Page>(q, { variables: { first: 100, after } });
      forward.push(...r.data!.inventoryItems.edges.map((e) => e.node.id));
      last = r.data!.inventoryItems.pageInfo;
      after = last.endCursor;
    } while (last.hasNextPage);
    expect(forward).toHaveLength(catalogProducts.flatMap((p) => p.variants).length);
    const backward: string[] = [];
    let before: string | null = null;
    let info: Page['inventoryItems']['pageInfo'] | null = null;
    do {
      const r: { data?: Page } = await sdk.client.request<Page>(q, { variables: { last: 100, before } });
      backward.unshift(...r.data!.inventoryItems.edges.map((e) => e.node.id));
      info = r.data!.inventoryItems.pageInfo;
      before = info.startCursor;
    } while (info.hasPreviousPage);
    expect(backward).toEqual(forward);
  });

  it('looks up single objects: product by handle/id, variant, node(s), shop', async () => {
    const seed = catalogProducts[0];
    const res = await sdk.client.request<Record<string, { id?: string; handle?: string; sku?: string; myshopifyDomain?: string; currencyCode?: string } | null>>(
      `query($id: ID!, $vid: ID!) {
        byHandle: productByIdentifier(identifier: { handle: "${seed.handle}" }) { id handle }
        byId: product(id: $id) { id handle }
        missing: product(id: "gid://shopify/Product/1") { id }
        variant: productVariant(id: $vid) { id sku }
        node(id: $vid) { id ... on ProductVariant { sku } }
        shop { myshopifyDomain currencyCode }
      }`,
      { variables: { id: seed.shopifyId, vid: seed.variants[1].shopifyId } },
    );
    expect(res.data).toMatchObject({
      byHandle: { id: seed.shopifyId, handle: seed.handle },
      byId: { id: seed.shopifyId },
      missing: null,
      variant: { sku: seed.variants[1].sku },
      node: { id: seed.variants[1].shopifyId, sku: seed.variants[1].sku },
      shop: { myshopifyDomain: 'dotshop-dev.myshopify.com', currencyCode: 'USD' },
    });
  });

  it('rejects fields outside the subset, missing page sizes, a bad token and an old API version', async () => {
    const invalid = await sdk.client.request(`{ products(first: 1) { nodes { notAField } } }`).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(GraphqlQueryError);
    expect((invalid as GraphqlQueryError).message).toContain('Cannot query field "notAField" on type "Product"');

    const noFirst = await sdk.client.request(`{ products { nodes { id } } }`).catch((e: unknown) => e);
    expect((noFirst as GraphqlQueryError).message).toBe('you must provide one of first or last');

    const res = await fetch(emu.graphqlUrl('2026-04'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ shop { name } }' }) });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });

    const old = createEmulatorShopify(emu, { apiVersion: ApiVersion.October25 });
    const err = await old.client.request('{ shop { name } }').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpResponseError);
    expect((err as HttpResponseError).response.code).toBe(404);
  });
});

describe('access token', () => {
  it('only the configured token is accepted when one is set', async () => {
    const emu = await startShopifyEmulator({ port: 0, accessToken: 'shpat_right' });
    try {
      const wrong = createEmulatorShopify(emu, { accessToken: 'shpat_wrong' });
      const err = await wrong.client.request('{ shop { name } }').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpResponseError);
      expect((err as HttpResponseError).response.code).toBe(401);
      const right = createEmulatorShopify(emu);
      expect((await right.client.request<{ shop: { name: string } }>('{ shop { name } }')).data?.shop.name).toBe('DotShop (emulated)');
    } finally {
      await emu.close();
    }
  });
});
