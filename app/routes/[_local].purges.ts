// GET /_local/purges (local mode only): the storefront cache purges sync events made, newest last.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { readLocalPurges } from '~/services/platform.server';

export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.config.isLocal) throw new Response('Not found', { status: 404 });
  return Response.json({ purges: await readLocalPurges() }, { headers: { 'Cache-Control': 'no-store' } });
}
