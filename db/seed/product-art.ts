// Product imagery generated locally: deterministic SVG "editorial shots" of a stylised object on a
// soft tonal backdrop. The URL carries the whole spec (kind, palette, view), so serving needs no
// database and the bytes for a URL never change: safe to cache immutably. Framework-free.

export const ART_WIDTH = 1200;
export const ART_HEIGHT = 1500;
export const ART_PATH_PREFIX = '/media/art/';

export type ArtCategory = 'fashion' | 'beauty' | 'jewelry';

/** Object kinds and the category whose backdrop and palettes they use. */
export const ART_KINDS = {
  shirt: 'fashion',
  dress: 'fashion',
  coat: 'fashion',
  trousers: 'fashion',
  knit: 'fashion',
  bag: 'fashion',
  scarf: 'fashion',
  lipstick: 'beauty',
  serum: 'beauty',
  jar: 'beauty',
  compact: 'beauty',
  perfume: 'beauty',
  tube: 'beauty',
  pump: 'beauty',
  ring: 'jewelry',
  signet: 'jewelry',
  hoops: 'jewelry',
  studs: 'jewelry',
  necklace: 'jewelry',
  bracelet: 'jewelry',
} as const satisfies Record<string, ArtCategory>;

export type ArtKind = keyof typeof ART_KINDS;

/** Object palettes per category: the colour of the cloth, the product, or the metal. */
export const ART_PALETTES = {
  fashion: {
    ecru: '#e6dccb',
    oat: '#d3c4ab',
    sand: '#c2a988',
    camel: '#a97f52',
    rust: '#9a563a',
    olive: '#6b6848',
    stone: '#a39d92',
    charcoal: '#4a4845',
    navy: '#2f3648',
    black: '#252423',
  },
  beauty: {
    blush: '#e3ae9f',
    nude: '#cf9c80',
    rose: '#c07276',
    clay: '#b0654a',
    red: '#a5292c',
    berry: '#76304a',
    sage: '#9fae93',
    amber: '#8e5520',
    ivory: '#ece3d3',
    noir: '#2b2727',
  },
  jewelry: {
    gold: '#d6b266',
    silver: '#c9ccce',
    rose: '#d9a08a',
  },
} as const satisfies Record<ArtCategory, Record<string, string>>;

export type ArtPalette = { [C in ArtCategory]: keyof (typeof ART_PALETTES)[C] }[ArtCategory];

/** 1 = the full object on the category's light backdrop, 2 = a close crop on the second backdrop, 3 = full object on the third. */
export const ART_VARIANTS = [1, 2, 3] as const;
export type ArtVariant = (typeof ART_VARIANTS)[number];

export type ArtSpec = { kind: ArtKind; palette: ArtPalette; variant: ArtVariant };

export function artCategory(kind: ArtKind): ArtCategory {
  return ART_KINDS[kind];
}

function isKind(value: string): value is ArtKind {
  return Object.prototype.hasOwnProperty.call(ART_KINDS, value);
}

export function isArtSpec(spec: { kind: string; palette: string; variant: number }): spec is ArtSpec {
  if (!isKind(spec.kind)) return false;
  const palettes: Record<string, string> = ART_PALETTES[ART_KINDS[spec.kind]];
  return Object.prototype.hasOwnProperty.call(palettes, spec.palette) && (ART_VARIANTS as readonly number[]).includes(spec.variant);
}

export function artUrl(spec: ArtSpec): string {
  if (!isArtSpec(spec)) throw new RangeError(`Not a product art spec: ${JSON.stringify(spec)}`);
  return `${ART_PATH_PREFIX}${spec.kind}-${spec.palette}-${spec.variant}.svg`;
}

const ART_FILE = /^([a-z]{2,16})-([a-z]{2,16})-([1-9])\.svg$/;

/** Accepts `/media/art/<kind>-<palette>-<variant>.svg` or just the file name; anything else is null. */
export function parseArtPath(path: string): ArtSpec | null {
  if (typeof path !== 'string' || path.length > 80) return null;
  const file = path.startsWith(ART_PATH_PREFIX) ? path.slice(ART_PATH_PREFIX.length) : path;
  const m = ART_FILE.exec(file);
  if (!m) return null;
  const spec = { kind: m[1], palette: m[2], variant: Number(m[3]) };
  return isArtSpec(spec) ? spec : null;
}

// ---------------------------------------------------------------------------------------------
// Colour helpers

