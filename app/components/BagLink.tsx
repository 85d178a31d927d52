// The header's bag link with a live count. Catalog pages are CDN-cached and shared, so the count
// is fetched by the browser (no-store) rather than rendered into the page; while an add is in
// flight the count already includes it (optimistic), and settles when the action revalidates.
import { Link, useFetcher, useFetchers } from '@remix-run/react';
import { useEffect } from 'react';

export function BagLink() {
  const count = useFetcher<{ count: number }>({ key: 'bag-count' });
  const { load } = count;
  useEffect(() => {
    load('/cart/count');
  }, [load]);
  const pending = useFetchers()
    .filter((f) => f.state === 'submitting' && f.formAction === '/cart' && f.formData?.get('intent') === 'add')
    .reduce((n, f) => n + Math.max(0, Number(f.formData?.get('quantity') ?? 1) || 0), 0);
  const total = (count.data?.count ?? 0) + pending;
  return (
    // No aria-label: the accessible name is the visible text ("Bag 1") plus a hidden "item(s)",
    // so a voice-control user can say what they see.
    <Link to="/cart" className="bag-link">
      Bag
      {total > 0 ? (
        <>
          {' '}
          <span className="bag-link__count" data-testid="bag-count">
            {total}
          </span>
          <span className="visually-hidden">{total === 1 ? ' item' : ' items'}</span>
        </>
      ) : null}
    </Link>
  );
}
