// Previous/next links that keep the page's other query parameters (search, filters).
import { Link, useLocation } from '@remix-run/react';

export function Pager({ page, hasNext, summary, label = 'Pages' }: { page: number; hasNext: boolean; summary?: string; label?: string }) {
  const { pathname, search } = useLocation();
  const hrefFor = (p: number) => {
    const params = new URLSearchParams(search);
    if (p <= 1) params.delete('page');
    else params.set('page', String(p));
    const qs = params.toString();
    return qs ? `${pathname}?${qs}` : pathname;
  };
  return (
    <nav className="adm-pager" aria-label={label}>
      {page > 1 ? (
        <Link to={hrefFor(page - 1)} className="adm-button adm-button--ghost adm-button--small" rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className="adm-button adm-button--ghost adm-button--small is-disabled" aria-disabled="true">
          ← Previous
        </span>
      )}
      {summary ? <span className="adm-pager__summary">{summary}</span> : null}
      {hasNext ? (
        <Link to={hrefFor(page + 1)} className="adm-button adm-button--ghost adm-button--small" rel="next">
          Next →
        </Link>
      ) : (
        <span className="adm-button adm-button--ghost adm-button--small is-disabled" aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}