type Rgb = [number, number, number];
function rgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
function hex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}
/** Linear mix of two colours, t = 0 → a, t = 1 → b. */
function mix(a: string, b: string, t: number): string {
  const [x, y] = [rgb(a), rgb(b)];
  return hex([x[0] + (y[0] - x[0]) * t, x[1] + (y[1] - x[1]) * t, x[2] + (y[2] - x[2]) * t]);
}
const darken = (c: string, t: number) => mix(c, '#1a1512', t);
const lighten = (c: string, t: number) => mix(c, '#fffaf2', t);
function luminance(c: string): number {
  const [r, g, b] = rgb(c);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeXml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

// ---------------------------------------------------------------------------------------------
// Scene: backdrop per category and variant

type Backdrop = { wallTop: string; wallBottom: string; floorTop: string; floorBottom: string; light: number; dark: boolean };

const BACKDROPS: Record<ArtCategory, Record<ArtVariant, Backdrop>> = {
  fashion: {
    1: { wallTop: '#f0ebe3', wallBottom: '#e4dbcf', floorTop: '#ddd2c3', floorBottom: '#d3c6b5', light: 0.55, dark: false },
    2: { wallTop: '#ddd0bd', wallBottom: '#cdbda7', floorTop: '#c6b59d', floorBottom: '#bba98f', light: 0.4, dark: false },
    3: { wallTop: '#e9e6e1', wallBottom: '#dad5cd', floorTop: '#d2ccc2', floorBottom: '#c8c1b6', light: 0.5, dark: false },
  },
  beauty: {
    1: { wallTop: '#f4e6df', wallBottom: '#ead5cc', floorTop: '#e3cabf', floorBottom: '#dabfb3', light: 0.55, dark: false },
    2: { wallTop: '#e3e8dc', wallBottom: '#d2d9c9', floorTop: '#c8d0be', floorBottom: '#bdc6b2', light: 0.45, dark: false },
    3: { wallTop: '#eee5da', wallBottom: '#e0d3c4', floorTop: '#d8c9b8', floorBottom: '#cdbca9', light: 0.5, dark: false },
  },
  jewelry: {
    1: { wallTop: '#f5efe4', wallBottom: '#eae0cf', floorTop: '#e2d6c2', floorBottom: '#d8cab4', light: 0.6, dark: false },
    2: { wallTop: '#2a2f3e', wallBottom: '#1c202b', floorTop: '#191c26', floorBottom: '#12141b', light: 0.22, dark: true },
    3: { wallTop: '#e8e2d8', wallBottom: '#d6cdbf', floorTop: '#cbc0af', floorBottom: '#beb29f', light: 0.5, dark: false },
  },
};

/** How a kind is staged: hanging against the wall (cast shadow behind) or standing on a surface. */
type Staging = 'hanging' | 'standing';

type Drawing = {
  staging: Staging;
  /** Flat shapes only (path/rect/circle/ellipse): they double as the clip path for shading. */
  body: string;
  /** Drawn before the body, not shaded (hanger, chain behind, pump stem…). */
  under?: string;
  /** Details drawn over the shaded body: seams, buttons, labels, highlights. */
  details: string;
  /** Point the close crop (variant 2) centres on, and its zoom. */
  focus: [number, number, number];
  /** Contact shadow under a standing object: centre x, y and half-width. */
  contact?: [number, number, number];
  /** Moves the drawn object down (so a small piece sits on the surface); focus follows it. */
  shift?: number;
  /** Enlarges a small object in the full views (1 and 3), anchored where it meets the floor. */
  fullScale?: number;
};

type Ctx = { id: (name: string) => string; url: (name: string) => string; c: string; dark: boolean; defs: string[] };

const FLOOR_Y = 1160;

// ---------------------------------------------------------------------------------------------
// Shared pieces

function hanger(ctx: Ctx): string {
  const wood = ctx.id('wood');
  ctx.defs.push(
    `<linearGradient id="${wood}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#caa57a"/><stop offset="0.55" stop-color="#a87e52"/><stop offset="1" stop-color="#7d5a37"/></linearGradient>`,
  );
  return [
    `<path d="M600 318 C600 292 600 276 616 264 C634 251 640 228 624 214 C608 201 588 208 586 226" fill="none" stroke="#8c8780" stroke-width="7" stroke-linecap="round"/>`,
    `<path d="M600 312 C560 318 470 350 398 378 C386 383 386 396 400 398 L800 398 C814 396 814 383 802 378 C730 350 640 318 600 312 Z" fill="url(#${wood})"/>`,
    `<path d="M410 384 C480 358 560 330 600 325" fill="none" stroke="#e6cba6" stroke-opacity="0.55" stroke-width="3" stroke-linecap="round"/>`,
  ].join('');
}

/** Mirror an element across the vertical centre line. */
const MIRROR = 'matrix(-1 0 0 1 1200 0)';

function softLines(ctx: Ctx, paths: string[], colour: string, width: number, opacity: number, blur = 5): string {
  const f = ctx.id(`soft${blur}`);
  if (!ctx.defs.some((d) => d.includes(`id="${f}"`))) {
    ctx.defs.push(`<filter id="${f}" x="-20%" y="-20%" width="140%" height="140%"><feGaussianBlur stdDeviation="${blur}"/></filter>`);
  }
  return `<g filter="url(#${f})" fill="none" stroke="${colour}" stroke-width="${width}" stroke-opacity="${opacity}" stroke-linecap="round">${paths
    .map((d) => `<path d="${d}"/>`)
    .join('')}</g>`;
}

function metalGradient(ctx: Ctx, name: string, base: string, horizontal = true): string {
  const id = ctx.id(name);
  const [x2, y2] = horizontal ? ['1', '0'] : ['0', '1'];
  ctx.defs.push(
    `<linearGradient id="${id}" x1="0" y1="0" x2="${x2}" y2="${y2}">` +
      `<stop offset="0" stop-color="${darken(base, 0.35)}"/>` +
      `<stop offset="0.18" stop-color="${lighten(base, 0.55)}"/>` +
      `<stop offset="0.34" stop-color="${base}"/>` +
      `<stop offset="0.62" stop-color="${darken(base, 0.28)}"/>` +
      `<stop offset="0.8" stop-color="${lighten(base, 0.35)}"/>` +
      `<stop offset="1" stop-color="${darken(base, 0.45)}"/></linearGradient>`,
  );
  return `url(#${id})`;
}

function cylinderGradient(ctx: Ctx, name: string, base: string, gloss = 0.45): string {
  const id = ctx.id(name);
  ctx.defs.push(
    `<linearGradient id="${id}" x1="0" y1="0" x2="1" y2="0">` +
      `<stop offset="0" stop-color="${darken(base, 0.3)}"/>` +
      `<stop offset="0.22" stop-color="${lighten(base, gloss)}"/>` +
      `<stop offset="0.4" stop-color="${base}"/>` +
      `<stop offset="0.85" stop-color="${darken(base, 0.22)}"/>` +
      `<stop offset="1" stop-color="${darken(base, 0.38)}"/></linearGradient>`,
  );
  return `url(#${id})`;
}

/** A small label: a dot mark and three hairlines, no text (no fonts to depend on). */
function label(x: number, y: number, w: number, h: number, paper: string, ink: string): string {
  const cx = x + w / 2;
  return [
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="3" fill="${paper}"/>`,
    `<circle cx="${cx}" cy="${y + h * 0.3}" r="${Math.max(5, w * 0.045)}" fill="${ink}"/>`,
    `<rect x="${cx - w * 0.3}" y="${y + h * 0.52}" width="${w * 0.6}" height="3" fill="${ink}" opacity="0.8"/>`,
    `<rect x="${cx - w * 0.22}" y="${y + h * 0.64}" width="${w * 0.44}" height="2" fill="${ink}" opacity="0.45"/>`,
    `<rect x="${cx - w * 0.16}" y="${y + h * 0.74}" width="${w * 0.32}" height="2" fill="${ink}" opacity="0.45"/>`,
  ].join('');
}

// ---------------------------------------------------------------------------------------------
// Fashion

function drawShirt(ctx: Ctx): Drawing {
  const c = ctx.c;
  const shade = darken(c, 0.18);
  const sleeve = 'M422 402 C392 410 368 430 360 470 L326 1000 C350 1010 380 1014 404 1012 L428 596 Z';
  const body =
    'M536 356 L426 398 C410 404 404 420 404 440 L408 1128 C440 1170 520 1198 600 1200 C680 1198 760 1170 792 1128 L796 440 C796 420 790 404 774 398 L664 356 C640 372 560 372 536 356 Z';
  const collarL = 'M600 404 L540 356 C548 344 566 338 582 338 L600 340 Z';
  return {
    staging: 'hanging',
    under: hanger(ctx),
    body: [
      `<path d="${sleeve}" fill="${shade}"/>`,
      `<path d="${sleeve}" fill="${shade}" transform="${MIRROR}"/>`,
      `<path d="${body}" fill="${c}"/>`,
    ].join(''),
    details: [
      // cuffs
      `<path d="M330 944 C354 952 382 956 408 954" fill="none" stroke="${darken(c, 0.3)}" stroke-opacity="0.5" stroke-width="3"/>`,
      `<path d="M330 944 C354 952 382 956 408 954" fill="none" stroke="${darken(c, 0.3)}" stroke-opacity="0.5" stroke-width="3" transform="${MIRROR}"/>`,
      // collar stand and points
      `<path d="M536 356 C560 376 640 376 664 356 C650 346 630 340 600 340 C570 340 550 346 536 356 Z" fill="${darken(c, 0.32)}"/>`,
      `<path d="M600 404 L532 356 L560 448 Z" fill="${lighten(c, 0.12)}" stroke="${darken(c, 0.25)}" stroke-opacity="0.35" stroke-width="2"/>`,
      `<path d="M600 404 L532 356 L560 448 Z" fill="${lighten(c, 0.06)}" stroke="${darken(c, 0.25)}" stroke-opacity="0.35" stroke-width="2" transform="${MIRROR}"/>`,
      `<path d="${collarL}" fill="none"/>`,
      // placket and buttons
      `<path d="M588 404 L588 1198 M612 404 L612 1198" stroke="${darken(c, 0.25)}" stroke-opacity="0.35" stroke-width="2" fill="none"/>`,
      ...[470, 580, 690, 800, 910, 1020, 1130].map(
        (y) => `<circle cx="600" cy="${y}" r="7.5" fill="${lighten(c, 0.35)}" stroke="${darken(c, 0.35)}" stroke-opacity="0.5" stroke-width="1.5"/>`,
      ),
      // yoke seam and soft folds
      `<path d="M420 470 C500 486 700 486 780 470" fill="none" stroke="${darken(c, 0.25)}" stroke-opacity="0.3" stroke-width="2"/>`,
      softLines(ctx, ['M470 620 C480 760 470 900 486 1080', 'M712 600 C706 760 722 920 716 1090', 'M540 980 C548 1060 560 1120 570 1180'], darken(c, 0.45), 10, 0.22, 7),
      softLines(ctx, ['M444 560 C452 700 446 860 458 1040', 'M742 640 C738 780 748 920 744 1060'], lighten(c, 0.6), 8, 0.35, 6),
    ].join(''),
    focus: [600, 560, 1.7],
  };
}

function drawDress(ctx: Ctx): Drawing {
  const c = ctx.c;
  const body =
    'M506 548 C540 590 660 590 694 548 C700 650 716 770 742 900 C772 1050 812 1180 846 1312 C760 1336 680 1344 600 1344 C520 1344 440 1336 354 1312 C388 1180 428 1050 458 900 C484 770 500 650 506 548 Z';
  return {
    staging: 'hanging',
    under: hanger(ctx),
    body: `<path d="${body}" fill="${c}"/>`,
    details: [
      // straps
      `<path d="M522 392 L508 552 M678 392 L692 552" stroke="${darken(c, 0.2)}" stroke-width="7" stroke-linecap="round" fill="none"/>`,
      // cowl drape
      softLines(ctx, ['M520 566 C560 612 640 612 680 566', 'M530 600 C570 650 630 650 670 600'], darken(c, 0.45), 9, 0.28, 6),
      softLines(ctx, ['M524 584 C565 628 635 628 676 584'], lighten(c, 0.6), 6, 0.5, 4),
      // bias-cut folds falling from the waist
      softLines(
        ctx,
        ['M540 760 C520 940 470 1120 430 1320', 'M600 780 C596 980 590 1160 586 1340', 'M664 760 C690 960 730 1140 772 1322', 'M500 900 C470 1060 440 1200 410 1316'],
        darken(c, 0.5),
        14,
        0.22,
        10,
      ),
      softLines(ctx, ['M566 780 C552 960 524 1150 500 1336', 'M636 790 C648 980 670 1160 690 1338'], lighten(c, 0.65), 10, 0.4, 9),
      `<path d="M354 1312 C440 1336 520 1344 600 1344 C680 1344 760 1336 846 1312" fill="none" stroke="${darken(c, 0.35)}" stroke-opacity="0.4" stroke-width="3"/>`,
    ].join(''),
    focus: [600, 640, 1.65],
  };
}

function drawCoat(ctx: Ctx): Drawing {
  const c = ctx.c;
  const sleeve = 'M402 400 C378 408 360 432 354 470 L330 1090 C352 1100 384 1104 410 1100 L424 640 Z';
  const body =
    'M530 352 L404 398 C388 404 380 424 380 448 L372 1336 L828 1336 L820 448 C820 424 812 404 796 398 L670 352 L600 640 Z';
  const inside = darken(c, 0.55);
  return {
    staging: 'hanging',
    under: hanger(ctx) + `<path d="M530 352 L600 640 L670 352 C640 366 560 366 530 352 Z" fill="${inside}"/>`,
    body: [
      `<path d="${sleeve}" fill="${darken(c, 0.16)}"/>`,
      `<path d="${sleeve}" fill="${darken(c, 0.16)}" transform="${MIRROR}"/>`,
      `<path d="${body}" fill="${c}"/>`,
    ].join(''),
    details: [
      // lapels
      `<path d="M530 352 L488 474 L516 486 L500 512 L600 660 L600 640 Z" fill="${lighten(c, 0.1)}" stroke="${darken(c, 0.3)}" stroke-opacity="0.4" stroke-width="2"/>`,
      `<path d="M530 352 L488 474 L516 486 L500 512 L600 660 L600 640 Z" fill="${lighten(c, 0.04)}" stroke="${darken(c, 0.3)}" stroke-opacity="0.4" stroke-width="2" transform="${MIRROR}"/>`,
      // front edge overlap, buttons
      `<path d="M612 650 L618 1336" stroke="${darken(c, 0.4)}" stroke-opacity="0.55" stroke-width="3" fill="none"/>`,
      ...[760, 900].map((y) => `<circle cx="650" cy="${y}" r="11" fill="${darken(c, 0.45)}"/><circle cx="548" cy="${y}" r="11" fill="${darken(c, 0.45)}"/>`),
      // belt
      `<path d="M378 1004 L822 1004 L822 1040 L378 1040 Z" fill="${darken(c, 0.1)}" stroke="${darken(c, 0.3)}" stroke-opacity="0.4" stroke-width="2"/>`,
      `<path d="M620 1040 C626 1120 612 1180 630 1236 L654 1232 C640 1170 650 1110 646 1040 Z" fill="${darken(c, 0.12)}"/>`,
      // pockets
      `<path d="M430 1130 L540 1126 M660 1126 L770 1130" stroke="${darken(c, 0.4)}" stroke-opacity="0.5" stroke-width="4" fill="none"/>`,
      softLines(ctx, ['M460 1060 C470 1180 460 1260 470 1330', 'M740 1060 C734 1180 744 1260 738 1330', 'M700 700 C706 820 700 920 708 1000'], darken(c, 0.5), 12, 0.22, 8),
      softLines(ctx, ['M420 560 C430 700 424 860 432 990'], lighten(c, 0.55), 10, 0.35, 8),
    ].join(''),
    focus: [600, 560, 1.6],
  };
}

function drawKnit(ctx: Ctx): Drawing {
  const c = ctx.c;
  const sleeve = 'M396 420 C370 432 352 460 346 500 L316 1020 C344 1034 382 1040 414 1036 L432 640 Z';
  const body = 'M528 366 L400 416 C384 424 378 444 378 470 L384 1160 L816 1160 L822 470 C822 444 816 424 800 416 L672 366 C640 392 560 392 528 366 Z';
  const stitch = ctx.id('stitch');
  ctx.defs.push(
    `<pattern id="${stitch}" width="26" height="30" patternUnits="userSpaceOnUse"><path d="M2 4 L13 22 L24 4" fill="none" stroke="${darken(c, 0.35)}" stroke-opacity="0.22" stroke-width="3"/><path d="M4 2 L13 16" stroke="${lighten(c, 0.5)}" stroke-opacity="0.25" stroke-width="2"/></pattern>`,
  );
  const rib = ctx.id('rib');
  ctx.defs.push(
    `<pattern id="${rib}" width="14" height="40" patternUnits="userSpaceOnUse"><rect width="7" height="40" fill="${darken(c, 0.14)}"/><rect x="7" width="7" height="40" fill="${lighten(c, 0.08)}"/></pattern>`,
  );
  return {
    staging: 'hanging',
    under: hanger(ctx),
    body: [
      `<path d="${sleeve}" fill="${darken(c, 0.12)}"/>`,
      `<path d="${sleeve}" fill="${darken(c, 0.12)}" transform="${MIRROR}"/>`,
      `<path d="${body}" fill="${c}"/>`,
    ].join(''),
    details: [
      `<path d="${body}" fill="url(#${stitch})"/>`,
      `<path d="${sleeve}" fill="url(#${stitch})"/>`,
      `<path d="${sleeve}" fill="url(#${stitch})" transform="${MIRROR}"/>`,
      `<path d="M384 1076 L816 1076 L816 1160 L384 1160 Z" fill="url(#${rib})"/>`,
      `<path d="M318 984 C346 996 382 1002 416 998 L414 1036 C382 1040 344 1034 316 1020 Z" fill="url(#${rib})"/>`,
      `<path d="M318 984 C346 996 382 1002 416 998 L414 1036 C382 1040 344 1034 316 1020 Z" fill="url(#${rib})" transform="${MIRROR}"/>`,
      // crew neck
      `<path d="M528 366 C560 392 640 392 672 366 L690 372 C650 416 550 416 510 372 Z" fill="url(#${rib})" stroke="${darken(c, 0.3)}" stroke-opacity="0.3" stroke-width="2"/>`,
      softLines(ctx, ['M470 560 C480 720 470 900 480 1070', 'M724 540 C716 720 730 900 720 1070'], darken(c, 0.5), 14, 0.2, 10),
    ].join(''),
    focus: [600, 500, 1.7],
  };
}

function drawTrousers(ctx: Ctx): Drawing {
  const c = ctx.c;
  const leg = 'M432 398 L396 1340 L588 1340 L600 640 L600 398 Z';
  return {
    staging: 'hanging',
    under: [
      `<path d="M600 318 C600 292 600 276 616 264 C634 251 640 228 624 214 C608 201 588 208 586 226" fill="none" stroke="#8c8780" stroke-width="7" stroke-linecap="round"/>`,
      `<rect x="400" y="312" width="400" height="14" rx="7" fill="#8c8780"/>`,
      `<rect x="444" y="318" width="22" height="60" rx="4" fill="#6f6a63"/><rect x="734" y="318" width="22" height="60" rx="4" fill="#6f6a63"/>`,
    ].join(''),
    body: [`<path d="${leg}" fill="${c}"/>`, `<path d="${leg}" fill="${darken(c, 0.06)}" transform="${MIRROR}"/>`].join(''),
    details: [
      `<path d="M432 358 L768 358 L768 404 L432 404 Z" fill="${darken(c, 0.08)}" stroke="${darken(c, 0.35)}" stroke-opacity="0.35" stroke-width="2"/>`,
      ...[470, 560, 640, 730].map((x) => `<rect x="${x - 5}" y="356" width="10" height="54" rx="3" fill="${darken(c, 0.14)}"/>`),
      `<circle cx="624" cy="381" r="7" fill="${darken(c, 0.45)}"/>`,
      `<path d="M610 404 L610 560 C610 600 590 620 600 640" stroke="${darken(c, 0.4)}" stroke-opacity="0.5" stroke-width="3" fill="none"/>`,
      // pressed creases and pleats
      `<path d="M510 404 L494 1340 M690 404 L706 1340" stroke="${lighten(c, 0.45)}" stroke-opacity="0.55" stroke-width="3" fill="none"/>`,
      `<path d="M540 404 L536 520 M660 404 L664 520" stroke="${darken(c, 0.4)}" stroke-opacity="0.45" stroke-width="3" fill="none"/>`,
      softLines(ctx, ['M600 660 L596 1340', 'M460 700 C450 900 440 1100 430 1330', 'M748 700 C756 900 764 1100 772 1330'], darken(c, 0.5), 16, 0.22, 10),
      `<path d="M400 1300 L588 1300 M612 1300 L800 1300" stroke="${darken(c, 0.35)}" stroke-opacity="0.3" stroke-width="2" fill="none"/>`,
    ].join(''),
    focus: [600, 520, 1.65],
  };
}

function drawBag(ctx: Ctx): Drawing {
  const c = ctx.c;
  const body = 'M430 730 L770 730 C786 730 796 742 798 758 L836 1128 C838 1146 826 1158 808 1158 L392 1158 C374 1158 362 1146 364 1128 L402 758 C404 742 414 730 430 730 Z';
  const handle = 'M486 736 C486 540 714 540 714 736 L690 736 C690 574 510 574 510 736 Z';
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 250],
    under: `<path d="${handle}" fill="${darken(c, 0.22)}" transform="translate(18 8)"/>`,
    body: [`<path d="${handle}" fill="${darken(c, 0.08)}"/>`, `<path d="${body}" fill="${c}"/>`].join(''),
    details: [
      `<path d="M416 770 L784 770" stroke="${lighten(c, 0.4)}" stroke-opacity="0.6" stroke-width="2" stroke-dasharray="9 7" fill="none"/>`,
      `<path d="M404 746 L796 746 L798 760 L402 760 Z" fill="${darken(c, 0.18)}"/>`,
      `<path d="M374 1100 L826 1100" stroke="${darken(c, 0.35)}" stroke-opacity="0.4" stroke-width="2" fill="none"/>`,
      `<path d="M494 738 C494 600 706 600 706 738" stroke="${lighten(c, 0.45)}" stroke-opacity="0.5" stroke-width="2" stroke-dasharray="8 6" fill="none"/>`,
      ...[486, 690].map((x) => `<rect x="${x - 4}" y="728" width="32" height="40" rx="4" fill="${darken(c, 0.25)}"/><circle cx="${x + 12}" cy="750" r="5" fill="#c8a96a"/>`),
      `<rect x="570" y="800" width="60" height="22" rx="3" fill="${darken(c, 0.2)}"/>`,
      softLines(ctx, ['M440 820 C436 940 430 1040 424 1140', 'M760 820 C764 940 770 1040 776 1140'], darken(c, 0.5), 14, 0.25, 10),
      softLines(ctx, ['M520 800 C516 920 512 1040 508 1140'], lighten(c, 0.6), 16, 0.25, 12),
    ].join(''),
    focus: [600, 800, 1.6],
  };
}

function drawScarf(ctx: Ctx): Drawing {
  const c = ctx.c;
  const back = 'M508 360 L700 360 C702 620 706 900 712 1180 L520 1188 C516 900 510 620 508 360 Z';
  const front = 'M482 352 C520 334 640 334 678 352 C682 640 676 960 664 1270 L470 1262 C476 960 480 640 482 352 Z';
  const stripe = darken(c, 0.3);
  return {
    staging: 'hanging',
    under: [
      `<rect x="300" y="340" width="600" height="12" rx="6" fill="#b79a6c"/>`,
      `<rect x="300" y="340" width="600" height="4" rx="2" fill="#e2c994" opacity="0.7"/>`,
      `<circle cx="300" cy="346" r="12" fill="#9c8158"/><circle cx="900" cy="346" r="12" fill="#9c8158"/>`,
    ].join(''),
    body: [`<path d="${back}" fill="${darken(c, 0.2)}"/>`, `<path d="${front}" fill="${c}"/>`].join(''),
    details: [
      `<path d="M472 1196 L666 1204 L665 1220 L471 1212 Z" fill="${stripe}" opacity="0.75"/>`,
      `<path d="M473 1166 L667 1174 L667 1180 L473 1172 Z" fill="${stripe}" opacity="0.55"/>`,
      `<path d="M520 1120 L711 1112 L711 1124 L520 1132 Z" fill="${darken(c, 0.4)}" opacity="0.6"/>`,
      // fringe
      `<g stroke="${darken(c, 0.08)}" stroke-width="4" stroke-linecap="round">${Array.from({ length: 24 }, (_, i) => {
        const x = 476 + i * 8;
        return `<path d="M${x} ${1266 + i * 0.3} l${(i % 3) - 1} 46"/>`;
      }).join('')}</g>`,
      `<g stroke="${darken(c, 0.32)}" stroke-width="4" stroke-linecap="round">${Array.from({ length: 23 }, (_, i) => {
        const x = 524 + i * 8.2;
        return `<path d="M${x} 1186 l${(i % 3) - 1} 36"/>`;
      }).join('')}</g>`,
      softLines(ctx, ['M520 400 C530 700 522 980 512 1250', 'M600 380 C606 700 600 980 590 1260', 'M650 400 C652 700 646 980 640 1260'], darken(c, 0.5), 12, 0.25, 9),
      softLines(ctx, ['M560 380 C566 700 560 980 550 1255'], lighten(c, 0.6), 12, 0.35, 9),
      `<path d="M482 352 C520 334 640 334 678 352" stroke="${lighten(c, 0.4)}" stroke-opacity="0.6" stroke-width="4" fill="none"/>`,
    ].join(''),
    focus: [600, 720, 1.6],
  };
}

// ---------------------------------------------------------------------------------------------
// Beauty

function drawLipstick(ctx: Ctx): Drawing {
  const c = ctx.c;
  const gold = cylinderGradient(ctx, 'case', '#c9a664', 0.6);
  const bullet = cylinderGradient(ctx, 'bullet', c, 0.35);
  const capFill = cylinderGradient(ctx, 'cap', '#2a2626', 0.25);
  return {
    staging: 'standing',
    contact: [640, FLOOR_Y, 230],
    body: [
      // cap standing to the right
      `<path d="M700 860 L820 860 L820 1148 C820 1156 790 1162 760 1162 C730 1162 700 1156 700 1148 Z" fill="${capFill}"/>`,
      `<ellipse cx="760" cy="860" rx="60" ry="13" fill="#3a3535"/>`,
      // bullet with a slanted tip
      `<path d="M548 708 L548 612 C548 598 560 590 574 584 L636 552 C646 548 652 552 652 562 L652 708 Z" fill="${bullet}"/>`,
      `<path d="M540 700 L660 700 L660 812 L540 812 Z" fill="${gold}"/>`,
      `<path d="M520 812 L680 812 L680 1146 C680 1156 640 1162 600 1162 C560 1162 520 1156 520 1146 Z" fill="${capFill}"/>`,
    ].join(''),
    details: [
      `<path d="M552 604 C560 596 600 576 644 556" stroke="${lighten(c, 0.5)}" stroke-opacity="0.55" stroke-width="4" fill="none" stroke-linecap="round"/>`,
      `<ellipse cx="600" cy="700" rx="60" ry="8" fill="${darken('#c9a664', 0.3)}" opacity="0.7"/>`,
      `<ellipse cx="600" cy="812" rx="80" ry="12" fill="#c9a664"/>`,
      `<path d="M520 830 L680 830" stroke="#c9a664" stroke-width="4"/>`,
      `<rect x="520" y="1080" width="160" height="6" fill="#c9a664" opacity="0.9"/>`,
      `<rect x="700" y="1080" width="120" height="6" fill="#c9a664" opacity="0.9"/>`,
      `<circle cx="600" cy="960" r="8" fill="#c9a664"/>`,
    ].join(''),
    fullScale: 1.15,
    focus: [610, 700, 1.7],
  };
}

function drawSerum(ctx: Ctx): Drawing {
  const c = ctx.c;
  const glass = cylinderGradient(ctx, 'glass', c, 0.5);
  const bulb = cylinderGradient(ctx, 'bulb', '#242121', 0.28);
  const collar = cylinderGradient(ctx, 'collar', '#c9a664', 0.6);
  const bottle = 'M520 760 C520 730 548 712 572 708 L628 708 C652 712 680 730 680 760 L680 1136 C680 1150 668 1160 654 1160 L546 1160 C532 1160 520 1150 520 1136 Z';
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 150],
    body: [
      `<path d="M572 520 C572 470 628 470 628 520 L632 640 L568 640 Z" fill="${bulb}"/>`,
      `<path d="M560 636 L640 636 L642 716 L558 716 Z" fill="${collar}"/>`,
      `<path d="${bottle}" fill="${glass}"/>`,
    ].join(''),
    details: [
      `<path d="M534 860 L666 860 L666 1130 C666 1140 660 1146 650 1146 L550 1146 C540 1146 534 1140 534 1130 Z" fill="${darken(c, 0.3)}" opacity="0.45"/>`,
      `<path d="M596 716 L596 1060 C596 1080 604 1080 604 1060 L604 716 Z" fill="${lighten(c, 0.4)}" opacity="0.5"/>`,
      label(540, 900, 120, 150, '#f3ede3', '#2b2727'),
      `<path d="M540 760 C540 745 550 736 560 732" stroke="#ffffff" stroke-opacity="0.5" stroke-width="6" stroke-linecap="round" fill="none"/>`,
      `<rect x="538" y="780" width="8" height="330" rx="4" fill="#ffffff" opacity="0.28"/>`,
      `<path d="M560 660 L640 660 M560 690 L640 690" stroke="${darken('#c9a664', 0.35)}" stroke-opacity="0.5" stroke-width="2"/>`,
    ].join(''),
    fullScale: 1.12,
    focus: [600, 760, 1.6],
  };
}

function drawJar(ctx: Ctx): Drawing {
  const c = ctx.c;
  const jar = cylinderGradient(ctx, 'jar', c, 0.45);
  const lidColour = luminance(c) > 0.6 ? '#c9a664' : '#eee7db';
  const lid = cylinderGradient(ctx, 'lid', lidColour, 0.55);
  const ridges = ctx.id('ridges');
  ctx.defs.push(
    `<pattern id="${ridges}" width="10" height="10" patternUnits="userSpaceOnUse"><rect width="3" height="10" fill="#000" opacity="0.12"/></pattern>`,
  );
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 230],
    body: [
      `<path d="M438 930 L762 930 L762 1130 C762 1148 748 1160 730 1160 L470 1160 C452 1160 438 1148 438 1130 Z" fill="${jar}"/>`,
      `<path d="M428 830 C428 810 500 800 600 800 C700 800 772 810 772 830 L772 930 C772 944 700 952 600 952 C500 952 428 944 428 930 Z" fill="${lid}"/>`,
    ].join(''),
    details: [
      `<path d="M428 836 L772 836 L772 930 C772 944 700 952 600 952 C500 952 428 944 428 930 Z" fill="url(#${ridges})"/>`,
      `<ellipse cx="600" cy="826" rx="172" ry="24" fill="${lighten(lidColour, 0.35)}" opacity="0.85"/>`,
      `<ellipse cx="600" cy="826" rx="172" ry="24" fill="none" stroke="${darken(lidColour, 0.2)}" stroke-opacity="0.35" stroke-width="2"/>`,
      label(520, 1000, 160, 120, luminance(c) > 0.6 ? '#2b2727' : '#f3ede3', luminance(c) > 0.6 ? '#f3ede3' : '#2b2727'),
      `<rect x="456" y="964" width="10" height="160" rx="5" fill="#ffffff" opacity="0.3"/>`,
    ].join(''),
    fullScale: 1.1,
    focus: [600, 900, 1.55],
  };
}

function drawCompact(ctx: Ctx): Drawing {
  const c = ctx.c;
  const gold = metalGradient(ctx, 'rim', '#c9a664');
  const mirror = ctx.id('mirror');
  ctx.defs.push(
    `<linearGradient id="${mirror}" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#f4f1ec"/><stop offset="0.45" stop-color="#bfc3c4"/><stop offset="0.55" stop-color="#e8e6e2"/><stop offset="1" stop-color="#9ea2a4"/></linearGradient>`,
  );
  const powder = ctx.id('powder');
  ctx.defs.push(
    `<radialGradient id="${powder}" cx="0.4" cy="0.35" r="0.8"><stop offset="0" stop-color="${lighten(c, 0.35)}"/><stop offset="0.7" stop-color="${c}"/><stop offset="1" stop-color="${darken(c, 0.2)}"/></radialGradient>`,
  );
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y - 10, 260],
    body: [
      `<ellipse cx="600" cy="760" rx="230" ry="240" fill="${gold}"/>`,
      `<path d="M370 1054 L370 1084 C370 1130 472 1164 600 1164 C728 1164 830 1130 830 1084 L830 1054 Z" fill="${gold}"/>`,
      `<ellipse cx="600" cy="1054" rx="230" ry="84" fill="${lighten('#c9a664', 0.2)}"/>`,
    ].join(''),
    details: [
      `<ellipse cx="600" cy="760" rx="198" ry="208" fill="url(#${mirror})"/>`,
      `<path d="M470 640 C520 580 600 560 660 566" stroke="#ffffff" stroke-opacity="0.7" stroke-width="10" stroke-linecap="round" fill="none"/>`,
      `<ellipse cx="600" cy="1054" rx="198" ry="68" fill="${darken('#c9a664', 0.35)}"/>`,
      `<ellipse cx="600" cy="1058" rx="186" ry="62" fill="url(#${powder})"/>`,
      `<path d="M470 1050 C520 1030 600 1024 660 1030" stroke="${lighten(c, 0.5)}" stroke-opacity="0.6" stroke-width="6" stroke-linecap="round" fill="none"/>`,
      `<rect x="560" y="990" width="80" height="20" rx="8" fill="${darken('#c9a664', 0.25)}"/>`,
    ].join(''),
    focus: [600, 1000, 1.6],
  };
}

