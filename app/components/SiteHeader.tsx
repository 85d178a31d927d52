import { Form, Link, NavLink, useLocation } from '@remix-run/react';
import { marketPath, splitMarketPath } from '~/lib/market-path';
import { useMarketPath, type ShopData } from '~/lib/shop-data';
import { BagLink } from './BagLink';

export function Wordmark() {
  const to = useMarketPath();
  return (
    <Link to={to('/')} className="wordmark" aria-label="DotShop, home">
      DotShop
    </Link>
  );
}

/** US $ / EU €: a tiny POST form to /region that stores the preference and sends the shopper to the same page in the other market's URL. */
export function RegionSwitch({ shop }: { shop: ShopData }) {
  const location = useLocation();
  const redirectTo = `${location.pathname}${location.search}`;
  return (
    <Form method="post" action="/region" className="region-switch" aria-label="Region and currency" data-testid="region-switch">
      <input type="hidden" name="intent" value="set-region" />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {shop.regions.map((r) => {
        const current = r.code === shop.region.code;
        return (
          <button
            key={r.code}
            type="submit"
            name="region"
            value={r.code}
            className={`region-switch__option${current ? ' is-current' : ''}`}
            aria-pressed={current}
            title={r.name}
          >
            {r.label}
          </button>
        );
      })}
    </Form>
  );
}

export function SiteHeader({ shop }: { shop: ShopData }) {
  const location = useLocation();
  const to = (path: string) => marketPath(shop.region.code, path);
  const q = splitMarketPath(location.pathname).rest === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="site-header__inner">
        <nav className="site-nav" aria-label="Categories">
          <ul>
            {shop.categories.map((c) => (
              <li key={c.handle}>
                <NavLink to={to(`/collections/${c.handle}`)} className="site-nav__link" prefetch="intent">
                  {c.title}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <Wordmark />
        <div className="site-header__tools">
          <form method="get" action={to('/search')} role="search" aria-label="Quick search" className="header-search">
            <label htmlFor="header-search-q" className="visually-hidden">
              Search the shop
            </label>
            <input id="header-search-q" type="search" name="q" placeholder="Search" defaultValue={q} key={q} autoComplete="off" maxLength={200} />
            <button type="submit" className="header-search__submit" aria-label="Search">
              <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false">
                <circle cx="8.5" cy="8.5" r="5.75" fill="none" stroke="currentColor" strokeWidth="1.5" />
                <path d="M13 13l4.5 4.5" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
              </svg>
            </button>
          </form>
          <RegionSwitch shop={shop} />
          <BagLink />
        </div>
      </div>
    </header>
  );
}
