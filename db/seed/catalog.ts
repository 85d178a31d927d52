// The curated seed catalog as plain typed data: categories (Shopify collections), products with
// ordered options, variants (SKU, option values, USD and EUR prices, stock) and images. No database
// code: the seed writes it into Postgres, and the local Shopify emulator can load the same objects,
// ids included, so a sync from the emulator lines up with what the seed wrote.
import { ART_KINDS, artUrl, type ArtKind, type ArtPalette, type ArtSpec } from './product-art';

export type CurrencyCode = 'USD' | 'EUR';
export const CATALOG_CURRENCIES: readonly CurrencyCode[] = ['USD', 'EUR'];
/** Integer minor units per currency. EUR is the VAT-inclusive shelf price, USD is before tax. */
export type Prices = Record<CurrencyCode, number>;

export type CategoryHandle = 'fashion' | 'beauty' | 'jewelry';

/** Every seeded row says it was built from Shopify data as of this instant. */
export const CATALOG_UPDATED_AT = new Date('2026-01-05T09:00:00.000Z');

export type CatalogCategory = {
  handle: CategoryHandle;
  title: string;
  tagline: string;
  description: string;
  position: number;
  shopifyId: string;
};

export type CatalogOption = { name: string; values: string[] };

export type CatalogVariant = {
  sku: string;
  /** Option values joined with " / ", Shopify's variant title ("Default Title" when there are no options). */
  title: string;
  position: number;
  /** In the product's option order. */
  selectedOptions: { name: string; value: string }[];
  price: Prices;
  compareAtPrice: Prices | null;
  inventoryQuantity: number;
  shopifyId: string;
  inventoryItemId: string;
};

export type CatalogImage = {
  src: string;
  alt: string;
  width: number;
  height: number;
  position: number;
  shopifyId: string;
  art: ArtSpec;
};

export type CatalogProduct = {
  handle: string;
  title: string;
  /** Plain text, no HTML. */
  description: string;
  vendor: string;
  productType: string;
  category: CategoryHandle;
  tags: string[];
  featured: boolean;
  status: 'active';
  options: CatalogOption[];
  variants: CatalogVariant[];
  images: CatalogImage[];
  shopifyId: string;
};

// ---------------------------------------------------------------------------------------------
// Deterministic ids and quantities

/** FNV-1a 64-bit: stable across runs and machines, so ids and default stock never drift. */
function fnv1a64(input: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(input)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h;
}

const GID_SHAPE: Record<string, { lead: bigint; digits: bigint }> = {
  Collection: { lead: 6n, digits: 11n },
  Product: { lead: 8n, digits: 12n },
  ProductVariant: { lead: 4n, digits: 13n },
  InventoryItem: { lead: 5n, digits: 13n },
  ProductImage: { lead: 3n, digits: 13n },
};

/** A Shopify-looking global id derived from a stable key (handle, SKU), not from list position. */
export function shopifyGid(type: keyof typeof GID_SHAPE, key: string): string {
  const { lead, digits } = GID_SHAPE[type];
  const span = 10n ** digits;
  return `gid://shopify/${type}/${lead * span + (fnv1a64(`${type}:${key}`) % span)}`;
}

/** Ordinary stock for a SKU: 8–60 units, derived from the SKU so every run seeds the same numbers. */
function defaultQuantity(sku: string): number {
  return 8 + Number(fnv1a64(`stock:${sku}`) % 53n);
}

// ---------------------------------------------------------------------------------------------
// The product helper: options × values → variants, with explicit stock exceptions

type PriceDef = Prices & { compareAt?: Prices };
/** Major units in, minor units out: p(128, 135) = USD 128.00 / EUR 135.00. */
const p = (usd: number, eur: number, compareAt?: [number, number]): PriceDef => ({
  USD: usd * 100,
  EUR: eur * 100,
  ...(compareAt ? { compareAt: { USD: compareAt[0] * 100, EUR: compareAt[1] * 100 } } : {}),
});

type PriceBy = { option: string; values: Record<string, PriceDef> };

const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const RING_SIZES = ['5', '6', '7', '8', '9'];
const GV = 'Gold vermeil';
const SS = 'Sterling silver';
const K14 = '14k gold';
const K14R = '14k rose gold';

const VALUE_CODES: Record<string, string> = { [GV]: 'GV', [SS]: 'SS', [K14]: '14K', [K14R]: '14KR', 'One size': 'OS' };

function valueCode(option: string, value: string): string {
  if (VALUE_CODES[value]) return VALUE_CODES[value];
  if (option === 'Ring size') return `R${value}`;
  return value.toUpperCase().replace(/[^A-Z0-9]+/g, '');
}

/** How each kind of art is described for alt text: the full view, then the close crop. */
const VIEW_ALT: Record<ArtKind, [string, string]> = {
  shirt: ['hanging on a wooden hanger', 'close-up of the collar and placket'],
  dress: ['hanging on a wooden hanger', 'close-up of the neckline and straps'],
  coat: ['hanging on a wooden hanger', 'close-up of the lapels'],
  trousers: ['hanging from a clip hanger', 'close-up of the waistband and pleats'],
  knit: ['hanging on a wooden hanger', 'close-up of the stitch and neckline'],
  bag: ['standing on a linen-toned surface', 'close-up of the handles and hardware'],
  scarf: ['draped over a brass rail', 'close-up of the drape'],
  lipstick: ['uncapped beside its case', 'close-up of the bullet'],
  serum: ['dropper bottle, front view', 'close-up of the dropper and label'],
  jar: ['jar, front view', 'close-up of the lid'],
  compact: ['open compact with its mirror', 'close-up of the pan'],
  perfume: ['flacon, front view', 'close-up of the cap and collar'],
  tube: ['tube standing on its cap', 'close-up of the label'],
  pump: ['pump bottle, front view', 'close-up of the pump'],
  ring: ['standing on a cream surface', 'close-up on a dark ground'],
  signet: ['standing on a cream surface', 'close-up of the face on a dark ground'],
  hoops: ['a pair standing on a cream surface', 'close-up on a dark ground'],
  studs: ['a pair resting on a cream surface', 'close-up on a dark ground'],
  necklace: ['hanging against a cream backdrop', 'close-up of the pendant on a dark ground'],
  bracelet: ['resting on a cream surface', 'close-up on a dark ground'],
};

/** " in ecru" for alt text: the product's own colour name when it has one; beauty art is not colour-named. */
function colourWords(category: CategoryHandle, def: ProductDef, palette: string, imageIndex: number): string {
  if (category === 'beauty') return '';
  if (category === 'jewelry') return ` in ${palette === 'rose' ? 'rose gold' : palette}`;
  const colours = def.options?.find(([name]) => name === 'Colour')?.[1];
  return ` in ${(colours?.[imageIndex] ?? colours?.[0] ?? palette).toLowerCase()}`;
}

