// Seeds the catalog and the first owner. Idempotent: running it twice changes nothing.
import { count } from 'drizzle-orm';
import type { Db } from '../client';
import { products } from '../schema';
import { seedCatalog } from './catalog-seed';

export type SeedOptions = { adminEmail: string; adminPassword: string; log?: (msg: string) => void };

/** `products` is the number of products in the database after seeding, not the number added. */
export async function seedDatabase(db: Db, opts: SeedOptions): Promise<{ products: number }> {
  await seedCatalog(db, opts.log);
  // The owner account (opts.adminEmail / opts.adminPassword) is created by the admin module.
  const [row] = await db.select({ n: count() }).from(products);
  return { products: row.n };
}
