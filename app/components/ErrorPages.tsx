import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { useMarketPath, useShopData } from '~/lib/shop-data';

export function NotFoundPage() {
  const shop = useShopData();
  const to = useMarketPath();
  return (
    <section className="status-page" data-testid="not-found">
      <p className="eyebrow">Error 404</p>
      <h1 className="status-page__title">We couldn’t find that page</h1>
      <p className="status-page__text">The piece you were looking for may have sold through or moved. Everything else is right where we left it.</p>
      <div className="status-page__actions">
        <Link to={to('/')} className="button">
          Return home
        </Link>
        <Link to={to('/search')} className="button button--ghost">
          Search the shop
        </Link>
      </div>
      <nav aria-label="Shop by category" className="status-page__nav">
        <ul>
          {shop.categories.map((c) => (
            <li key={c.handle}>
              <Link to={to(`/collections/${c.handle}`)}>{c.title}</Link>
            </li>
          ))}
        </ul>
      </nav>
    </section>
  );
}

export function ServerErrorPage({ requestId }: { requestId?: string }) {
  return (
    <section className="status-page" data-testid="server-error">
      <p className="eyebrow">Error 500</p>
      <h1 className="status-page__title">Something went wrong on our side</h1>
      <p className="status-page__text">Please try again in a moment.{requestId ? ' If it keeps happening, quote the reference below when you contact us.' : ''}</p>
      {requestId ? (
        <p className="status-page__reference">
          Reference <code>{requestId}</code>
        </p>
      ) : null}
      <div className="status-page__actions">
        <Link to="/" className="button" reloadDocument>
          Return home
        </Link>
      </div>
    </section>
  );
}

/** The ErrorBoundary of every storefront route: a friendly 404, or a calm 500 naming the request id. */
export function StorefrontErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) return <NotFoundPage />;
    const requestId = typeof error.data === 'object' && error.data && 'requestId' in error.data ? String(error.data.requestId) : undefined;
    return <ServerErrorPage requestId={requestId} />;
  }
  return <ServerErrorPage />;
}

/** `meta` for a route that rendered its error boundary. */
export function errorMeta(error: unknown) {
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return [{ title: notFound ? 'Page not found — DotShop' : 'Something went wrong — DotShop' }, { name: 'robots', content: 'noindex' }];
}
