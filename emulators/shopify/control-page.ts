// `GET /_emulator`: a plain HTML page for a person to act "in Shopify" — change a variant's price
// or a stock level, fulfil an order, take the API down — through forms that POST to the same
// control endpoints the tests use (which run the same store code as the GraphQL mutations and send
// the matching webhooks). No JavaScript; every form redirects back here with a message.
import { gqlDateTime, money } from './ids';
import { type ShopifyStore } from './store/core';
import { type OrderRecord, type ProductRecord } from './store/records';
import type { ThrottleStatus } from './cost';
import { type ShopifyWebhooks } from './webhooks';

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface ControlPageInput {
  store: ShopifyStore;
  dispatcher: ShopifyWebhooks;
  shopDomain: string;
  down: boolean;
  bucket: ThrottleStatus;
  flash: string | null;
  error: string | null;
  limit: number;
  offset: number;
}

function productRows(store: ShopifyStore, p: ProductRecord): string {
  const variants = store.productVariants(p);
  return variants
    .map((v, i) => {
      const level = store.levelForItem(v.inventoryItemId);
      const sku = encodeURIComponent(v.sku);
      const head =
        i === 0
          ? `<th scope="rowgroup" rowspan="${variants.length}"><span class="title">${esc(p.title)}</span><br><code>${esc(p.handle)}</code><br><small>updated ${esc(gqlDateTime(p.updatedAt, store.opts.precision))}</small></th>`
          : '';
      return `<tr>${head}
  <td><code>${esc(v.sku)}</code><br><small>${esc(v.title)}</small></td>
  <td><form method="post" action="/_emulator/variants/${sku}/price"><input type="hidden" name="currency" value="USD"><label>USD <input name="amount" value="${esc(money(v.price.USD))}" size="8" inputmode="decimal" aria-label="USD price for ${esc(v.sku)}"></label> <button>Set</button></form></td>
  <td><form method="post" action="/_emulator/variants/${sku}/price"><input type="hidden" name="currency" value="EUR"><label>EUR <input name="amount" value="${esc(money(v.price.EUR))}" size="8" inputmode="decimal" aria-label="EUR price for ${esc(v.sku)}"></label> <button>Set</button></form></td>
  <td><form method="post" action="/_emulator/inventory/${sku}"><label>available <input name="available" value="${esc(level?.available ?? 0)}" size="5" inputmode="numeric" aria-label="Available stock for ${esc(v.sku)}"></label> <button>Set</button></form>${level?.committed ? `<small>${level.committed} committed</small>` : ''}</td>
</tr>`;
    })
    .join('\n');
}

function orderRows(store: ShopifyStore, orders: OrderRecord[]): string {
  if (orders.length === 0) return '<tr><td colspan="6">No orders yet.</td></tr>';
  return orders
    .map((o) => {
      const status = store.fulfillmentStatus(o);
      const lines = o.lineItems.map((l) => `${l.quantity} × ${esc(l.sku ?? l.title)}`).join('<br>');
      const fulfil =
        status === 'FULFILLED'
          ? '—'
          : `<form method="post" action="/_emulator/orders/${encodeURIComponent(o.id)}/fulfill"><input name="tracking_number" placeholder="tracking number" size="12" aria-label="Tracking number for ${esc(o.name)}"> <button>Fulfil</button></form>`;
      return `<tr><td>${esc(o.name)}<br><small><code>${esc(o.id)}</code></small></td><td>${esc(o.sourceIdentifier ?? '')}<br><small>${esc(o.tags.join(', '))}</small></td><td>${lines}</td><td>${esc(o.financialStatus)}</td><td>${esc(status)}</td><td>${fulfil}</td></tr>`;
    })
    .join('\n');
}

export function renderControlPage(input: ControlPageInput): string {
  const { store, dispatcher } = input;
  const products = [...store.products.values()];
  const shown = products.slice(input.offset, input.offset + input.limit);
  const orders = [...store.orders.values()].reverse().slice(0, 50);
  const stats = dispatcher.stats();
  const subs = dispatcher.subscriptions.map((s) => `<li><code>${esc(s.url)}</code> — ${esc(s.topics.join(', '))}</li>`).join('') || '<li>none (set SHOPIFY_WEBHOOK_URL or POST /_emulator/webhooks/subscriptions)</li>';
  const next = input.offset + input.limit < products.length ? `<a href="/_emulator?offset=${input.offset + input.limit}">Next ${input.limit} →</a>` : '';
  const prev = input.offset > 0 ? `<a href="/_emulator?offset=${Math.max(0, input.offset - input.limit)}">← Previous</a>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Shopify emulator — ${esc(input.shopDomain)}</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1a1a1a; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  .banner { padding: .5rem .75rem; border-radius: 4px; margin: .75rem 0; }
  .flash { background: #e6f4ea; } .error { background: #fde7e9; } .down { background: #fff4ce; }
  table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
  th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
  th[scope=rowgroup] { width: 18rem; font-weight: normal; } .title { font-weight: 600; }
  form { display: inline; } input { font: inherit; } small { color: #555; }
  .meta { display: flex; gap: 2rem; flex-wrap: wrap; }
</style>
</head>
<body>
<main>
<h1>Shopify emulator <small>${esc(input.shopDomain)}</small></h1>
<p>Changes here happen "in Shopify": they update the emulator's store, bump <code>updatedAt</code> and send the matching webhook (<code>products/update</code> for prices, <code>inventory_levels/update</code> for stock).</p>
${input.flash ? `<p class="banner flash" role="status">${esc(input.flash)}</p>` : ''}
${input.error ? `<p class="banner error" role="alert">${esc(input.error)}</p>` : ''}
${input.down ? '<p class="banner down" role="status"><strong>Shopify is DOWN</strong>: the Admin API answers 503 and webhooks are held.</p>' : ''}
<div class="meta">
<section aria-labelledby="api-h"><h2 id="api-h">API</h2>
<p>${input.down ? 'Down' : 'Up'} · bucket ${input.bucket.currentlyAvailable}/${input.bucket.maximumAvailable} (restores ${input.bucket.restoreRate}/s)</p>
<form method="post" action="/_emulator/${input.down ? 'up' : 'down'}"><button>${input.down ? 'Bring Shopify back up' : 'Take Shopify down'}</button></form>
</section>
<section aria-labelledby="wh-h"><h2 id="wh-h">Webhooks</h2>
<ul>${subs}</ul>
<p>${stats.events} events · ${stats.delivered} delivered · ${stats.failed_attempts} failed attempts · ${stats.outstanding} outstanding (${stats.held_while_paused} held)</p>
</section>
</div>
<h2>Products <small>(${input.offset + 1}–${input.offset + shown.length} of ${products.length})</small></h2>
<p>${prev} ${next}</p>
<table>
<thead><tr><th scope="col">Product</th><th scope="col">Variant</th><th scope="col">Price (shop, USD)</th><th scope="col">Price (EU market, EUR)</th><th scope="col">Stock (DotShop Warehouse)</th></tr></thead>
<tbody>
${shown.map((p) => productRows(store, p)).join('\n')}
</tbody>
</table>
<h2>Orders <small>(newest 50)</small></h2>
<table>
<thead><tr><th scope="col">Order</th><th scope="col">DotShop order</th><th scope="col">Lines</th><th scope="col">Payment</th><th scope="col">Fulfilment</th><th scope="col">Action</th></tr></thead>
<tbody>
${orderRows(store, orders)}
</tbody>
</table>
</main>
</body>
</html>`;
}