type ProductDef = {
  handle: string;
  title: string;
  type: string;
  tags: string[];
  description: string;
  /** SKU stem; variant SKUs append one code per option value. */
  sku: string;
  options?: [name: string, values: string[]][];
  price: PriceDef | PriceBy;
  /** The object drawn and the palettes of the two images (full view, close crop). */
  art: [kind: ArtKind, first: ArtPalette, second?: ArtPalette];
  /** Stage the full view on the category's third backdrop, so products sharing a kind and palette still look distinct. */
  altBackdrop?: boolean;
  /** Exceptions to the default stock, by variant title ("M / Ink"). Every key must match a variant. */
  stock?: Record<string, number>;
  /** Every variant at zero. */
  soldOut?: boolean;
  featured?: boolean;
  vendor?: string;
};

function isPriceBy(price: PriceDef | PriceBy): price is PriceBy {
  return 'option' in price;
}

function cartesian(options: [string, string[]][]): { name: string; value: string }[][] {
  return options.reduce<{ name: string; value: string }[][]>(
    (combos, [name, values]) => combos.flatMap((combo) => values.map((value) => [...combo, { name, value }])),
    [[]],
  );
}

function product(category: CategoryHandle, def: ProductDef): CatalogProduct {
  const options = def.options ?? [];
  const unmatched = new Set(Object.keys(def.stock ?? {}));
  const variants = cartesian(options).map((selectedOptions, i): CatalogVariant => {
    const title = selectedOptions.length ? selectedOptions.map((o) => o.value).join(' / ') : 'Default Title';
    const sku = [def.sku, ...selectedOptions.map((o) => valueCode(o.name, o.value))].join('-');
    let priceDef: PriceDef;
    if (isPriceBy(def.price)) {
      const by = def.price;
      const value = selectedOptions.find((o) => o.name === by.option)?.value;
      const found = value === undefined ? undefined : by.values[value];
      if (!found) throw new Error(`catalog: ${def.handle} has no price for ${by.option}=${value}`);
      priceDef = found;
    } else {
      priceDef = def.price;
    }
    const exception = def.stock?.[title];
    unmatched.delete(title);
    return {
      sku,
      title,
      position: i + 1,
      selectedOptions,
      price: { USD: priceDef.USD, EUR: priceDef.EUR },
      compareAtPrice: priceDef.compareAt ?? null,
      inventoryQuantity: def.soldOut ? 0 : (exception ?? defaultQuantity(sku)),
      shopifyId: shopifyGid('ProductVariant', sku),
      inventoryItemId: shopifyGid('InventoryItem', sku),
    };
  });
  if (unmatched.size) throw new Error(`catalog: ${def.handle} has stock exceptions for unknown variants: ${[...unmatched].join(', ')}`);
  const [kind, first, second = first] = def.art;
  const images = ([1, 2] as const).map((variant, i): CatalogImage => {
    const view = variant === 1 && def.altBackdrop ? 3 : variant;
    const art = { kind, palette: variant === 1 ? first : second, variant: view } as ArtSpec;
    return {
      src: artUrl(art),
      alt: `${def.title}${colourWords(category, def, art.palette, i)}, ${VIEW_ALT[kind][i]}`,
      width: 1200,
      height: 1500,
      position: i + 1,
      shopifyId: shopifyGid('ProductImage', `${def.handle}#${i + 1}`),
      art,
    };
  });
  if (ART_KINDS[kind] !== category) throw new Error(`catalog: ${def.handle} is ${category} but its art (${kind}) is ${ART_KINDS[kind]}`);
  return {
    handle: def.handle,
    title: def.title,
    description: def.description,
    vendor: def.vendor ?? 'DotShop',
    productType: def.type,
    category,
    tags: def.tags,
    featured: def.featured ?? false,
    status: 'active',
    options: options.map(([name, values]) => ({ name, values })),
    variants,
    images,
    shopifyId: shopifyGid('Product', def.handle),
  };
}

// ---------------------------------------------------------------------------------------------
// Categories

export const catalogCategories: CatalogCategory[] = [
  {
    handle: 'fashion',
    title: 'Fashion',
    tagline: 'Quiet pieces, cut to last.',
    description:
      'Wardrobe foundations in linen, wool, silk and cashmere, made in Portugal and Italy from mills we know by name. Considered proportions, honest fabrics, nothing that dates by next season.',
    position: 1,
    shopifyId: shopifyGid('Collection', 'fashion'),
  },
  {
    handle: 'beauty',
    title: 'Beauty',
    tagline: 'Formulas that earn their place on the shelf.',
    description:
      'Skin, lip and fragrance essentials made in small batches in Grasse and Seoul, with short ingredient lists and refillable glass. Every formula is dermatologist-tested.',
    position: 2,
    shopifyId: shopifyGid('Collection', 'beauty'),
  },
  {
    handle: 'jewelry',
    title: 'Jewelry',
    tagline: 'Fine pieces for every day, and every day after.',
    description:
      'Recycled gold vermeil, sterling silver and solid 14k gold, cast and finished by hand in small workshops. Designed to be worn daily, stacked freely and passed on.',
    position: 3,
    shopifyId: shopifyGid('Collection', 'jewelry'),
  },
];

// ---------------------------------------------------------------------------------------------
// Fashion

