// Any URL no other route matches: a 404 with the friendly not-found page (never cached).
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { errorMeta, NotFoundPage, StorefrontErrorBoundary } from '~/components/ErrorPages';
import { notFound } from '~/lib/loader-errors.server';

export async function loader({ params, context }: LoaderFunctionArgs) {
  notFound(`path:/${params['*'] ?? ''}`, context.requestId);
}

export const headers = () => ({ 'Cache-Control': 'no-store' });

export const meta: MetaFunction = ({ error }) => errorMeta(error ?? { status: 404 });

export default function CatchAll() {
  return <NotFoundPage />;
}

export const ErrorBoundary = StorefrontErrorBoundary;