function drawPerfume(ctx: Ctx): Drawing {
  const c = ctx.c;
  const capColour = luminance(c) > 0.55 ? '#2b2727' : '#e9e0cf';
  const cap = cylinderGradient(ctx, 'cap', capColour, 0.3);
  const collar = cylinderGradient(ctx, 'collar', '#c9a664', 0.6);
  const glass = ctx.id('glass');
  ctx.defs.push(
    `<linearGradient id="${glass}" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="#d9dedd" stop-opacity="0.9"/><stop offset="0.12" stop-color="#ffffff" stop-opacity="0.85"/><stop offset="0.3" stop-color="#e8ecea" stop-opacity="0.55"/><stop offset="0.88" stop-color="#cfd5d3" stop-opacity="0.6"/><stop offset="1" stop-color="#aab1af" stop-opacity="0.9"/></linearGradient>`,
  );
  const liquid = cylinderGradient(ctx, 'liquid', c, 0.3);
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 200],
    body: [
      `<rect x="530" y="540" width="140" height="170" rx="6" fill="${cap}"/>`,
      `<rect x="566" y="706" width="68" height="54" fill="${collar}"/>`,
      `<rect x="450" y="756" width="300" height="404" rx="14" fill="url(#${glass})"/>`,
    ].join(''),
    details: [
      `<rect x="474" y="820" width="252" height="272" rx="6" fill="${liquid}" opacity="0.92"/>`,
      `<rect x="474" y="820" width="252" height="14" fill="${lighten(c, 0.3)}" opacity="0.7"/>`,
      `<rect x="450" y="1092" width="300" height="68" rx="10" fill="#ffffff" opacity="0.28"/>`,
      `<rect x="470" y="770" width="12" height="370" rx="6" fill="#ffffff" opacity="0.55"/>`,
      `<rect x="700" y="770" width="6" height="370" rx="3" fill="#ffffff" opacity="0.3"/>`,
      label(535, 920, 130, 110, '#f3ede3', '#2b2727'),
      `<rect x="530" y="540" width="140" height="10" fill="#ffffff" opacity="0.18"/>`,
      `<rect x="546" y="556" width="10" height="140" rx="5" fill="#ffffff" opacity="0.18"/>`,
    ].join(''),
    fullScale: 1.1,
    focus: [600, 800, 1.55],
  };
}