const fashion: ProductDef[] = [
  {
    handle: 'linen-camp-shirt',
    title: 'Linen Camp Shirt',
    type: 'Shirts',
    tags: ['linen', 'shirts', 'summer'],
    description:
      'Cut from a mid-weight Irish linen that softens with every wash, with a relaxed camp collar and a straight hem made to be worn untucked. Corozo buttons and flat-felled seams finish it properly, inside and out.',
    sku: 'FA-LINEN-SHIRT',
    options: [
      ['Size', SIZES],
      ['Colour', ['Ecru', 'Ink']],
    ],
    price: p(128, 135),
    art: ['shirt', 'ecru', 'navy'],
    stock: { 'XS / Ecru': 0, 'XL / Ink': 2 },
    featured: true,
  },
  {
    handle: 'poplin-tunic-shirt',
    title: 'Poplin Tunic Shirt',
    type: 'Shirts',
    tags: ['cotton', 'shirts'],
    description:
      'A long, collarless shirt in crisp Japanese cotton poplin with a concealed placket and softly curved side splits. It falls to mid-thigh: over wide trousers, or belted as a dress.',
    sku: 'FA-POPLIN-TUNIC',
    options: [['Size', SIZES]],
    price: p(110, 115),
    art: ['shirt', 'stone'],
    stock: { XL: 3 },
  },
  {
    handle: 'brushed-oxford-shirt',
    title: 'Brushed Oxford Shirt',
    type: 'Shirts',
    tags: ['cotton', 'shirts', 'sale'],
    description:
      'Our oversized Oxford, woven in Guimarães and brushed on the inside for a flannel-soft hand. Dropped shoulders, a box pleat at the back and mother-of-pearl buttons.',
    sku: 'FA-OXFORD-SHIRT',
    options: [['Size', SIZES]],
    price: p(96, 100, [120, 125]),
    art: ['shirt', 'oat'],
    stock: { XS: 0, S: 4 },
  },
  {
    handle: 'silk-slip-dress',
    title: 'Silk Slip Dress',
    type: 'Dresses',
    tags: ['silk', 'dresses', 'evening'],
    description:
      'Bias-cut from 22 momme sandwashed silk charmeuse so it skims rather than clings, with a soft cowl neck and adjustable straps. Falls just below the knee and is lined at the bust.',
    sku: 'FA-SILK-SLIP',
    options: [
      ['Size', SIZES],
      ['Colour', ['Champagne', 'Black']],
    ],
    price: p(245, 260),
    art: ['dress', 'sand', 'black'],
    stock: { 'M / Champagne': 0, 'S / Black': 1, 'XS / Black': 3 },
    featured: true,
  },
  {
    handle: 'linen-wrap-dress',
    title: 'Linen Wrap Dress',
    type: 'Dresses',
    tags: ['linen', 'dresses', 'summer'],
    description:
      'A true wrap in washed Belgian linen with a deep V, elbow-length sleeves and a tie long enough to knot at the back. The skirt is cut on a gentle A-line, so it moves when you walk.',
    sku: 'FA-LINEN-WRAP',
    options: [['Size', SIZES]],
    price: p(210, 220),
    art: ['dress', 'olive'],
  },
  {
    handle: 'pleated-midi-dress',
    title: 'Pleated Midi Dress',
    type: 'Dresses',
    tags: ['dresses', 'travel', 'sale'],
    description:
      'Sunray pleats set into a recycled crepe that holds its shape through a suitcase and a washing machine alike. A high neck and long cuffed sleeves make it an easy evening choice in any season.',
    sku: 'FA-PLEAT-MIDI',
    options: [['Size', SIZES]],
    price: p(184, 195, [230, 245]),
    art: ['dress', 'rust'],
    stock: { L: 2, XL: 0 },
  },
  {
    handle: 'merino-column-dress',
    title: 'Merino Column Dress',
    type: 'Dresses',
    tags: ['merino', 'dresses', 'knitwear'],
    description:
      'Fully fashioned from extra-fine Italian merino in a slim rib, with a funnel neck and a hem that reaches the ankle. Warm without bulk; wear it with trainers or with heels.',
    sku: 'FA-MERINO-COLUMN',
    options: [['Size', SIZES]],
    price: p(265, 280),
    art: ['dress', 'charcoal'],
    soldOut: true,
  },
  {
    handle: 'double-faced-wool-coat',
    title: 'Double-Faced Wool Coat',
    type: 'Outerwear',
    tags: ['wool', 'cashmere', 'outerwear'],
    description:
      'Two layers of Italian wool and cashmere bonded into one cloth, so every edge is hand-finished rather than hemmed and there is no lining to add weight. A relaxed, dropped-shoulder cut with a self-tie belt.',
    sku: 'FA-DF-COAT',
    options: [
      ['Size', SIZES],
      ['Colour', ['Camel', 'Charcoal']],
    ],
    price: p(590, 620),
    art: ['coat', 'camel', 'charcoal'],
    stock: { 'XS / Camel': 3, 'L / Charcoal': 0, 'XL / Charcoal': 1 },
    featured: true,
  },
  {
    handle: 'cotton-trench-coat',
    title: 'Cotton Trench Coat',
    type: 'Outerwear',
    tags: ['cotton', 'outerwear', 'rain'],
    description:
      'A double-breasted trench in dense, water-repellent cotton gabardine, with a storm flap, gun flap and removable belt. Cut a little longer and looser than the original, to fit over knitwear.',
    sku: 'FA-TRENCH',
    options: [['Size', SIZES]],
    price: p(450, 475),
    art: ['coat', 'sand'],
  },
  {
    handle: 'boiled-wool-car-coat',
    title: 'Boiled Wool Car Coat',
    type: 'Outerwear',
    tags: ['wool', 'outerwear', 'sale'],
    description:
      'Boiled Tyrolean wool is naturally wind-resistant and holds its shape without interlining. This hip-length car coat has a small stand collar, hidden pockets and horn buttons.',
    sku: 'FA-CAR-COAT',
    options: [['Size', SIZES]],
    price: p(336, 355, [420, 445]),
    art: ['coat', 'navy'],
    stock: { XS: 0, XL: 0, M: 2 },
  },
  {
    handle: 'wide-leg-wool-trousers',
    title: 'Wide-Leg Wool Trousers',
    type: 'Trousers',
    tags: ['wool', 'trousers', 'tailoring'],
    description:
      'Tailored from a tropical-weight wool twill with a high rise, double forward pleats and a pressed crease down the full length of the leg. Light enough for all year; cool enough for July.',
    sku: 'FA-WOOL-WIDE',
    options: [['Size', SIZES]],
    price: p(195, 205),
    art: ['trousers', 'charcoal'],
  },
  {
    handle: 'pleated-linen-trousers',
    title: 'Pleated Linen Trousers',
    type: 'Trousers',
    tags: ['linen', 'trousers', 'summer'],
    description:
      'Heavyweight linen with a flat front, a discreetly elasticated back waist and a single pleat, so they look tailored and wear like weekend clothes. Deep side pockets and a straight leg that ends just above the ankle.',
    sku: 'FA-LINEN-TROUSER',
    options: [
      ['Size', SIZES],
      ['Colour', ['Ecru', 'Olive']],
    ],
    price: p(165, 175),
    art: ['trousers', 'ecru', 'olive'],
    stock: { 'S / Olive': 0, 'M / Olive': 0, 'L / Ecru': 4 },
  },
  {
    handle: 'cotton-drill-trousers',
    title: 'Cotton Drill Trousers',
    type: 'Trousers',
    tags: ['cotton', 'trousers'],
    description:
      'Garment-dyed cotton drill with a mid rise and a gently tapered leg, in a chalky stone that only improves as it fades. Chain-stitched hems can be shortened by any tailor without losing the finish.',
    sku: 'FA-DRILL-TROUSER',
    options: [['Size', SIZES]],
    price: p(150, 160),
    art: ['trousers', 'stone'],
    altBackdrop: true,
    stock: { M: 2 },
  },
  {
    handle: 'cashmere-crew-jumper',
    title: 'Cashmere Crew Jumper',
    type: 'Knitwear',
    tags: ['cashmere', 'knitwear'],
    description:
      'Grade-A Mongolian cashmere spun in Scotland and knitted at a substantial 7-gauge, so it feels weighty and resists pilling. A classic crew neck with deep ribbed cuffs and hem, sized for an easy fit.',
    sku: 'FA-CASH-CREW',
    options: [
      ['Size', SIZES],
      ['Colour', ['Oat', 'Navy']],
    ],
    price: p(295, 310),
    art: ['knit', 'oat', 'navy'],
    stock: { 'S / Navy': 0, 'M / Oat': 4, 'XL / Oat': 2 },
    featured: true,
  },
  {
    handle: 'fisherman-rib-sweater',
    title: 'Fisherman Rib Sweater',
    type: 'Knitwear',
    tags: ['wool', 'knitwear', 'undyed'],
    description:
      'An undyed wool sweater in a deep fisherman rib that traps warmth and gives the knit a springy, generous texture. The yarn comes from a single Falklands flock and is scoured without harsh chemicals.',
    sku: 'FA-FISHERMAN',
    options: [['Size', SIZES]],
    price: p(240, 255),
    art: ['knit', 'ecru'],
  },
  {
    handle: 'alpaca-turtleneck',
    title: 'Alpaca Blend Turtleneck',
    type: 'Knitwear',
    tags: ['alpaca', 'knitwear'],
    description:
      'Baby alpaca blended with merino for a halo that is soft rather than fuzzy. A fold-over turtleneck, slim sleeves and a longer body that tucks in without bunching.',
    sku: 'FA-ALPACA-TNECK',
    options: [['Size', SIZES]],
    price: p(220, 230),
    art: ['knit', 'rust'],
    stock: { XL: 1 },
  },
  {
    handle: 'fine-gauge-cotton-tee',
    title: 'Fine-Gauge Cotton Tee',
    type: 'Knitwear',
    tags: ['cotton', 'knitwear', 'sale'],
    description:
      'A knitted T-shirt in long-staple Egyptian cotton with a silky, matte surface that drapes like jersey but keeps its shape. Wear it alone, or under tailoring in place of a shirt.',
    sku: 'FA-KNIT-TEE',
    options: [['Size', SIZES]],
    price: p(76, 80, [95, 100]),
    art: ['knit', 'black'],
  },
  {
    handle: 'leather-day-tote',
    title: 'Leather Day Tote',
    type: 'Bags',
    tags: ['leather', 'bags'],
    description:
      'Vegetable-tanned calf leather from a Tuscan tannery, left unlined so the suede underside shows. Fits a 14-inch laptop, with a magnetic closure and an inner slip pocket.',
    sku: 'FA-DAY-TOTE',
    options: [['Colour', ['Tan', 'Black']]],
    price: p(420, 445),
    art: ['bag', 'camel', 'black'],
    stock: { Black: 3 },
  },
  {
    handle: 'canvas-market-tote',
    title: 'Canvas Market Tote',
    type: 'Bags',
    tags: ['cotton', 'bags'],
    description:
      'Heavy 18-ounce cotton canvas with leather-reinforced handles long enough for the shoulder. Sturdy, washable and big enough for a week of groceries.',
    sku: 'FA-MARKET-TOTE',
    options: [['Colour', ['Natural', 'Olive']]],
    price: p(85, 90),
    art: ['bag', 'ecru', 'olive'],
  },
  {
    handle: 'structured-mini-bag',
    title: 'Structured Mini Bag',
    type: 'Bags',
    tags: ['leather', 'bags', 'evening'],
    description:
      'A compact top-handle bag in pebbled cognac leather with a detachable crossbody strap and brushed brass hardware. It holds a phone, cards and keys and nothing more, which is rather the point.',
    sku: 'FA-MINI-BAG',
    price: p(310, 325),
    art: ['bag', 'rust'],
    stock: { 'Default Title': 3 },
  },
  {
    handle: 'cashmere-travel-scarf',
    title: 'Cashmere Travel Scarf',
    type: 'Accessories',
    tags: ['cashmere', 'accessories', 'travel'],
    description:
      'A generous two-metre wrap woven from featherweight cashmere, with hand-twisted fringe at each end. Warm enough to stand in for a blanket on a long flight.',
    sku: 'FA-CASH-SCARF',
    options: [['Colour', ['Oat', 'Charcoal']]],
    price: p(185, 195),
    art: ['scarf', 'oat', 'charcoal'],
  },
  {
    handle: 'washed-silk-scarf',
    title: 'Washed Silk Scarf',
    type: 'Accessories',
    tags: ['silk', 'accessories'],
    description:
      'A 90-centimetre square of washed silk twill with a hand-rolled edge and a tonal border. Knot it at the neck, tie it to a bag handle or wear it in your hair.',
    sku: 'FA-SILK-SCARF',
    options: [['Colour', ['Sand', 'Navy']]],
    price: p(120, 125),
    art: ['scarf', 'sand', 'navy'],
    stock: { Navy: 0 },
  },
];

