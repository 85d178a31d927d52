// GET /cart/count → { count }: the header's bag count, fetched by the browser, never cached.
import { data, type LoaderFunctionArgs } from '@remix-run/node';
import { getCart } from '~/services/cart.server';
import { readCartId, getRegion } from '~/services/web.server';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const cartId = await readCartId(request, context.config);
  const region = await getRegion(request, context.config);
  const cart = cartId ? await getCart(context.db.primary, cartId, region.code) : null;
  return data({ count: cart && !cart.checkedOut ? cart.itemCount : 0 }, { headers: { 'Cache-Control': 'no-store' } });
}