function drawTube(ctx: Ctx): Drawing {
  const c = ctx.c;
  const tube = cylinderGradient(ctx, 'tube', c, 0.4);
  const capColour = luminance(c) > 0.6 ? '#2b2727' : '#efe8dc';
  const cap = cylinderGradient(ctx, 'cap', capColour, 0.35);
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 130],
    body: [
      `<path d="M476 540 L724 540 L724 568 C720 700 690 880 652 1030 L548 1030 C510 880 480 700 476 568 Z" fill="${tube}"/>`,
      `<path d="M536 1024 L664 1024 L672 1150 C672 1156 640 1162 600 1162 C560 1162 528 1156 528 1150 Z" fill="${cap}"/>`,
    ].join(''),
    details: [
      `<path d="M476 540 L724 540 L724 574 L476 574 Z" fill="${darken(c, 0.12)}"/>`,
      ...[548, 556, 564].map((y) => `<path d="M484 ${y} L716 ${y}" stroke="${darken(c, 0.3)}" stroke-opacity="0.35" stroke-width="2"/>`),
      label(540, 660, 120, 170, luminance(c) > 0.6 ? '#2b2727' : '#f3ede3', luminance(c) > 0.6 ? '#f3ede3' : '#2b2727'),
      `<path d="M500 600 C510 720 530 860 556 1000" stroke="#ffffff" stroke-opacity="0.35" stroke-width="10" stroke-linecap="round" fill="none"/>`,
      ...[1060, 1076, 1092, 1108, 1124].map((y) => `<path d="M534 ${y} L668 ${y}" stroke="#000" stroke-opacity="0.08" stroke-width="3"/>`),
    ].join(''),
    fullScale: 1.1,
    focus: [600, 780, 1.55],
  };
}