// ---------------------------------------------------------------------------------------------
// Beauty

const beauty: ProductDef[] = [
  {
    handle: 'satin-lipstick',
    title: 'Satin Lipstick',
    type: 'Lips',
    tags: ['lips', 'refillable'],
    description:
      'A creamy, buildable lipstick with a soft satin finish, cushioned with squalane and shea so it never drags or feathers. Housed in a refillable brushed-brass case.',
    sku: 'BE-SATIN-LIP',
    options: [['Shade', ['Bare', 'Rosewood', 'Terracotta', 'Fig', 'Vermilion']]],
    price: p(38, 40),
    art: ['lipstick', 'rose', 'clay'],
    stock: { Fig: 2, Vermilion: 0 },
    featured: true,
  },
  {
    handle: 'tinted-lip-balm',
    title: 'Tinted Lip Balm',
    type: 'Lips',
    tags: ['lips'],
    description:
      'A sheer wash of colour in a nourishing balm of jojoba, cocoa butter and calendula. It glides on without a mirror and leaves lips soft, not slick.',
    sku: 'BE-LIP-BALM',
    options: [['Shade', ['Petal', 'Clay', 'Berry']]],
    price: p(26, 28),
    art: ['lipstick', 'blush', 'nude'],
    altBackdrop: true,
  },
  {
    handle: 'velvet-matte-lipstick',
    title: 'Velvet Matte Lipstick',
    type: 'Lips',
    tags: ['lips', 'fragrance-free'],
    description:
      'Full-pigment matte colour in a single stroke, blurred with soft-focus powders so it feels weightless rather than dry. Long-wearing, transfer-resistant and unscented.',
    sku: 'BE-MATTE-LIP',
    options: [['Shade', ['Cinnabar', 'Bordeaux', 'Nude Clay']]],
    price: p(38, 40),
    art: ['lipstick', 'red', 'berry'],
    stock: { Bordeaux: 1 },
  },
  {
    handle: 'vitamin-c-serum',
    title: 'Vitamin C Brightening Serum',
    type: 'Serums',
    tags: ['skin', 'serums', 'brightening'],
    description:
      'A stabilised 15% vitamin C serum with ferulic acid and vitamin E to even tone and defend against city pollution. Bottled in amber glass to keep it potent to the last drop.',
    sku: 'BE-VITC-SERUM',
    options: [['Size', ['15 ml', '30 ml']]],
    price: { option: 'Size', values: { '15 ml': p(68, 72), '30 ml': p(110, 115) } },
    art: ['serum', 'amber'],
    featured: true,
  },
  {
    handle: 'hyaluronic-serum',
    title: 'Hyaluronic Hydration Serum',
    type: 'Serums',
    tags: ['skin', 'serums', 'hydrating'],
    description:
      'Three weights of hyaluronic acid draw moisture in at different depths, with panthenol and beta-glucan to calm. Light enough for the morning, under sunscreen.',
    sku: 'BE-HYA-SERUM',
    options: [['Size', ['30 ml', '50 ml']]],
    price: { option: 'Size', values: { '30 ml': p(58, 62), '50 ml': p(84, 88) } },
    art: ['serum', 'sage'],
    altBackdrop: true,
    stock: { '50 ml': 4 },
  },
  {
    handle: 'retinal-night-serum',
    title: 'Retinal Night Serum',
    type: 'Serums',
    tags: ['skin', 'serums', 'night'],
    description:
      'A gentle 0.05% retinaldehyde in a squalane base, for smoother texture and softer lines without the usual adjustment period. Begin with two or three nights a week.',
    sku: 'BE-RETINAL-SERUM',
    options: [['Size', ['30 ml']]],
    price: p(82, 86),
    art: ['serum', 'berry'],
    soldOut: true,
  },
  {
    handle: 'barrier-repair-cream',
    title: 'Barrier Repair Cream',
    type: 'Moisturisers',
    tags: ['skin', 'moisturisers', 'sensitive'],
    description:
      'A rich but fast-sinking moisturiser of ceramides, cholesterol and fatty acids in the ratio skin makes them itself. For dry, reactive or over-exfoliated skin.',
    sku: 'BE-BARRIER-CREAM',
    options: [['Size', ['50 ml', '100 ml']]],
    price: { option: 'Size', values: { '50 ml': p(72, 76), '100 ml': p(118, 125) } },
    art: ['jar', 'ivory'],
    stock: { '100 ml': 0 },
  },
  {
    handle: 'rich-night-balm',
    title: 'Rich Night Balm',
    type: 'Moisturisers',
    tags: ['skin', 'moisturisers', 'night', 'sale'],
    description:
      'A cushiony overnight balm of cold-pressed marula, bakuchiol and shea that melts on contact with warm skin. Wake to a face that looks rested, even if you were not.',
    sku: 'BE-NIGHT-BALM',
    options: [['Size', ['50 ml']]],
    price: p(72, 76, [90, 95]),
    art: ['jar', 'clay'],
  },
  {
    handle: 'whipped-body-butter',
    title: 'Whipped Body Butter',
    type: 'Body',
    tags: ['body', 'moisturisers'],
    description:
      'Shea, mango and cupuaçu butters whipped until airy, scented lightly with fig leaf and cedar. Absorbs in minutes and keeps skin supple through the day.',
    sku: 'BE-BODY-BUTTER',
    options: [['Size', ['200 ml']]],
    price: p(48, 50),
    art: ['jar', 'sage'],
    altBackdrop: true,
  },
  {
    handle: 'pressed-blush',
    title: 'Pressed Blush',
    type: 'Complexion',
    tags: ['complexion', 'cheeks', 'refillable'],
    description:
      'A finely milled powder blush that diffuses into a natural flush, with a whisper of light-catching pearl. The pan refills into a weighted brass compact with a full-size mirror.',
    sku: 'BE-PRESSED-BLUSH',
    options: [['Shade', ['Apricot', 'Petal', 'Rosewood']]],
    price: p(42, 44),
    art: ['compact', 'blush', 'rose'],
    stock: { Rosewood: 3 },
    featured: true,
  },
  {
    handle: 'sheer-pressed-powder',
    title: 'Sheer Pressed Powder',
    type: 'Complexion',
    tags: ['complexion', 'talc-free'],
    description:
      'A translucent, talc-free setting powder of rice starch and silica that softens shine without dulling the skin. Each shade is tuned to vanish on the complexion it is meant for.',
    sku: 'BE-SHEER-POWDER',
    options: [['Shade', ['Fair', 'Light', 'Medium', 'Deep']]],
    price: p(46, 48),
    art: ['compact', 'nude', 'ivory'],
    altBackdrop: true,
    stock: { Deep: 0, Fair: 2 },
  },
  {
    handle: 'cream-bronzer',
    title: 'Cream Bronzer',
    type: 'Complexion',
    tags: ['complexion', 'cheeks'],
    description:
      'A balmy bronzer that warms the face the way an afternoon outside does, blending with fingertips into a skin-like finish. Buildable, and never muddy.',
    sku: 'BE-CREAM-BRONZER',
    options: [['Shade', ['Sunlit', 'Bronze']]],
    price: p(44, 46),
    art: ['compact', 'clay', 'nude'],
  },
  {
    handle: 'santal-fig-eau-de-parfum',
    title: 'Santal Fig Eau de Parfum',
    type: 'Fragrance',
    tags: ['fragrance', 'woody'],
    description:
      'Green fig leaf and cardamom over creamy Australian sandalwood and a quiet vanilla base. Warm, close to the skin and made for every day.',
    sku: 'BE-EDP-SANTAL',
    options: [['Size', ['30 ml', '50 ml', '100 ml']]],
    price: { option: 'Size', values: { '30 ml': p(95, 100), '50 ml': p(145, 150), '100 ml': p(210, 220) } },
    art: ['perfume', 'amber', 'nude'],
    featured: true,
  },
  {
    handle: 'neroli-tide-eau-de-parfum',
    title: 'Neroli Tide Eau de Parfum',
    type: 'Fragrance',
    tags: ['fragrance', 'citrus'],
    description:
      'Tunisian neroli and bergamot open bright and faintly salty, drying down to vetiver and ambrette seed. A clean, sunlit scent that lasts far longer than a cologne.',
    sku: 'BE-EDP-NEROLI',
    options: [['Size', ['50 ml', '100 ml']]],
    price: { option: 'Size', values: { '50 ml': p(145, 150), '100 ml': p(210, 220) } },
    art: ['perfume', 'sage', 'ivory'],
    stock: { '100 ml': 3 },
  },
  {
    handle: 'iris-suede-eau-de-parfum',
    title: 'Iris Suede Eau de Parfum',
    type: 'Fragrance',
    tags: ['fragrance', 'powdery', 'sale'],
    description:
      'Powdery orris butter and pink pepper over a soft suede accord, settling into cashmeran and musk. Elegant, slightly cool and unmistakable at close range.',
    sku: 'BE-EDP-IRIS',
    options: [['Size', ['50 ml']]],
    price: p(116, 120, [145, 150]),
    art: ['perfume', 'rose', 'blush'],
  },
  {
    handle: 'gentle-gel-cleanser',
    title: 'Gentle Gel Cleanser',
    type: 'Cleansers',
    tags: ['skin', 'cleansers'],
    description:
      'A low-foam, pH-balanced gel of glycerin and green tea that lifts sunscreen and makeup without leaving skin tight. For every skin type, morning and night.',
    sku: 'BE-GEL-CLEANSER',
    options: [['Size', ['150 ml']]],
    price: p(34, 36),
    art: ['tube', 'sage'],
  },
  {
    handle: 'rice-enzyme-polish',
    title: 'Rice Enzyme Polish',
    type: 'Cleansers',
    tags: ['skin', 'exfoliants'],
    description:
      'A powder-to-foam exfoliant of rice bran and papaya enzymes that clears dullness without grains. Work a little into wet hands, massage for thirty seconds and rinse.',
    sku: 'BE-ENZYME-POLISH',
    options: [['Size', ['75 ml']]],
    price: p(42, 44),
    art: ['tube', 'blush'],
  },
  {
    handle: 'mineral-sunscreen-spf50',
    title: 'Mineral Sunscreen SPF 50',
    type: 'Sun',
    tags: ['skin', 'sun', 'fragrance-free'],
    description:
      'Broad-spectrum zinc oxide protection in a sheer fluid that leaves no white cast on deeper skin tones. Fragrance-free and comfortable under makeup.',
    sku: 'BE-MINERAL-SPF50',
    options: [['Size', ['50 ml']]],
    price: p(38, 40),
    art: ['tube', 'ivory'],
    stock: { '50 ml': 2 },
  },
  {
    handle: 'cedar-bergamot-hand-wash',
    title: 'Cedar & Bergamot Hand Wash',
    type: 'Body',
    tags: ['body', 'hands'],
    description:
      'A gentle, sulphate-free hand wash of coconut-derived cleansers, aloe and Atlas cedarwood. The bergamot top note lifts even the smallest cloakroom.',
    sku: 'BE-HAND-WASH',
    options: [['Size', ['300 ml', '500 ml']]],
    price: { option: 'Size', values: { '300 ml': p(32, 34), '500 ml': p(45, 48) } },
    art: ['pump', 'amber'],
  },
  {
    handle: 'vetiver-body-cleanser',
    title: 'Vetiver Body Cleanser',
    type: 'Body',
    tags: ['body'],
    description:
      'A rich, low-lather gel that cleanses without stripping, with Haitian vetiver, grapefruit peel and a trace of black pepper. Pour the refill pouch into the same bottle for years.',
    sku: 'BE-BODY-CLEANSER',
    options: [['Size', ['500 ml']]],
    price: p(42, 44),
    art: ['pump', 'noir', 'clay'],
  },
  {
    handle: 'camellia-face-oil',
    title: 'Camellia Face Oil',
    type: 'Serums',
    tags: ['skin', 'oils'],
    description:
      'Cold-pressed camellia, rosehip and squalane in a single silky oil that absorbs in moments. Press two drops into damp skin after serum, or mix into moisturiser in winter.',
    sku: 'BE-CAMELLIA-OIL',
    options: [['Size', ['30 ml']]],
    price: p(64, 68),
    art: ['serum', 'nude'],
  },
  {
    handle: 'lip-and-cheek-cream',
    title: 'Lip & Cheek Cream',
    type: 'Complexion',
    tags: ['complexion', 'lips', 'cheeks'],
    description:
      'A sheer, dewy cream colour for lips and cheeks, pressed in with fingertips for a just-came-in-from-the-cold flush. Pocket-sized, in a brushed-brass compact.',
    sku: 'BE-LIP-CHEEK',
    options: [['Shade', ['Plum', 'Poppy', 'Peony']]],
    price: p(36, 38),
    art: ['compact', 'berry', 'red'],
    stock: { Poppy: 4, Peony: 0 },
  },
];

