import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories, images, inventory, products, variantPrices, variants } from '../../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { getCategoryListing } from './category';
import { getHomePage, listNavCategories } from './home';
import { getProductDetail } from './product';
import { searchProducts } from './search';
import { buildVariantPicker, compareOptionValues, normalizeFilters, prefixQuery, selectVariant, sortOptionNames, stockState } from './shaping';
import { PAGE_SIZE, type VariantDetail } from './types';

// A small hand-built catalog: enough to pin every rule with exact numbers.
let t: TestDatabase;

type VariantSpec = { sku: string; options: Record<string, string>; usd: number; eur?: number; compareUsd?: number; available: number; reserved?: number };
type ProductSpec = {
  handle: string;
  title: string;
  category: string;
  description?: string;
  productType?: string;
  status?: 'active' | 'draft' | 'archived';
  featured?: boolean;
  createdAt?: Date;
  images?: number;
  variants: VariantSpec[];
};

async function insertCatalog(specs: ProductSpec[]) {
  const cats = await t.primary
    .insert(categories)
    .values([
      { handle: 'fashion', title: 'Fashion', tagline: 'Considered wardrobe', position: 1 },
      { handle: 'beauty', title: 'Beauty', tagline: 'Skin and scent', position: 2 },
      { handle: 'jewelry', title: 'Jewelry', tagline: 'Everyday heirlooms', position: 3 },
    ])
    .returning();
  const catId = Object.fromEntries(cats.map((c) => [c.handle, c.id]));
  for (const spec of specs) {
    const [p] = await t.primary
      .insert(products)
      .values({
        handle: spec.handle,
        title: spec.title,
        description: spec.description ?? '',
        productType: spec.productType ?? '',
        categoryId: catId[spec.category],
        status: spec.status ?? 'active',
        featured: spec.featured ?? false,
        createdAt: spec.createdAt ?? new Date('2026-01-01T00:00:00Z'),
      })
      .returning();
    for (let i = 0; i < (spec.images ?? 1); i++) {
      await t.primary.insert(images).values({ productId: p.id, url: `/media/art/${spec.handle}-${i}.svg`, alt: `${spec.title} view ${i + 1}`, position: i });
    }
    for (const [position, vs] of spec.variants.entries()) {
      const [v] = await t.primary
        .insert(variants)
        .values({ productId: p.id, sku: vs.sku, title: Object.values(vs.options).join(' / ') || 'Default', options: vs.options, position })
        .returning();
      await t.primary.insert(variantPrices).values({ variantId: v.id, currency: 'USD', amount: vs.usd, compareAtAmount: vs.compareUsd ?? null });
      if (vs.eur) await t.primary.insert(variantPrices).values({ variantId: v.id, currency: 'EUR', amount: vs.eur });
      await t.primary.insert(inventory).values({ variantId: v.id, available: vs.available, reserved: vs.reserved ?? 0 });
    }
  }
}

const day = (n: number) => new Date(Date.UTC(2026, 0, n));

