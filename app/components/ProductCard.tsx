import { Link } from '@remix-run/react';
import type { ProductCard as ProductCardData } from '~/services/catalog.server';
import { Price } from './Price';
import { StockBadge } from './StockBadge';

export function ProductCard({ product, eager = false }: { product: ProductCardData; eager?: boolean }) {
  const { image, hoverImage } = product;
  return (
    <article className="card" data-testid="product-card" data-handle={product.handle}>
      <Link to={`/products/${product.handle}`} className="card__link" prefetch="intent">
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
          <h3 className="card__title">{product.title}</h3>
          <Price className="card__price" amount={product.price} currency={product.currency} compareAt={product.compareAtPrice} from={product.priceVaries} />
        </div>
      </Link>
    </article>
  );
}

export function ProductGrid({ products, eagerCount = 4, label }: { products: ProductCardData[]; eagerCount?: number; label?: string }) {
  return (
    <ul className="grid" aria-label={label}>
      {products.map((p, i) => (
        <li key={p.handle} className="grid__item">
          <ProductCard product={p} eager={i < eagerCount} />
        </li>
      ))}
    </ul>
  );
}