// ---------------------------------------------------------------------------------------------
// Jewelry

const jewelry: ProductDef[] = [
  {
    handle: 'dome-ring',
    title: 'Dôme Ring',
    type: 'Rings',
    tags: ['rings', 'bestseller'],
    description:
      'A sculptural, rounded band with the heft of solid metal and a high polish inside and out. Comfortable enough to wear every day, bold enough to wear alone.',
    sku: 'JW-DOME-RING',
    options: [
      ['Metal', [GV, SS, K14]],
      ['Ring size', RING_SIZES],
    ],
    price: { option: 'Metal', values: { [GV]: p(95, 100), [SS]: p(75, 80), [K14]: p(420, 445) } },
    art: ['ring', 'gold', 'gold'],
    stock: { '14k gold / 5': 0, '14k gold / 9': 2, 'Sterling silver / 7': 0, 'Gold vermeil / 6': 4 },
    featured: true,
  },
  {
    handle: 'fine-stacking-band',
    title: 'Fine Stacking Band',
    type: 'Rings',
    tags: ['rings', 'stacking'],
    description:
      'A 1.5 mm band with a softly rounded profile, designed to be worn in threes. Slim enough to sit beside an engagement ring without crowding it.',
    sku: 'JW-STACK-BAND',
    options: [
      ['Metal', [GV, SS, K14]],
      ['Ring size', ['5', '6', '7', '8']],
    ],
    price: { option: 'Metal', values: { [GV]: p(55, 58), [SS]: p(45, 48), [K14]: p(195, 205) } },
    art: ['ring', 'silver', 'silver'],
    stock: { 'Sterling silver / 5': 1, '14k gold / 8': 0 },
  },
  {
    handle: 'rope-band',
    title: 'Rope Band',
    type: 'Rings',
    tags: ['rings', 'stacking'],
    description:
      'Two strands of fine wire twisted by hand and soldered into a single band that catches light from every angle. Lovely alone; better still between two plain bands.',
    sku: 'JW-ROPE-BAND',
    options: [
      ['Metal', [GV, SS, K14]],
      ['Ring size', ['5', '6', '7', '8']],
    ],
    price: { option: 'Metal', values: { [GV]: p(68, 72), [SS]: p(52, 55), [K14]: p(260, 275) } },
    art: ['ring', 'gold', 'silver'],
    altBackdrop: true,
  },
  {
    handle: 'oval-signet-ring',
    title: 'Oval Signet Ring',
    type: 'Rings',
    tags: ['rings', 'signets', 'engravable'],
    description:
      'A modern signet with a smooth oval face ready for engraving, tapering to a slim shank. Cast in recycled metal and polished by hand in our Lisbon workshop.',
    sku: 'JW-OVAL-SIGNET',
    options: [
      ['Metal', [GV, SS]],
      ['Ring size', RING_SIZES],
    ],
    price: { option: 'Metal', values: { [GV]: p(135, 140), [SS]: p(105, 110) } },
    art: ['signet', 'gold'],
    stock: { 'Gold vermeil / 5': 3, 'Gold vermeil / 9': 0 },
    featured: true,
  },
  {
    handle: 'square-signet-ring',
    title: 'Square Signet Ring',
    type: 'Rings',
    tags: ['rings', 'signets', 'engravable'],
    description:
      'A cushioned square signet with crisp bevelled edges and a satin-brushed face. Heavier than it looks, and made for the index or little finger.',
    sku: 'JW-SQUARE-SIGNET',
    options: [
      ['Metal', [SS, K14]],
      ['Ring size', RING_SIZES],
    ],
    price: { option: 'Metal', values: { [SS]: p(115, 120), [K14]: p(690, 725) } },
    art: ['signet', 'silver'],
    stock: { '14k gold / 5': 0, '14k gold / 6': 1 },
  },
  {
    handle: 'petite-pinky-signet',
    title: 'Petite Pinky Signet',
    type: 'Rings',
    tags: ['rings', 'signets'],
    description:
      'A smaller signet scaled for the little finger, with a softly cushioned face and a brushed shank. Add a single initial, or leave it clean.',
    sku: 'JW-PINKY-SIGNET',
    options: [
      ['Metal', [GV, K14R]],
      ['Ring size', ['3', '4', '5']],
    ],
    price: { option: 'Metal', values: { [GV]: p(85, 90), [K14R]: p(390, 410) } },
    art: ['signet', 'rose'],
  },
  {
    handle: 'everyday-hoops',
    title: 'Everyday Hoops',
    type: 'Earrings',
    tags: ['earrings', 'hoops', 'bestseller'],
    description:
      'Our best-selling 18 mm hoops, hollow-formed to be light enough to sleep in, with a hinged click closure. A polished tube, 2.5 mm thick.',
    sku: 'JW-EVERYDAY-HOOP',
    options: [['Metal', [GV, SS, K14]]],
    price: { option: 'Metal', values: { [GV]: p(85, 90), [SS]: p(65, 68), [K14]: p(340, 360) } },
    art: ['hoops', 'gold', 'gold'],
    stock: { [SS]: 3 },
    featured: true,
  },
  {
    handle: 'bold-dome-hoops',
    title: 'Bold Dôme Hoops',
    type: 'Earrings',
    tags: ['earrings', 'hoops'],
    description:
      'A fuller 25 mm hoop with a rounded, domed profile that reads solid but weighs almost nothing. Secure post-and-clasp backs.',
    sku: 'JW-BOLD-HOOP',
    options: [['Metal', [GV, SS]]],
    price: { option: 'Metal', values: { [GV]: p(125, 130), [SS]: p(95, 100) } },
    art: ['hoops', 'silver'],
  },
  {
    handle: 'oval-creole-hoops',
    title: 'Oval Creole Hoops',
    type: 'Earrings',
    tags: ['earrings', 'hoops'],
    description:
      'Elongated hoops that taper from a fuller base to a fine wire at the ear, in a quietly vintage shape. The rose gold is warm enough to flatter every skin tone.',
    sku: 'JW-CREOLE-HOOP',
    options: [['Metal', [GV, K14R]]],
    price: { option: 'Metal', values: { [GV]: p(98, 105), [K14R]: p(460, 485) } },
    art: ['hoops', 'rose', 'rose'],
    stock: { [K14R]: 2 },
  },
  {
    handle: 'huggie-hoops',
    title: 'Huggie Hoops',
    type: 'Earrings',
    tags: ['earrings', 'hoops', 'stacking'],
    description:
      'Small 10 mm hoops that hug the lobe, finished with a fine milgrain edge. Made for second and third piercings.',
    sku: 'JW-HUGGIE',
    options: [['Metal', [GV, SS, K14]]],
    price: { option: 'Metal', values: { [GV]: p(70, 74), [SS]: p(55, 58), [K14]: p(280, 295) } },
    art: ['hoops', 'gold', 'silver'],
    altBackdrop: true,
    stock: { [K14]: 0 },
  },
  {
    handle: 'freshwater-pearl-studs',
    title: 'Freshwater Pearl Studs',
    type: 'Earrings',
    tags: ['earrings', 'pearls'],
    description:
      'Hand-selected 7 mm freshwater pearls with a high lustre and a gently imperfect round, set on a simple post. The pearl earring you reach for without thinking.',
    sku: 'JW-FW-PEARL-STUD',
    options: [['Metal', [GV, SS]]],
    price: { option: 'Metal', values: { [GV]: p(65, 68), [SS]: p(55, 58) } },
    art: ['studs', 'gold', 'silver'],
    featured: true,
  },
  {
    handle: 'keshi-pearl-studs',
    title: 'Keshi Pearl Studs',
    type: 'Earrings',
    tags: ['earrings', 'pearls', 'sale'],
    description:
      'Keshi pearls form without a nucleus, so each is pure nacre with its own organic shape and a soft metallic sheen. No two pairs are quite alike.',
    sku: 'JW-KESHI-STUD',
    options: [['Metal', [GV, K14]]],
    price: { option: 'Metal', values: { [GV]: p(76, 80, [95, 100]), [K14]: p(260, 275) } },
    art: ['studs', 'gold'],
    altBackdrop: true,
    stock: { [K14]: 1 },
  },
  {
    handle: 'south-sea-pearl-studs',
    title: 'South Sea Pearl Studs',
    type: 'Earrings',
    tags: ['earrings', 'pearls'],
    description:
      'Generous 10 mm South Sea pearls with a satin, golden-white lustre, set on solid 14k gold posts. Only a few are harvested each year; this season’s pairs have all found homes.',
    sku: 'JW-SSEA-STUD',
    options: [['Metal', [K14]]],
    price: p(620, 650),
    art: ['studs', 'gold', 'rose'],
    altBackdrop: true,
    soldOut: true,
  },
  {
    handle: 'herringbone-chain',
    title: 'Herringbone Chain',
    type: 'Necklaces',
    tags: ['necklaces', 'chains'],
    description:
      'A flat, liquid herringbone chain that lies smooth against the collarbone and catches light like silk. Finished with a lobster clasp.',
    sku: 'JW-HERRINGBONE',
    options: [
      ['Metal', [GV, SS]],
      ['Length', ['40 cm', '45 cm']],
    ],
    price: { option: 'Metal', values: { [GV]: p(145, 150), [SS]: p(110, 115) } },
    art: ['necklace', 'gold'],
    stock: { 'Sterling silver / 40 cm': 0 },
  },
  {
    handle: 'oval-locket-necklace',
    title: 'Oval Locket Necklace',
    type: 'Necklaces',
    tags: ['necklaces', 'engravable'],
    description:
      'A hinged oval locket with room for two tiny photographs, hung on a fine trace chain. Engrave the back with a date or a pair of initials.',
    sku: 'JW-LOCKET',
    options: [['Metal', [GV, SS]]],
    price: { option: 'Metal', values: { [GV]: p(165, 175), [SS]: p(125, 130) } },
    art: ['necklace', 'gold', 'silver'],
    altBackdrop: true,
    stock: { [GV]: 4 },
  },
  {
    handle: 'paperclip-chain',
    title: 'Paperclip Chain',
    type: 'Necklaces',
    tags: ['necklaces', 'chains', 'sale'],
    description:
      'Elongated, flattened links: the chain that layers with everything. Wear it alone, clip on a pendant or double it as a choker.',
    sku: 'JW-PAPERCLIP',
    options: [['Metal', [GV, SS, K14]]],
    price: { option: 'Metal', values: { [GV]: p(76, 80, [95, 100]), [SS]: p(75, 80), [K14]: p(480, 505) } },
    art: ['necklace', 'silver'],
  },
  {
    handle: 'sun-disc-pendant',
    title: 'Sun Disc Pendant',
    type: 'Necklaces',
    tags: ['necklaces', 'pendants'],
    description:
      'A small hand-hammered disc that scatters light, on a chain adjustable from 40 to 45 cm. Each disc is beaten by hand, so its texture is its own.',
    sku: 'JW-SUN-DISC',
    options: [['Metal', [GV, K14]]],
    price: { option: 'Metal', values: { [GV]: p(110, 115), [K14]: p(520, 545) } },
    art: ['necklace', 'gold'],
    altBackdrop: true,
  },
  {
    handle: 'single-pearl-pendant',
    title: 'Single Pearl Pendant',
    type: 'Necklaces',
    tags: ['necklaces', 'pearls'],
    description:
      'One 8 mm freshwater pearl floating on a fine cable chain, held by a tiny bail. Delicate enough for every day, special enough for a wedding.',
    sku: 'JW-PEARL-PENDANT',
    options: [['Metal', [GV, SS]]],
    price: { option: 'Metal', values: { [GV]: p(88, 92), [SS]: p(72, 76) } },
    art: ['necklace', 'silver', 'gold'],
    altBackdrop: true,
  },
  {
    handle: 'dome-bangle',
    title: 'Dôme Bangle',
    type: 'Bracelets',
    tags: ['bracelets', 'bangles'],
    description:
      'A rigid oval bangle with a domed outer profile to match our Dôme Ring. It slips over the hand and sits neatly at the wrist.',
    sku: 'JW-DOME-BANGLE',
    options: [
      ['Metal', [GV, SS]],
      ['Size', ['S/M', 'M/L']],
    ],
    price: { option: 'Metal', values: { [GV]: p(175, 185), [SS]: p(135, 140) } },
    art: ['bracelet', 'gold'],
    stock: { 'Gold vermeil / S/M': 2, 'Sterling silver / M/L': 0 },
  },
  {
    handle: 'fine-open-cuff',
    title: 'Fine Open Cuff',
    type: 'Bracelets',
    tags: ['bracelets', 'cuffs', 'stacking'],
    description:
      'A slim 3 mm open cuff, gently adjustable to most wrists, with a brushed finish that hides everyday scuffs. Easy to wear beside a watch.',
    sku: 'JW-OPEN-CUFF',
    options: [['Metal', [SS, GV]]],
    price: { option: 'Metal', values: { [SS]: p(90, 95), [GV]: p(120, 125) } },
    art: ['bracelet', 'silver'],
  },
  {
    handle: 'skinny-bangle-trio',
    title: 'Skinny Bangle Trio',
    type: 'Bracelets',
    tags: ['bracelets', 'bangles', 'stacking'],
    description:
      'Three 1.5 mm round-wire bangles sold together, meant to chime softly as you move. Wear all three, or share them out.',
    sku: 'JW-BANGLE-TRIO',
    options: [['Metal', [GV, SS]]],
    price: { option: 'Metal', values: { [GV]: p(140, 145), [SS]: p(110, 115) } },
    art: ['bracelet', 'gold', 'silver'],
    altBackdrop: true,
    stock: { [GV]: 2 },
  },
  {
    handle: 'rope-bangle',
    title: 'Rope Bangle',
    type: 'Bracelets',
    tags: ['bracelets', 'bangles'],
    description:
      'The bangle to our Rope Band: two heavier strands twisted by hand into a single rigid circle. It turns on the wrist and never looks the same twice.',
    sku: 'JW-ROPE-BANGLE',
    options: [['Metal', [GV, SS]]],
    price: { option: 'Metal', values: { [GV]: p(195, 205), [SS]: p(150, 160) } },
    art: ['bracelet', 'gold', 'silver'],
    altBackdrop: true,
  },
];

export const catalogProducts: CatalogProduct[] = [
  ...fashion.map((d) => product('fashion', d)),
  ...beauty.map((d) => product('beauty', d)),
  ...jewelry.map((d) => product('jewelry', d)),
];

/** Every distinct art spec the catalog uses (for tests and for pre-rendering). */
export function catalogArtSpecs(): ArtSpec[] {
  const seen = new Map<string, ArtSpec>();
  for (const prod of catalogProducts) for (const img of prod.images) seen.set(img.src, img.art);
  return [...seen.values()];
}