function drawPump(ctx: Ctx): Drawing {
  const c = ctx.c;
  const glass = cylinderGradient(ctx, 'glass', c, 0.45);
  const black = cylinderGradient(ctx, 'pump', '#242121', 0.3);
  const bottle = 'M500 740 C500 700 540 680 572 676 L628 676 C660 680 700 700 700 740 L700 1140 C700 1152 690 1160 678 1160 L522 1160 C510 1160 500 1152 500 1140 Z';
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 150],
    under: `<rect x="592" y="520" width="16" height="120" fill="#242121"/>`,
    body: [
      `<path d="M548 482 L676 482 C690 482 700 490 700 500 L700 514 L548 514 Z" fill="${black}"/>`,
      `<rect x="574" y="506" width="52" height="46" rx="4" fill="${black}"/>`,
      `<rect x="560" y="610" width="80" height="74" rx="6" fill="${black}"/>`,
      `<path d="${bottle}" fill="${glass}"/>`,
    ].join(''),
    details: [
      `<rect x="592" y="552" width="16" height="60" fill="#1a1818"/>`,
      ...[622, 638, 654, 670].map((y) => `<path d="M562 ${y} L638 ${y}" stroke="#ffffff" stroke-opacity="0.12" stroke-width="2"/>`),
      label(522, 840, 156, 230, '#efe7d8', '#2b2727'),
      `<rect x="514" y="730" width="12" height="400" rx="6" fill="#ffffff" opacity="0.3"/>`,
      `<path d="M520 716 C530 700 548 692 566 690" stroke="#ffffff" stroke-opacity="0.45" stroke-width="6" stroke-linecap="round" fill="none"/>`,
    ].join(''),
    fullScale: 1.08,
    focus: [600, 740, 1.55],
  };
}

