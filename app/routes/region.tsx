// The region switch: a POST form (intent=set-region, region, redirectTo) stores the market
// preference cookie and sends the shopper to the page they were on in the chosen market's URL
// (`/products/x` ⇄ `/eu/products/x`; ADR 022); bag and checkout pages come back as they were. Works without JavaScript. A GET shows a
// small region chooser (where the form lands if someone opens /region directly).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { REGION_CODES, REGIONS } from '~/services/catalog.server';
import { getRegion, safeRedirectPath, serializeRegion } from '~/services/web.server';
import { errorMeta, StorefrontErrorBoundary } from '~/components/ErrorPages';
import { setRegionForm } from '~/lib/region-form.server';
import { switchMarketPath } from '~/lib/market-path';

export async function loader({ request, context }: LoaderFunctionArgs) {
  const region = await getRegion(request, context.config);
  return data(
    { current: region.code, regions: REGION_CODES.map((code) => ({ code, name: REGIONS[code].name, note: REGIONS[code].taxNote })) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await request.formData());
  const parsed = setRegionForm.safeParse(form);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message]));
    return data({ fieldErrors }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  }
  const to = switchMarketPath(safeRedirectPath(parsed.data.redirectTo), parsed.data.region);
  return redirect(to, { headers: { 'Set-Cookie': await serializeRegion(parsed.data.region, context.config), 'Cache-Control': 'no-store' } });
}

export const headers = () => ({ 'Cache-Control': 'no-store' });

export const meta: MetaFunction = ({ error }) => (error ? errorMeta(error) : [{ title: 'Region — DotShop' }, { name: 'robots', content: 'noindex' }]);

export default function RegionPage() {
  const { current, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData && 'fieldErrors' in actionData ? (actionData.fieldErrors as Record<string, string>) : undefined;
  return (
    <section className="status-page region-page">
      <p className="eyebrow">Shipping region</p>
      <h1 className="status-page__title">Where should we deliver?</h1>
      <p className="status-page__text">Prices are shown in your region’s currency.</p>
      <Form method="post" className="region-page__form">
        <input type="hidden" name="intent" value="set-region" />
        <input type="hidden" name="redirectTo" value="/" />
        <fieldset>
          <legend className="visually-hidden">Region</legend>
          {regions.map((r) => (
            <label key={r.code} className="region-page__option">
              <input type="radio" name="region" value={r.code} defaultChecked={r.code === current} />
              <span>
                <strong>{r.name}</strong>
                <span className="muted"> — {r.note}</span>
              </span>
            </label>
          ))}
          {errors?.region ? (
            <p className="field-error" role="alert">
              {errors.region}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className="button">
          Save region
        </button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = StorefrontErrorBoundary;
