// Add to bag. Without JavaScript it is a plain form: POST /cart, then the bag page. With it, a
// fetcher keeps the shopper on the product page, the header count moves at once (BagLink), and
// each add carries a fresh idempotency key, so a double click adds once.
import { Link, useFetcher } from '@remix-run/react';
import { useEffect, useState } from 'react';

type AddResult = { ok: boolean; message?: string };

export function AddToBagForm({ sku, soldOut, maxQuantity }: { sku: string; soldOut: boolean; maxQuantity: number }) {
  const fetcher = useFetcher<AddResult>({ key: `add-to-bag:${sku}` });
  const [formKey, setFormKey] = useState<string | null>(null);
  const busy = fetcher.state !== 'idle';
  // Made in the browser (the page itself is CDN-cached and shared), renewed after each completed add.
  useEffect(() => {
    if (fetcher.state === 'idle') setFormKey(crypto.randomUUID());
  }, [sku, fetcher.state]);
  return (
    <fetcher.Form method="post" action="/cart" className="add-to-bag" data-testid="add-to-bag">
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="sku" value={sku} />
      {formKey ? (
        <>
          <input type="hidden" name="idempotencyKey" value={formKey} />
          <input type="hidden" name="respond" value="data" />
        </>
      ) : null}
      <label className="quantity">
        <span className="quantity__label">Quantity</span>
        <input type="number" name="quantity" defaultValue={1} min={1} max={maxQuantity} step={1} inputMode="numeric" disabled={soldOut} required key={sku} />
      </label>
      <button type="submit" className="button button--block add-to-bag__button" disabled={soldOut || busy}>
        {soldOut ? 'Sold out' : busy ? 'Adding…' : 'Add to bag'}
      </button>
      {fetcher.state === 'idle' && fetcher.data ? (
        <p className={`add-to-bag__result${fetcher.data.ok ? '' : ' add-to-bag__result--error'}`} role="status" data-testid="add-to-bag-result">
          {fetcher.data.ok ? (
            <>
              Added to your bag. <Link to="/cart?notice=added">View bag</Link>
            </>
          ) : (
            fetcher.data.message
          )}
        </p>
      ) : null}
    </fetcher.Form>
  );
}
