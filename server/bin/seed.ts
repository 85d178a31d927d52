// Seeds the catalog and the first owner. Idempotent: running it twice changes nothing.
import { count } from 'drizzle-orm';
import { ensureOwnerAccount } from '../modules/admin';
import type { Db } from '../../db/client';
import { products } from '../../db/schema';
import { seedCatalog } from '../../db/seed/catalog-seed';

export type SeedOptions = { adminEmail: string; adminPassword: string; resetAdminPassword: boolean; log?: (msg: string) => void };

/** `products` is the number of products in the database after seeding, not the number added. */
export async function seedDatabase(db: Db, opts: SeedOptions): Promise<{ products: number; ownerCreated: boolean }> {
  await seedCatalog(db, opts.log);
  const owner = await ensureOwnerAccount(db, { email: opts.adminEmail, password: opts.adminPassword, resetPassword: opts.resetAdminPassword });
  const [row] = await db.select({ n: count() }).from(products);
  return { products: row.n, ownerCreated: owner.created };
}
