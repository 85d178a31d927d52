// Add to bag. Without JavaScript it is a plain form: POST /cart, then the bag page. With it, a
// fetcher keeps the shopper on the product page, the header count moves at once (BagLink), and
// each add carries a fresh idempotency key, so a double click adds once. The form names the
// market of the page it sits on, so the bag is priced in the market the shopper was browsing.
// While an add is in flight the button is disabled, which would drop keyboard focus on <body>:
// focus moves to the result message instead, so a keyboard or screen-reader user hears it.
import { Link, useFetcher } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';

type AddResult = { ok: boolean; message?: string };

export function AddToBagForm({ sku, soldOut, maxQuantity, market }: { sku: string; soldOut: boolean; maxQuantity: number; market: string }) {
  const fetcher = useFetcher<AddResult>({ key: `add-to-bag:${sku}` });
  const [formKey, setFormKey] = useState<string | null>(null);
  const busy = fetcher.state !== 'idle';
  const resultRef = useRef<HTMLParagraphElement>(null);
  const focusResult = useRef(false);
  // Made in the browser (the page itself is CDN-cached and shared), renewed after each completed add.
  useEffect(() => {
    if (fetcher.state === 'idle') setFormKey(crypto.randomUUID());
  }, [sku, fetcher.state]);
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data || !focusResult.current) return;
    focusResult.current = false;
    resultRef.current?.focus();
  }, [fetcher.state, fetcher.data]);
  return (
    <fetcher.Form
      method="post"
      action="/cart"
      className="add-to-bag"
      data-testid="add-to-bag"
      onSubmit={(e) => {
        focusResult.current = e.currentTarget.contains(document.activeElement);
      }}
    >
      <input type="hidden" name="intent" value="add" />
      <input type="hidden" name="sku" value={sku} />
      <input type="hidden" name="market" value={market} />
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
        <p className={`add-to-bag__result${fetcher.data.ok ? '' : ' add-to-bag__result--error'}`} role="status" data-testid="add-to-bag-result" tabIndex={-1} ref={resultRef}>
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