beforeAll(async () => {
  t = await createTestDatabase('catalog');
  const shirts: ProductSpec[] = Array.from({ length: 13 }, (_, i) => ({
    handle: `tee-${String(i + 1).padStart(2, '0')}`,
    title: `Cotton Tee ${String(i + 1).padStart(2, '0')}`,
    category: 'fashion',
    createdAt: day(i + 1),
    variants: [{ sku: `TEE-${i + 1}-M`, options: { Size: 'M' }, usd: 3000 + i * 100, eur: 2800 + i * 100, available: 20 }],
  }));
  await insertCatalog([
    {
      handle: 'linen-shirt',
      title: 'Linen Shirt',
      category: 'fashion',
      description: 'A relaxed shirt in washed European linen.',
      productType: 'Shirt',
      featured: true,
      createdAt: day(20),
      images: 3,
      variants: [
        { sku: 'LIN-S-SAND', options: { Size: 'S', Colour: 'Sand' }, usd: 12000, eur: 11000, compareUsd: 15000, available: 10 },
        { sku: 'LIN-M-SAND', options: { Size: 'M', Colour: 'Sand' }, usd: 12000, eur: 11000, available: 3 },
        { sku: 'LIN-L-SAND', options: { Size: 'L', Colour: 'Sand' }, usd: 12500, eur: 11500, available: 4, reserved: 4 },
        { sku: 'LIN-M-INK', options: { Size: 'M', Colour: 'Ink' }, usd: 13000, eur: 12000, available: 8 },
      ],
    },
    {
      handle: 'wool-coat',
      title: 'Wool Coat',
      category: 'fashion',
      description: 'Double-faced wool, unlined.',
      createdAt: day(25),
      variants: [
        { sku: 'COAT-M', options: { Size: 'M' }, usd: 45000, eur: 42000, available: 0 },
        { sku: 'COAT-L', options: { Size: 'L' }, usd: 45000, eur: 42000, available: 1, reserved: 1 },
      ],
    },
    ...shirts,
    {
      handle: 'gold-hoops',
      title: 'Gold Hoops',
      category: 'jewelry',
      description: 'Small hoops in gold vermeil.',
      featured: true,
      variants: [
        { sku: 'HOOP-GV', options: { Metal: 'Gold vermeil' }, usd: 9000, eur: 8500, available: 2 },
        { sku: 'HOOP-SS', options: { Metal: 'Sterling silver' }, usd: 7000, eur: 6500, available: 30 },
      ],
    },
    {
      handle: 'draft-ring',
      title: 'Linen Ring Draft',
      category: 'jewelry',
      status: 'draft',
      variants: [{ sku: 'RING-D', options: { Metal: 'Gold vermeil' }, usd: 5000, eur: 4500, available: 5 }],
    },
    {
      handle: 'usd-only-serum',
      title: 'Night Serum',
      category: 'beauty',
      description: 'A retinal serum for overnight renewal.',
      variants: [{ sku: 'SER-30', options: { Size: '30 ml' }, usd: 6800, available: 12 }],
    },
  ]);
});
afterAll(async () => t?.drop());

describe('pure helpers', () => {
  it('derives stock state from sellable units', () => {
    expect(stockState(0)).toEqual({ kind: 'sold_out' });
    expect(stockState(-2)).toEqual({ kind: 'sold_out' });
    expect(stockState(1)).toEqual({ kind: 'low_stock', remaining: 1 });
    expect(stockState(5)).toEqual({ kind: 'low_stock', remaining: 5 });
    expect(stockState(6)).toEqual({ kind: 'in_stock' });
  });

  it('orders option names and values the way shoppers expect', () => {
    expect(sortOptionNames(['Size', 'Colour'])).toEqual(['Colour', 'Size']);
    expect(sortOptionNames(['Size', 'Fit', 'Metal'])).toEqual(['Metal', 'Size', 'Fit']);
    expect(['XL', 'S', 'M', 'XS', 'L'].sort(compareOptionValues)).toEqual(['XS', 'S', 'M', 'L', 'XL']);
    expect(['10', '8', '6'].sort(compareOptionValues)).toEqual(['6', '8', '10']);
    expect(['50 ml', '15 ml', '30 ml'].sort(compareOptionValues)).toEqual(['15 ml', '30 ml', '50 ml']);
  });

  it('bounds and trims filters', () => {
    expect(normalizeFilters({ Size: [' M ', 'M', ''], Empty: [], ' ': ['x'] })).toEqual({ Size: ['M'] });
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`O${i}`, Array.from({ length: 50 }, (_, j) => `v${j}`)]));
    const n = normalizeFilters(many);
    expect(Object.keys(n)).toHaveLength(8);
    expect(n.O0).toHaveLength(24);
  });

  it('builds a prefix tsquery from words only', () => {
    expect(prefixQuery('lin')).toBe('lin:*');
    expect(prefixQuery("Linen  shi'rt & | !")).toBe('linen:* & shi:* & rt:*');
    expect(prefixQuery(' ()&| ')).toBeNull();
  });

  it('keeps other choices when switching one option, and falls back when the combination does not exist', () => {
    const v = (sku: string, options: Record<string, string>, sellable: number): VariantDetail => ({
      sku,
      title: sku,
      options,
      price: 100,
      compareAtPrice: null,
      sellable,
      stock: stockState(sellable),
    });
    const all = [v('S-SAND', { Size: 'S', Colour: 'Sand' }, 2), v('M-SAND', { Size: 'M', Colour: 'Sand' }, 0), v('M-INK', { Size: 'M', Colour: 'Ink' }, 9)];
    const selected = selectVariant(all, 'S-SAND')!;
    const picker = buildVariantPicker(all, ['Colour', 'Size'], selected);
    expect(picker.map((o) => o.name)).toEqual(['Colour', 'Size']);
    const size = picker[1].values;
    expect(size).toEqual([
      { value: 'S', sku: 'S-SAND', selected: true, available: true },
      { value: 'M', sku: 'M-SAND', selected: false, available: false },
    ]);
    // Ink exists only in M: choosing it lands on M-INK.
    expect(picker[0].values.find((x) => x.value === 'Ink')).toEqual({ value: 'Ink', sku: 'M-INK', selected: false, available: true });
    expect(selectVariant(all, 'nope')!.sku).toBe('S-SAND');
    expect(selectVariant(all, undefined)!.sku).toBe('S-SAND');
  });
});

