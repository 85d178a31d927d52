// GET /robots.txt: personal and operational paths closed to crawlers, and where the sitemap is.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { renderRobots } from '~/lib/sitemap';

export function loader({ context }: LoaderFunctionArgs) {
  return new Response(renderRobots(context.config.PUBLIC_URL.replace(/\/$/, '')), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600, s-maxage=86400' },
  });
}
