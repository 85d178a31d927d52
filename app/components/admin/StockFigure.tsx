// A sellable count with its state (sold out ≤ 0, low ≤ the threshold) in words, not colour alone.
export function StockFigure({ sellable, lowStockMax }: { sellable: number; lowStockMax: number }) {
  const tone = sellable <= 0 ? 'out' : sellable <= lowStockMax ? 'low' : 'ok';
  return (
    <span className={`adm-stock adm-stock--${tone}`}>
      {sellable}
      {tone === 'out' ? <span className="adm-stock__tag">Sold out</span> : tone === 'low' ? <span className="adm-stock__tag">Low</span> : null}
    </span>
  );
}
