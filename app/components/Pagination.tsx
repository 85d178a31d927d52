import { Link } from '@remix-run/react';
import { withParams } from '~/lib/catalog-params';

/** Page links that keep the current filters and sort; plain links, so they work without JavaScript. */
export function Pagination({ page, pageCount, search }: { page: number; pageCount: number; search: string }) {
  if (pageCount <= 1) return null;
  const href = (n: number) => withParams(search, { page: n === 1 ? null : n }) || '?';
  const pages = pageNumbers(page, pageCount);
  return (
    <nav className="pagination" aria-label="Pagination">
      {page > 1 ? (
        <Link className="pagination__step" to={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className="pagination__step is-disabled" aria-hidden="true">
          ← Previous
        </span>
      )}
      <ol className="pagination__pages">
        {pages.map((n, i) =>
          n === null ? (
            <li key={`gap-${i}`} className="pagination__gap" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={n}>
              {n === page ? (
                <span className="pagination__page is-current" aria-current="page">
                  {n}
                </span>
              ) : (
                <Link className="pagination__page" to={href(n)} aria-label={`Page ${n}`}>
                  {n}
                </Link>
              )}
            </li>
          ),
        )}
      </ol>
      {page < pageCount ? (
        <Link className="pagination__step" to={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span className="pagination__step is-disabled" aria-hidden="true">
          Next →
        </span>
      )}
    </nav>
  );
}

function pageNumbers(page: number, count: number): (number | null)[] {
  const set = new Set([1, count, page - 1, page, page + 1].filter((n) => n >= 1 && n <= count));
  const sorted = [...set].sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of sorted) {
    if (out.length && n - (out[out.length - 1] as number) > 1) out.push(null);
    out.push(n);
  }
  return out;
}
