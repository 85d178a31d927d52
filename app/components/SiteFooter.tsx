import { Link } from '@remix-run/react';
import { marketPath } from '~/lib/market-path';
import type { ShopData } from '~/lib/shop-data';

export function SiteFooter({ shop }: { shop: ShopData }) {
  const to = (path: string) => marketPath(shop.region.code, path);
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <div className="site-footer__brand">
          <p className="site-footer__wordmark">DotShop</p>
          <p className="site-footer__line">Fewer, better things — clothing, skin care and jewelry made to be kept.</p>
        </div>
        <nav aria-label="Shop" className="site-footer__col">
          <h2 className="site-footer__heading">Shop</h2>
          <ul>
            {shop.categories.map((c) => (
              <li key={c.handle}>
                <Link to={to(`/collections/${c.handle}`)}>{c.title}</Link>
              </li>
            ))}
            <li>
              <Link to={to('/search')}>Search</Link>
            </li>
          </ul>
        </nav>
        <div className="site-footer__col">
          <h2 className="site-footer__heading">Region</h2>
          <p>{shop.region.name}</p>
          <p className="muted">{shop.region.taxIncluded ? 'Prices include VAT.' : 'Prices exclude tax; taxes are calculated at checkout.'}</p>
        </div>
      </div>
      <p className="site-footer__legal">© DotShop</p>
    </footer>
  );
}
