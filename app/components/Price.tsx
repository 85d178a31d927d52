import { Money } from '@shopify/hydrogen-react';
import { toMoneyV2 } from '~/lib/money';

/** A price in minor units, formatted by hydrogen-react's Money; a markdown shows the compare-at struck through. */
export function Price({
  amount,
  currency,
  compareAt,
  from = false,
  className,
}: {
  amount: number;
  currency: string;
  compareAt?: number | null;
  from?: boolean;
  className?: string;
}) {
  const onSale = compareAt != null && compareAt > amount;
  return (
    <span className={['price', onSale ? 'price--sale' : '', className ?? ''].filter(Boolean).join(' ')} data-testid="price">
      {from ? <span className="price__from">From </span> : null}
      {onSale ? <span className="visually-hidden">Sale price </span> : null}
      <Money as="span" className="price__amount" data={toMoneyV2(amount, currency)} withoutTrailingZeros />
      {onSale ? (
        <>
          <span className="visually-hidden"> Regular price </span>
          <s className="price__compare">
            <Money as="span" data={toMoneyV2(compareAt, currency)} withoutTrailingZeros />
          </s>
        </>
      ) : null}
    </span>
  );
}
