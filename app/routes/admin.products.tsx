// Products with stock per variant (available from Shopify, reserved by DotShop, sellable), searchable
// by title or SKU, twenty products a page. Every admin role may look.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData, useNavigation } from '@remix-run/react';
import { LOW_STOCK_MAX, listProductsWithStock } from '~/services/admin.server';
import { guardAdmin, requireAdmin } from '~/services/web.server';
import { AdminErrorPage } from '~/components/admin/AdminErrorPage';
import { PageHeader } from '~/components/admin/AdminShell';
import { Pager } from '~/components/admin/Pager';
import { StockFigure } from '~/components/admin/StockFigure';

export const meta: MetaFunction = () => [{ title: 'Products · DotShop Admin' }];

const pageParam = (v: string | null) => {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n < 100_000 ? n : 1;
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  return guardAdmin(context, async () => {
    await requireAdmin(request, context);
    const url = new URL(request.url);
    const result = await listProductsWithStock(context.db.replica, { q: url.searchParams.get('q'), page: pageParam(url.searchParams.get('page')), pageSize: 20 });
    return { ...result, lowStockMax: LOW_STOCK_MAX };
  });
}

const nf = new Intl.NumberFormat('en-US');

export default function AdminProducts() {
  const { products, total, page, pageCount, q, lowStockMax } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const searching = navigation.state === 'loading' && navigation.location.pathname === '/admin/products';
  return (
    <>
      <PageHeader title="Products" description="Stock per variant. Sellable = available − reserved; checkout can only take what is sellable." />
      <Form method="get" className="adm-toolbar" role="search">
        <label htmlFor="product-search" className="adm-visually-hidden">
          Search products by title or SKU
        </label>
        <input id="product-search" type="search" name="q" defaultValue={q} placeholder="Search by title or SKU" className="adm-input" key={q} />
        <button type="submit" className="adm-button adm-button--small">
          Search
        </button>
        <span className="adm-toolbar__meta" aria-live="polite" data-testid="product-count">
          {searching ? 'Searching…' : `${nf.format(total)} product${total === 1 ? '' : 's'}${q ? ` matching “${q}”` : ''}`}
        </span>
      </Form>
      {products.length === 0 ? (
        <p className="adm-empty">{q ? 'No product title or SKU matches that search.' : 'No products yet.'}</p>
      ) : (
        <div className="adm-table-wrap">
          <table className="adm-table adm-table--grouped" data-testid="product-table">
            <thead>
              <tr>
                <th scope="col">Product / variant</th>
                <th scope="col">SKU</th>
                <th scope="col" className="num">
                  Available
                </th>
                <th scope="col" className="num">
                  Reserved
                </th>
                <th scope="col" className="num">
                  Sellable
                </th>
              </tr>
            </thead>
            {products.map((p) => (
              <tbody key={p.id} className="adm-group">
                <tr className="adm-group__head">
                  <th scope="rowgroup" colSpan={5}>
                    <span className="adm-group__title">{p.title}</span>
                    <span className="adm-group__meta">
                      {p.vendor} · {p.variants.length} variant{p.variants.length === 1 ? '' : 's'}
                    </span>
                    {p.status !== 'active' ? <span className={`adm-badge adm-badge--${p.status}`}>{p.status}</span> : null}
                  </th>
                </tr>
                {p.variants.map((v) => (
                  <tr key={v.id}>
                    <td className="adm-indent">{v.title}</td>
                    <td className="mono">{v.sku}</td>
                    <td className="num">{v.available}</td>
                    <td className="num">{v.reserved}</td>
                    <td className="num">
                      <StockFigure sellable={v.sellable} lowStockMax={lowStockMax} />
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
      <Pager page={page} hasNext={page < pageCount} summary={`Page ${page} of ${pageCount}`} label="Product pages" />
    </>
  );
}

export const ErrorBoundary = AdminErrorPage;
