import type { StockState } from '~/services/catalog.server';

export function stockLabel(stock: StockState): string {
  switch (stock.kind) {
    case 'sold_out':
      return 'Sold out';
    case 'low_stock':
      return `Only ${stock.remaining} left`;
    default:
      return 'In stock';
  }
}

/** A small badge on product cards; in-stock products carry none. */
export function StockBadge({ stock }: { stock: StockState }) {
  if (stock.kind === 'in_stock') return null;
  return (
    <span className={`badge badge--${stock.kind === 'sold_out' ? 'sold-out' : 'low'}`} data-testid="stock-badge">
      {stockLabel(stock)}
    </span>
  );
}
