// The region switch form (intent=set-region). Server-only, so zod stays out of the browser bundle.
import { z } from 'zod';
import { REGION_CODES, type RegionCode } from '~/services/catalog.server';

export const setRegionForm = z.object({
  intent: z.literal('set-region'),
  region: z.enum(REGION_CODES as [RegionCode, ...RegionCode[]], { error: 'Choose a region' }),
  redirectTo: z.string().max(2048).optional(),
});
