import { Link } from '@remix-run/react';
import type { ProductCard as ProductCardData } from '~/services/catalog.server';
import { useMarketPath } from '~/lib/shop-data';
import { Price } from './Price';
import { StockBadge } from './StockBadge';

/** `headingLevel`: 2 where the grid sits right under the page's h1 (category, search), 3 under a section's h2. */
export function ProductCard({ product, eager = false, headingLevel = 3 }: { product: ProductCardData; eager?: boolean; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const { image, hoverImage } = product;
  const to = useMarketPath();
  return (
    <article className="card" data-testid="product-card" data-handle={product.handle}>
      <Link to={to(`/products/${product.handle}`)} className="card__link" prefetch="intent">
        <div className="card__media">
          {image ? (
            <img
              className="card__img"
              src={image.url}
              alt={image.alt || product.title}
              width={image.width}
              height={image.height}
              loading={eager ? 'eager' : 'lazy'}
              decoding="async"
            />
          ) : (
            <div className="card__img card__img--empty" aria-hidden="true" />
          )}
          {hoverImage ? (
            <img className="card__img card__img--hover" src={hoverImage.url} alt="" aria-hidden="true" width={hoverImage.width} height={hoverImage.height} loading="lazy" decoding="async" />
          ) : null}
          <StockBadge stock={product.stock} />
        </div>
        <div className="card__body">
          <Heading className="card__title">{product.title}</Heading>
          <Price className="card__price" amount={product.price} currency={product.currency} compareAt={product.compareAtPrice} from={product.priceVaries} />
        </div>
      </Link>
    </article>
  );
}

export function ProductGrid({ products, eagerCount = 4, label, headingLevel = 3 }: { products: ProductCardData[]; eagerCount?: number; label?: string; headingLevel?: 2 | 3 }) {
  return (
    <ul className="grid" aria-label={label}>
      {products.map((p, i) => (
        <li key={p.handle} className="grid__item">
          <ProductCard product={p} eager={i < eagerCount} headingLevel={headingLevel} />
        </li>
      ))}
    </ul>
  );
}