describe('navigation and home', () => {
  it('lists categories in merchandising order', async () => {
    expect(await listNavCategories(t.replica)).toEqual([
      { handle: 'fashion', title: 'Fashion' },
      { handle: 'beauty', title: 'Beauty' },
      { handle: 'jewelry', title: 'Jewelry' },
    ]);
  });

  it('returns featured products per category, active and priced in the currency only', async () => {
    const home = await getHomePage(t.replica, { currency: 'USD', perCategory: 4 });
    expect(home.categories.map((c) => c.handle)).toEqual(['fashion', 'beauty', 'jewelry']);
    const fashion = home.categories[0].products;
    expect(fashion).toHaveLength(4);
    expect(fashion[0].handle).toBe('linen-shirt'); // featured first
    expect(home.categories[2].products.map((p) => p.handle)).toEqual(['gold-hoops']); // draft hidden
    expect(home.hero?.handle).toBe('linen-shirt');

    const eur = await getHomePage(t.replica, { currency: 'EUR' });
    expect(eur.categories[1].products).toEqual([]); // the serum has no EUR price
    expect(eur.categories[0].products[0]).toMatchObject({ currency: 'EUR', price: 11000 });
  });
});

describe('category listing', () => {
  it('paginates 12 per page with a total, and serves the last page for a page past the end', async () => {
    const p1 = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD' });
    expect(p1).not.toBeNull();
    expect(p1!.total).toBe(15);
    expect(p1!.products).toHaveLength(PAGE_SIZE);
    expect(p1!.pageCount).toBe(2);
    const p2 = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', page: 2 });
    expect(p2!.products).toHaveLength(3);
    const past = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', page: 99 });
    expect(past!.page).toBe(2);
    expect(past!.products.map((p) => p.handle)).toEqual(p2!.products.map((p) => p.handle));
    const bogus = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', page: -1 });
    expect(bogus!.page).toBe(1);
  });

  it('returns null for an unknown category', async () => {
    expect(await getCategoryListing(t.replica, { handle: 'nope', currency: 'USD' })).toBeNull();
  });

  it('derives card price, compare-at, "from" pricing and stock badges', async () => {
    const listing = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', sort: 'price-desc' });
    const coat = listing!.products.find((p) => p.handle === 'wool-coat')!;
    expect(coat.stock).toEqual({ kind: 'sold_out' }); // 0 + (1 − 1 reserved)
    const shirt = listing!.products.find((p) => p.handle === 'linen-shirt')!;
    expect(shirt).toMatchObject({ price: 12000, compareAtPrice: 15000, priceVaries: true, stock: { kind: 'in_stock' } });
    expect(shirt.image?.url).toBe('/media/art/linen-shirt-0.svg');
    expect(shirt.hoverImage?.url).toBe('/media/art/linen-shirt-1.svg');
    const jewelry = await getCategoryListing(t.replica, { handle: 'jewelry', currency: 'USD' });
    expect(jewelry!.products.map((p) => p.handle)).toEqual(['gold-hoops']);
  });

  it('sorts by price, name and newest', async () => {
    const asc = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', sort: 'price-asc' });
    expect(asc!.products[0].handle).toBe('tee-01');
    const desc = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', sort: 'price-desc' });
    expect(desc!.products.slice(0, 2).map((p) => p.handle)).toEqual(['wool-coat', 'linen-shirt']);
    const name = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', sort: 'name' });
    expect(name!.products[0].title).toBe('Cotton Tee 01');
    const newest = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', sort: 'newest' });
    expect(newest!.products[0].handle).toBe('wool-coat');
    const bad = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', sort: '<script>' as never });
    expect(bad!.sort).toBe('featured');
    expect(bad!.products[0].handle).toBe('linen-shirt');
  });

  it('filters by option values (any value within an option, all options on one variant)', async () => {
    const l = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', filters: { Size: ['L'] } });
    expect(l!.products.map((p) => p.handle).sort()).toEqual(['linen-shirt', 'wool-coat']);
    const sOrL = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', filters: { Size: ['S', 'L'] } });
    expect(sOrL!.total).toBe(2);
    const inkM = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', filters: { Size: ['M'], Colour: ['Ink'] } });
    expect(inkM!.products.map((p) => p.handle)).toEqual(['linen-shirt']);
    const inkL = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', filters: { Size: ['L'], Colour: ['Ink'] } });
    expect(inkL!.total).toBe(0); // no single variant is both L and Ink
    const metal = await getCategoryListing(t.replica, { handle: 'jewelry', currency: 'USD', filters: { Metal: ['Gold vermeil'] } });
    expect(metal!.products.map((p) => p.handle)).toEqual(['gold-hoops']); // the draft ring stays hidden
    const injection = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', filters: { "Size'; drop table products; --": ['M'] } });
    expect(injection!.total).toBe(0);
  });

  it('filters by price range in the shopper currency (minor units)', async () => {
    const mid = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', priceMin: 12000, priceMax: 13000 });
    expect(mid!.products.map((p) => p.handle)).toEqual(['linen-shirt']);
    const swapped = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD', priceMin: 13000, priceMax: 12000 });
    expect(swapped!.total).toBe(1);
    expect([swapped!.priceMin, swapped!.priceMax]).toEqual([12000, 13000]);
    const eur = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'EUR', priceMin: 40000 });
    expect(eur!.products.map((p) => p.handle)).toEqual(['wool-coat']);
  });

  it('reports facets: option values with product counts, ordered, and price bounds', async () => {
    const l = await getCategoryListing(t.replica, { handle: 'fashion', currency: 'USD' });
    expect(l!.facets.options).toEqual([
      { name: 'Colour', values: [{ value: 'Ink', count: 1 }, { value: 'Sand', count: 1 }] },
      { name: 'Size', values: [{ value: 'S', count: 1 }, { value: 'M', count: 15 }, { value: 'L', count: 2 }] },
    ]);
    expect(l!.facets.price).toEqual({ min: 3000, max: 45000 });
  });
});

