// The bag's form: one schema, switched on `intent` (add, update, remove).
import { z } from 'zod';
import { REGION_CODES, type RegionCode } from '../catalog';
import { MAX_LINE_QUANTITY } from './cart';

const quantity = z.coerce
  .number({ error: 'Enter a quantity.' })
  .int('Quantity must be a whole number.')
  .min(1, 'Quantity must be at least 1.')
  .max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} per item.`);
const sku = z.string().trim().min(1, 'Choose an option.').max(64);
const key = z.string().trim().min(8).max(128).optional();
/** The market of the page the add came from (the URL's market); absent → the shopper's preference. */
const market = z.enum(REGION_CODES as [RegionCode, ...RegionCode[]]).optional().catch(undefined);

export const cartFormSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('add'), sku, quantity: quantity.default(1), idempotencyKey: key, market }),
  z.object({ intent: z.literal('update'), sku, quantity: z.coerce.number().int('Quantity must be a whole number.').min(0).max(MAX_LINE_QUANTITY, `At most ${MAX_LINE_QUANTITY} per item.`), idempotencyKey: key }),
  z.object({ intent: z.literal('remove'), sku, idempotencyKey: key }),
]);