// ---------------------------------------------------------------------------------------------
// Jewelry

function drawRing(ctx: Ctx): Drawing {
  metalGradient(ctx, 'band', ctx.c, false);
  const metalSide = metalGradient(ctx, 'side', ctx.c);
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 170],
    body: [
      // the band upright, seen slightly from above: outer face minus the opening, plus the inner wall
      `<path d="M600 780 m-196 0 a196 190 0 1 0 392 0 a196 190 0 1 0 -392 0 Z M600 790 m-160 0 a160 154 0 1 1 320 0 a160 154 0 1 1 -320 0 Z" fill-rule="evenodd" fill="${metalSide}"/>`,
    ].join(''),
    details: [
      `<path d="M442 800 C450 700 520 636 600 636 C680 636 750 700 758 800 C744 720 680 664 600 664 C520 664 456 720 442 800 Z" fill="${darken(ctx.c, 0.45)}" opacity="0.6"/>`,
      `<path d="M600 780 m-196 0 a196 190 0 1 0 392 0" fill="none" stroke="url(#${ctx.id('band')})" stroke-width="6" opacity="0.6"/>`,
      `<path d="M436 700 C470 620 540 590 600 590" stroke="#ffffff" stroke-opacity="0.65" stroke-width="7" stroke-linecap="round" fill="none"/>`,
      `<path d="M760 870 C740 920 700 950 660 960" stroke="#ffffff" stroke-opacity="0.35" stroke-width="5" stroke-linecap="round" fill="none"/>`,
      `<path d="M600 970 C520 970 452 924 428 856" stroke="${lighten(ctx.c, 0.5)}" stroke-opacity="0.45" stroke-width="4" fill="none"/>`,
    ].join(''),
    fullScale: 1.3,
    focus: [600, 780, 1.45],
    shift: 190,
  };
}