describe('product detail', () => {
  it('returns variants with price, compare-at and stock in the currency, in one query', async () => {
    const p = await getProductDetail(t.replica, { handle: 'linen-shirt', currency: 'USD' });
    expect(p).not.toBeNull();
    expect(p!.images).toHaveLength(3);
    expect(p!.category).toEqual({ handle: 'fashion', title: 'Fashion' });
    expect(p!.optionNames).toEqual(['Colour', 'Size']);
    expect(p!.variants.map((v) => [v.sku, v.price, v.compareAtPrice, v.stock.kind])).toEqual([
      ['LIN-S-SAND', 12000, 15000, 'in_stock'],
      ['LIN-M-SAND', 12000, null, 'low_stock'],
      ['LIN-L-SAND', 12500, null, 'sold_out'],
      ['LIN-M-INK', 13000, null, 'in_stock'],
    ]);
    expect(p!.selectedVariant.sku).toBe('LIN-S-SAND');
    expect(p!.related.length).toBeGreaterThan(0);
    expect(p!.related.every((r) => r.categoryHandle === 'fashion' && r.handle !== 'linen-shirt')).toBe(true);
  });

  it('selects the variant named in the URL and builds the picker from it', async () => {
    const p = await getProductDetail(t.replica, { handle: 'linen-shirt', currency: 'EUR', variantSku: 'LIN-L-SAND' });
    expect(p!.selectedVariant).toMatchObject({ sku: 'LIN-L-SAND', price: 11500, stock: { kind: 'sold_out' } });
    const size = p!.picker.find((o) => o.name === 'Size')!;
    expect(size.values.map((v) => [v.value, v.sku, v.selected, v.available])).toEqual([
      ['S', 'LIN-S-SAND', false, true],
      ['M', 'LIN-M-SAND', false, true],
      ['L', 'LIN-L-SAND', true, false],
    ]);
  });

  it('defaults to the first in-stock variant when the first is sold out', async () => {
    const p = await getProductDetail(t.replica, { handle: 'wool-coat', currency: 'USD' });
    expect(p!.variants.every((v) => v.stock.kind === 'sold_out')).toBe(true);
    expect(p!.selectedVariant.sku).toBe('COAT-M');
    const h = await getProductDetail(t.replica, { handle: 'gold-hoops', currency: 'USD' });
    expect(h!.selectedVariant).toMatchObject({ sku: 'HOOP-GV', stock: { kind: 'low_stock', remaining: 2 } });
  });

  it('is null for an unknown, draft, or unpriced-in-currency product', async () => {
    expect(await getProductDetail(t.replica, { handle: 'nope', currency: 'USD' })).toBeNull();
    expect(await getProductDetail(t.replica, { handle: 'draft-ring', currency: 'USD' })).toBeNull();
    expect(await getProductDetail(t.replica, { handle: 'usd-only-serum', currency: 'EUR' })).toBeNull();
    expect(await getProductDetail(t.replica, { handle: 'usd-only-serum', currency: 'USD' })).not.toBeNull();
  });
});

