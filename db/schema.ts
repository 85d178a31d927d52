// The Drizzle schema: the catalog projection (built from Shopify, each row keeping the Shopify id
// and updated_at it came from), inventory (Shopify's `available` + DotShop's `reserved`), admin
// users, sessions and the audit log. Carts, orders and the ledger arrive with later migrations.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const productStatus = pgEnum('product_status', ['active', 'draft', 'archived']);
export const adminRole = pgEnum('admin_role', ['owner', 'support', 'finance']);

export const categories = pgTable('categories', {
  id: serial('id').primaryKey(),
  handle: varchar('handle', { length: 120 }).notNull().unique(),
  title: text('title').notNull(),
  tagline: text('tagline').notNull().default(''),
  description: text('description').notNull().default(''),
  position: integer('position').notNull().default(0),
  shopifyId: text('shopify_id').unique(),
  shopifyUpdatedAt: tstz('shopify_updated_at'),
});

export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
    handle: varchar('handle', { length: 160 }).notNull().unique(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    vendor: text('vendor').notNull().default('DotShop'),
    productType: text('product_type').notNull().default(''),
    categoryId: integer('category_id')
      .notNull()
      .references(() => categories.id),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: productStatus('status').notNull().default('active'),
    featured: boolean('featured').notNull().default(false),
    shopifyId: text('shopify_id').unique(),
    shopifyUpdatedAt: tstz('shopify_updated_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(product_type, '') || ' ' || coalesce(vendor, '')), 'B') || setweight(to_tsvector('english', coalesce(description, '')), 'C')`,
    ),
  },
  (t) => [index('products_search_idx').using('gin', t.search), index('products_category_idx').on(t.categoryId, t.status)],
);

export const variants = pgTable(
  'variants',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    sku: varchar('sku', { length: 64 }).notNull().unique(),
    title: text('title').notNull(),
    // e.g. {"Size": "M", "Colour": "Ink"}; option names are listed in order on the product's variants
    options: jsonb('options').$type<Record<string, string>>().notNull().default({}),
    position: integer('position').notNull().default(0),
    shopifyId: text('shopify_id').unique(),
    // Shopify's inventory item behind this variant: inventory_levels/update names it, not the variant.
    shopifyInventoryItemId: text('shopify_inventory_item_id').unique(),
    shopifyUpdatedAt: tstz('shopify_updated_at'),
    // Shopify no longer has this variant (removed from its product, or the product deleted): it
    // stays for the orders that name it, and cannot be bought (ADR 021).
    removedAt: tstz('removed_at'),
  },
  (t) => [index('variants_product_idx').on(t.productId), index('variants_options_idx').using('gin', t.options)],
);

/** A price per currency, integer minor units. */
export const variantPrices = pgTable(
  'variant_prices',
  {
    variantId: integer('variant_id')
      .notNull()
      .references(() => variants.id, { onDelete: 'cascade' }),
    currency: varchar('currency', { length: 3 }).notNull(),
    amount: integer('amount').notNull(),
    compareAtAmount: integer('compare_at_amount'),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.currency] }),
    check('variant_prices_amount_positive', sql`${t.amount} > 0`),
    check('variant_prices_currency_upper', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const images = pgTable(
  'images',
  {
    id: serial('id').primaryKey(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    alt: text('alt').notNull().default(''),
    width: integer('width').notNull().default(1200),
    height: integer('height').notNull().default(1500),
    position: integer('position').notNull().default(0),
    shopifyId: text('shopify_id').unique(),
  },
  (t) => [index('images_product_idx').on(t.productId, t.position)],
);

/**
 * Stock per variant. `available` is Shopify's last known count and `available_at` the time it was
 * true; `reserved` is DotShop's own hold. Sellable = available − reserved, a generated column, so
 * checkout can reserve with one conditional UPDATE (… WHERE sellable >= qty).
 */
export const inventory = pgTable(
  'inventory',
  {
    variantId: integer('variant_id')
      .primaryKey()
      .references(() => variants.id, { onDelete: 'cascade' }),
    available: integer('available').notNull().default(0),
    availableAt: tstz('available_at').notNull().defaultNow(),
    // X-Shopify-Triggered-At of the webhook that set `available` (ms precision): orders two levels
    // with the same second-resolution updated_at (ADR 021). Null when set from a snapshot.
    availableTriggeredAt: tstz('available_triggered_at'),
    reserved: integer('reserved').notNull().default(0),
    sellable: integer('sellable').generatedAlwaysAs(sql`available - reserved`),
    updatedAt: tstz('updated_at').notNull().defaultNow(),
  },
  (t) => [check('inventory_reserved_nonnegative', sql`${t.reserved} >= 0`)],
);

export const adminUsers = pgTable(
  'admin_users',
  {
    id: serial('id').primaryKey(),
    email: varchar('email', { length: 254 }).notNull(),
    name: text('name').notNull(),
    role: adminRole('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    lastLoginAt: tstz('last_login_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('admin_users_email_idx').on(sql`lower(${t.email})`)],
);

export const adminSessions = pgTable(
  'admin_sessions',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    adminUserId: integer('admin_user_id')
      .notNull()
      .references(() => adminUsers.id, { onDelete: 'cascade' }),
    csrfToken: varchar('csrf_token', { length: 64 }).notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('admin_sessions_user_idx').on(t.adminUserId), index('admin_sessions_expires_idx').on(t.expiresAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tstz('at').notNull().defaultNow(),
    actorType: varchar('actor_type', { length: 16 }).notNull(), // admin | system | shopper | webhook
    actorId: text('actor_id'),
    actorLabel: text('actor_label'),
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    ip: text('ip'),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_entity_idx').on(t.entityType, t.entityId), index('audit_log_action_at_idx').on(t.action, t.at)],
);