function drawSignet(ctx: Ctx): Drawing {
  const side = metalGradient(ctx, 'side', ctx.c);
  const face = metalGradient(ctx, 'face', ctx.c, false);
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 170],
    body: [
      `<path d="M600 830 m-180 0 a180 176 0 1 0 360 0 a180 176 0 1 0 -360 0 Z M600 846 m-146 0 a146 140 0 1 1 292 0 a146 140 0 1 1 -292 0 Z" fill-rule="evenodd" fill="${side}"/>`,
      `<path d="M500 690 C500 620 700 620 700 690 L700 706 C700 770 500 770 500 706 Z" fill="${side}"/>`,
    ].join(''),
    details: [
      `<ellipse cx="600" cy="690" rx="100" ry="44" fill="${face}"/>`,
      `<ellipse cx="600" cy="690" rx="100" ry="44" fill="none" stroke="${darken(ctx.c, 0.3)}" stroke-opacity="0.5" stroke-width="2"/>`,
      `<path d="M540 676 C560 662 600 656 640 662" stroke="#ffffff" stroke-opacity="0.6" stroke-width="6" stroke-linecap="round" fill="none"/>`,
      `<path d="M470 900 C480 950 520 990 580 1000" stroke="#ffffff" stroke-opacity="0.4" stroke-width="5" stroke-linecap="round" fill="none"/>`,
      `<path d="M470 860 C476 790 520 730 560 716" stroke="${darken(ctx.c, 0.45)}" stroke-opacity="0.5" stroke-width="6" fill="none"/>`,
    ].join(''),
    fullScale: 1.3,
    focus: [600, 760, 1.5],
    shift: 154,
  };
}

function drawHoops(ctx: Ctx): Drawing {
  const m = metalGradient(ctx, 'hoop', ctx.c);
  const m2 = metalGradient(ctx, 'hoop2', ctx.c, false);
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 300],
    body: [
      `<path d="M480 880 m-170 0 a170 270 0 1 0 340 0 a170 270 0 1 0 -340 0 Z M480 880 m-140 0 a140 242 0 1 1 280 0 a140 242 0 1 1 -280 0 Z" fill-rule="evenodd" fill="${m}" transform="rotate(-8 480 880)"/>`,
      `<path d="M740 960 m-100 0 a100 196 0 1 0 200 0 a100 196 0 1 0 -200 0 Z M740 960 m-76 0 a76 172 0 1 1 152 0 a76 172 0 1 1 -152 0 Z" fill-rule="evenodd" fill="${m2}" transform="rotate(14 740 960)"/>`,
    ].join(''),
    details: [
      `<path d="M340 820 C350 720 400 640 450 620" stroke="#ffffff" stroke-opacity="0.6" stroke-width="6" stroke-linecap="round" fill="none" transform="rotate(-8 480 880)"/>`,
      `<path d="M660 900 C664 840 690 800 716 786" stroke="#ffffff" stroke-opacity="0.55" stroke-width="5" stroke-linecap="round" fill="none" transform="rotate(14 740 960)"/>`,
    ].join(''),
    fullScale: 1.12,
    focus: [560, 880, 1.45],
  };
}

function drawStuds(ctx: Ctx): Drawing {
  const pearl = ctx.id('pearl');
  ctx.defs.push(
    `<radialGradient id="${pearl}" cx="0.36" cy="0.32" r="0.75"><stop offset="0" stop-color="#ffffff"/><stop offset="0.35" stop-color="#f4ede2"/><stop offset="0.7" stop-color="#dcd0c4"/><stop offset="0.9" stop-color="#c9b9b4"/><stop offset="1" stop-color="#b8aab0"/></radialGradient>`,
  );
  const m = metalGradient(ctx, 'post', ctx.c);
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y, 260],
    body: [
      `<rect x="454" y="1010" width="12" height="90" rx="4" fill="${m}" transform="rotate(-30 460 1050)"/>`,
      `<circle cx="470" cy="1040" r="98" fill="url(#${pearl})"/>`,
      `<rect x="730" y="880" width="14" height="110" rx="5" fill="${m}"/>`,
      `<path d="M700 990 L774 990 L766 1010 L708 1010 Z" fill="${m}"/>`,
      `<circle cx="737" cy="1070" r="86" fill="url(#${pearl})"/>`,
    ].join(''),
    details: [
      `<ellipse cx="440" cy="1002" rx="30" ry="18" fill="#ffffff" opacity="0.7" transform="rotate(-30 440 1002)"/>`,
      `<ellipse cx="712" cy="1036" rx="26" ry="15" fill="#ffffff" opacity="0.7" transform="rotate(-30 712 1036)"/>`,
      `<circle cx="737" cy="886" r="9" fill="${m}"/>`,
    ].join(''),
    fullScale: 1.6,
    focus: [600, 1020, 1.5],
    shift: 20,
  };
}

function drawNecklace(ctx: Ctx): Drawing {
  const m = metalGradient(ctx, 'pendant', ctx.c);
  const chain = 'M330 -20 C360 420 470 800 600 860 C730 800 840 420 870 -20';
  const link = darken(ctx.c, 0.35);
  return {
    staging: 'hanging',
    body: [
      `<path d="M600 860 m-12 0 a12 12 0 1 0 24 0 a12 12 0 1 0 -24 0 Z" fill="${m}"/>`,
      `<path d="M600 872 C660 872 690 930 690 990 C690 1070 640 1120 600 1120 C560 1120 510 1070 510 990 C510 930 540 872 600 872 Z" fill="${m}"/>`,
    ].join(''),
    under: [
      `<path d="${chain}" fill="none" stroke="${link}" stroke-width="9"/>`,
      `<path d="${chain}" fill="none" stroke="${ctx.c}" stroke-width="7" stroke-dasharray="14 6" stroke-linecap="round"/>`,
      `<path d="${chain}" fill="none" stroke="${lighten(ctx.c, 0.6)}" stroke-width="2.5" stroke-dasharray="6 14" stroke-linecap="round"/>`,
    ].join(''),
    details: [
      `<path d="M600 900 C640 900 664 940 664 990 C664 1050 630 1090 600 1090 C570 1090 536 1050 536 990 C536 940 560 900 600 900 Z" fill="none" stroke="${darken(ctx.c, 0.3)}" stroke-opacity="0.4" stroke-width="3"/>`,
      `<path d="M552 960 C560 926 580 912 600 908" stroke="#ffffff" stroke-opacity="0.7" stroke-width="6" stroke-linecap="round" fill="none"/>`,
      `<circle cx="600" cy="990" r="14" fill="${lighten(ctx.c, 0.4)}" opacity="0.8"/>`,
    ].join(''),
    focus: [600, 920, 1.6],
  };
}

function drawBracelet(ctx: Ctx): Drawing {
  const top = metalGradient(ctx, 'top', ctx.c);
  const wall = metalGradient(ctx, 'wall', darken(ctx.c, 0.12));
  return {
    staging: 'standing',
    contact: [600, FLOOR_Y - 20, 320],
    body: [
      // the side wall visible at the front, then the top rim
      `<path d="M300 1000 L300 1050 C300 1110 434 1160 600 1160 C766 1160 900 1110 900 1050 L900 1000 A300 110 0 0 1 300 1000 Z" fill="${wall}"/>`,
      `<path d="M600 1000 m-300 0 a300 110 0 1 0 600 0 a300 110 0 1 0 -600 0 Z M600 994 m-262 0 a262 88 0 1 1 524 0 a262 88 0 1 1 -524 0 Z" fill-rule="evenodd" fill="${top}"/>`,
    ].join(''),
    details: [
      `<path d="M346 1010 C360 960 470 912 600 908 C730 912 840 960 854 1010 C830 968 730 930 600 928 C470 930 370 968 346 1010 Z" fill="${darken(ctx.c, 0.4)}" opacity="0.55"/>`,
      `<path d="M330 1040 C380 1090 480 1112 600 1114" stroke="#ffffff" stroke-opacity="0.55" stroke-width="6" stroke-linecap="round" fill="none"/>`,
      `<path d="M420 920 C470 902 530 894 580 892" stroke="#ffffff" stroke-opacity="0.5" stroke-width="4" stroke-linecap="round" fill="none"/>`,
    ].join(''),
    fullScale: 1.12,
    focus: [600, 1000, 1.45],
  };
}

