// Order status lookup by number + email. The same message for "no such order" and "wrong
// email", so the form cannot be used to discover which emails ordered.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { parseForm } from '~/lib/forms';
import checkoutStyles from '~/styles/checkout.css';
import { findOrderNumberByEmail, orderAccessToken, orderLookupSchema } from '~/services/orders.server';

export const links = () => [{ rel: 'stylesheet', href: checkoutStyles }];
export const meta: MetaFunction = () => [{ title: 'Find your order · DotShop' }];
export const headers = () => ({ 'Cache-Control': 'no-store' });

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // The email is never read from the URL (it would sit in logs and browser history): an old
  // link that carries one lands on the form with the number filled in (issue 11 §2.6).
  if (url.searchParams.has('email')) throw redirect(`/orders/lookup${url.searchParams.get('number') ? `?number=${encodeURIComponent(url.searchParams.get('number')!)}` : ''}`);
  return data({ values: { number: url.searchParams.get('number') ?? '', email: '' } });
}

/** POSTed (number + email in the body, throttled per address in server/web/http.ts). */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = { number: String(form.get('number') ?? ''), email: String(form.get('email') ?? '') };
  const parsed = parseForm(orderLookupSchema, form);
  if (!parsed.ok) return data({ values, fieldErrors: parsed.fieldErrors, message: null }, { status: 400 });
  const number = await findOrderNumberByEmail(context.db.primary, parsed.data.number, parsed.data.email);
  if (!number) return data({ values, fieldErrors: {}, message: 'We could not find an order with that number and email.' }, { status: 404 });
  throw redirect(`/orders/${number}?token=${orderAccessToken(number, context.config.SESSION_SECRET)}`);
}

export default function OrderLookup() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? loaded.values;
  const message = result?.message ?? null;
  const errs = (result?.fieldErrors ?? {}) as Record<string, string[] | undefined>;
  return (
    <div className="checkout-page checkout-page--narrow">
      <h1 className="checkout-title">Find your order</h1>
      {message ? (
        <p className="alert alert--error" role="alert" data-testid="lookup-error">
          {message}
        </p>
      ) : null}
      <Form method="post" className="checkout-form">
        <div className={`field${errs.number ? ' field--invalid' : ''}`}>
          <label htmlFor="number">Order number</label>
          <input id="number" name="number" defaultValue={values.number} placeholder="DS-100123" />
          {errs.number ? <p className="field-error">{errs.number.join(' ')}</p> : null}
        </div>
        <div className={`field${errs.email ? ' field--invalid' : ''}`}>
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" defaultValue={values.email} />
          {errs.email ? <p className="field-error">{errs.email.join(' ')}</p> : null}
        </div>
        <button type="submit" className="button button--primary">
          Find order
        </button>
      </Form>
    </div>
  );
}