describe('search', () => {
  it('finds whole words ranked by title weight', async () => {
    const r = await searchProducts(t.replica, { q: 'linen', currency: 'USD' });
    expect(r.products.map((p) => p.handle)).toEqual(['linen-shirt']); // the draft "Linen Ring" is hidden
    expect(r.total).toBe(1);
  });

  it('finds partial words through the prefix fallback', async () => {
    expect((await searchProducts(t.replica, { q: 'lin', currency: 'USD' })).products.map((p) => p.handle)).toEqual(['linen-shirt']);
    expect((await searchProducts(t.replica, { q: 'verm', currency: 'USD' })).products.map((p) => p.handle)).toEqual(['gold-hoops']);
    expect((await searchProducts(t.replica, { q: 'Coat', currency: 'EUR' })).products[0].handle).toBe('wool-coat');
  });

  it('understands web search syntax and survives hostile input', async () => {
    expect((await searchProducts(t.replica, { q: '"washed european linen"', currency: 'USD' })).total).toBe(1);
    expect((await searchProducts(t.replica, { q: "'); drop table products; --", currency: 'USD' })).total).toBe(0);
    expect((await searchProducts(t.replica, { q: '   ', currency: 'USD' })).products).toEqual([]);
    expect((await searchProducts(t.replica, { q: '& | ! :*', currency: 'USD' })).total).toBe(0);
  });

  it('paginates and clamps pages', async () => {
    const tees = await searchProducts(t.replica, { q: 'cotton tee', currency: 'USD' });
    expect(tees.total).toBe(13);
    expect(tees.products).toHaveLength(12);
    const past = await searchProducts(t.replica, { q: 'cotton tee', currency: 'USD', page: 50 });
    expect(past.page).toBe(2);
    expect(past.products).toHaveLength(1);
  });
});