const DRAW: Record<ArtKind, (ctx: Ctx) => Drawing> = {
  shirt: drawShirt,
  dress: drawDress,
  coat: drawCoat,
  trousers: drawTrousers,
  knit: drawKnit,
  bag: drawBag,
  scarf: drawScarf,
  lipstick: drawLipstick,
  serum: drawSerum,
  jar: drawJar,
  compact: drawCompact,
  perfume: drawPerfume,
  tube: drawTube,
  pump: drawPump,
  ring: drawRing,
  signet: drawSignet,
  hoops: drawHoops,
  studs: drawStuds,
  necklace: drawNecklace,
  bracelet: drawBracelet,
};

// ---------------------------------------------------------------------------------------------
// Composition

const rendered = new Map<string, string>();

/** The SVG document for a spec. Pure and deterministic: the same spec always yields the same bytes. */
export function renderProductArt(spec: ArtSpec): string {
  const key = artUrl(spec); // validates
  const cached = rendered.get(key);
  if (cached) return cached;
  const svg = compose(spec);
  rendered.set(key, svg);
  return svg;
}

function compose(spec: ArtSpec): string {
  const category = artCategory(spec.kind);
  const palettes: Record<string, string> = ART_PALETTES[category];
  const colour = palettes[spec.palette];
  const bd = BACKDROPS[category][spec.variant];
  const prefix = `${spec.kind}-${spec.palette}-${spec.variant}-`;
  const defs: string[] = [];
  const ctx: Ctx = { id: (n) => escapeXml(prefix + n), url: (n) => `url(#${escapeXml(prefix + n)})`, c: colour, dark: bd.dark, defs };
  const d = DRAW[spec.kind](ctx);
  const id = ctx.id;

  const wall = id('scene-wall');
  const floor = id('scene-floor');
  const glow = id('scene-glow');
  const shade = id('scene-shade');
  const clip = id('scene-clip');
  const blur = id('scene-blur');
  const blurWide = id('scene-blurwide');
  const grain = id('scene-grain');
  const vignette = id('scene-vignette');
  const horizon = d.staging === 'standing' ? FLOOR_Y - 40 : 1500;

  defs.push(
    `<linearGradient id="${wall}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${bd.wallTop}"/><stop offset="1" stop-color="${bd.wallBottom}"/></linearGradient>`,
    `<linearGradient id="${floor}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${bd.floorTop}"/><stop offset="1" stop-color="${bd.floorBottom}"/></linearGradient>`,
    `<radialGradient id="${glow}" cx="0.42" cy="0.38" r="0.62"><stop offset="0" stop-color="#ffffff" stop-opacity="${bd.light}"/><stop offset="1" stop-color="#ffffff" stop-opacity="0"/></radialGradient>`,
    `<radialGradient id="${vignette}" cx="0.5" cy="0.48" r="0.78"><stop offset="0.6" stop-color="#000000" stop-opacity="0"/><stop offset="1" stop-color="#000000" stop-opacity="${bd.dark ? 0.35 : 0.1}"/></radialGradient>`,
    // light from the upper left wraps the object: a highlight on the left, falloff to the right
    `<linearGradient id="${shade}" x1="0" y1="0" x2="1" y2="0.25"><stop offset="0" stop-color="#ffffff" stop-opacity="0.22"/><stop offset="0.35" stop-color="#ffffff" stop-opacity="0.04"/><stop offset="0.7" stop-color="#000000" stop-opacity="0.06"/><stop offset="1" stop-color="#000000" stop-opacity="0.24"/></linearGradient>`,
    `<clipPath id="${clip}">${d.body.replace(/ fill="[^"]*"/g, '').replace(/fill-rule=/g, 'clip-rule=')}</clipPath>`,
    `<filter id="${blur}" x="-30%" y="-30%" width="160%" height="160%"><feGaussianBlur stdDeviation="22"/></filter>`,
    `<filter id="${blurWide}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="46"/></filter>`,
    `<filter id="${grain}" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="0.85" numOctaves="2" seed="7" stitchTiles="stitch"/><feColorMatrix type="saturate" values="0"/><feComponentTransfer><feFuncA type="table" tableValues="0 ${bd.dark ? 0.1 : 0.07}"/></feComponentTransfer></filter>`,
  );

  const shadowColour = bd.dark ? '#05060a' : darken(bd.wallBottom, 0.55);
  const shadow =
    d.staging === 'hanging'
      ? `<g transform="translate(34 ${26 + (d.shift ?? 0)})" filter="url(#${blur})" opacity="${bd.dark ? 0.6 : luminance(colour) > 0.7 ? 0.42 : 0.32}"><rect width="${ART_WIDTH}" height="${ART_HEIGHT}" fill="${shadowColour}" clip-path="url(#${clip})"/></g>`
      : d.contact
        ? `<ellipse cx="${d.contact[0] + 20}" cy="${d.contact[1] + 4}" rx="${d.contact[2] * 1.15}" ry="${d.contact[2] * 0.16}" fill="${shadowColour}" opacity="${bd.dark ? 0.7 : 0.3}" filter="url(#${blurWide})"/>` +
          `<ellipse cx="${d.contact[0] + 6}" cy="${d.contact[1]}" rx="${d.contact[2] * 0.95}" ry="${d.contact[2] * 0.06}" fill="${shadowColour}" opacity="${bd.dark ? 0.85 : 0.45}" filter="url(#${id('scene-contact')})"/>`
        : '';
  if (d.staging === 'standing') defs.push(`<filter id="${id('scene-contact')}" x="-20%" y="-100%" width="140%" height="300%"><feGaussianBlur stdDeviation="8"/></filter>`);

  const shift = d.shift ?? 0;
  const [fx, fy0, zoom] = d.focus;
  const fy = fy0 + shift;
  const full = d.fullScale ?? 1;
  const objectTransform =
    spec.variant === 2
      ? `translate(${round(600 - fx * zoom)} ${round(760 - fy * zoom)}) scale(${zoom})`
      : full !== 1
        ? `translate(${round(600 * (1 - full))} ${round(FLOOR_Y * (1 - full))}) scale(${full})`
        : 'translate(0 0)';
  const floorY = spec.variant === 2 && d.staging === 'standing' ? round(760 + (horizon - fy) * zoom) : horizon;

  const title = `${spec.kind}, ${spec.palette}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${ART_WIDTH} ${ART_HEIGHT}" width="${ART_WIDTH}" height="${ART_HEIGHT}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<defs>${defs.join('')}</defs>`,
    `<rect width="${ART_WIDTH}" height="${ART_HEIGHT}" fill="url(#${wall})"/>`,
    d.staging === 'standing' && floorY < ART_HEIGHT
      ? `<rect y="${floorY}" width="${ART_WIDTH}" height="${ART_HEIGHT - floorY}" fill="url(#${floor})"/><rect y="${floorY}" width="${ART_WIDTH}" height="2" fill="#ffffff" opacity="${bd.dark ? 0.06 : 0.25}"/>`
      : '',
    `<rect width="${ART_WIDTH}" height="${ART_HEIGHT}" fill="url(#${glow})"/>`,
    `<g transform="${objectTransform}">`,
    shadow,
    shift ? `<g transform="translate(0 ${shift})">` : '<g>',
    d.under ?? '',
    d.body,
    `<rect y="${-shift}" width="${ART_WIDTH}" height="${ART_HEIGHT}" fill="url(#${shade})" clip-path="url(#${clip})"/>`,
    d.details,
    `</g>`,
    `</g>`,
    `<rect width="${ART_WIDTH}" height="${ART_HEIGHT}" fill="url(#${vignette})"/>`,
    `<rect width="${ART_WIDTH}" height="${ART_HEIGHT}" filter="url(#${grain})"/>`,
    `</svg>`,
  ].join('');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
