// The checkout request, validated per region — shared by the checkout form and the REST API
// (so the OpenAPI document is generated from the same schema that validates).
import { z } from 'zod';
import { euCountries, usStates } from './pricing';

export { euCountries, usStates };

const text = (label: string, max = 120) => z.string().trim().min(1, `${label} is required.`).max(max, `${label} is too long.`);

export const usAddress = z.object({
  name: text('Full name'),
  line1: text('Address'),
  line2: z.string().trim().max(120).optional().default(''),
  city: text('City', 80),
  region: z.enum(usStates as [string, ...string[]], { error: 'Choose a state.' }),
  postalCode: z.string().trim().regex(/^\d{5}(-\d{4})?$/, 'Enter a 5-digit ZIP code.'),
  country: z.literal('US', { error: 'We ship to US addresses in the US region.' }),
});

export const euAddress = z.object({
  name: text('Full name'),
  line1: text('Address'),
  line2: z.string().trim().max(120).optional().default(''),
  city: text('City', 80),
  region: z.string().trim().max(80).optional().default(''),
  postalCode: z.string().trim().regex(/^[A-Z0-9][A-Z0-9 -]{2,9}$/i, 'Enter a valid postal code.'),
  country: z.enum(euCountries as [string, ...string[]], { error: 'Choose a country we ship to.' }),
});

export const email = z.string().trim().toLowerCase().max(254).email('Enter a valid email address.');
export const shippingMethod = z.enum(['standard', 'express'], { error: 'Choose a delivery method.' });
export const paymentMethodId = z.string().regex(/^pm_[A-Za-z0-9_]{3,100}$/, 'Enter a valid payment method.');

export function addressSchema(region: 'us' | 'eu') {
  return region === 'us' ? usAddress : euAddress;
}

/** The checkout form (address fields nested under `address`, a test card number, the form key). */
export function checkoutFormSchema(region: 'us' | 'eu') {
  return z.object({
    email,
    shippingMethod,
    address: addressSchema(region),
    cardNumber: z.string().trim().min(1, 'Enter a card number.'),
    idempotencyKey: z.string().min(8).max(255),
  });
}
