// For tests that need the web process's HTTP entry without a compiled Remix build: createHttpApp
// with a build of the given resource-route modules (no documents), listening on a free port.
import type { AddressInfo } from 'node:net';
import type { ServerBuild } from '@remix-run/node';
import type { Databases } from '../../db/client';
import { parseConfig } from '../platform/config';
import { createLogger, type Logger } from '../platform/logger';
import type { Outbox } from '../platform/outbox';
import type { ShopifyClient } from '../integrations/shopify/client';
import { createStripeClient, type Stripe } from '../integrations/stripe/client';
import { createHttpApp } from '../web/http';
import type { OriginCache } from '../platform/origin-cache';

type RouteModule = Record<string, unknown>;

/** A ServerBuild of resource routes only: `routes` maps a route id to its path and module. */
export function resourceRoutesBuild(routes: Record<string, { path: string; module: RouteModule }> = {}): ServerBuild {
  return {
    mode: 'production',
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
    publicPath: '/build/',
    assetsBuildDirectory: 'public/build',
    isSpaMode: false,
    entry: { module: { default: () => new Response('documents are not served in this test', { status: 500 }) } },
    assets: { routes: {}, entry: { module: '', imports: [] }, url: '', version: 'test' },
    routes: {
      root: { id: 'root', path: '', module: {} },
      ...Object.fromEntries(Object.entries(routes).map(([id, r]) => [id, { id, parentId: 'root', path: r.path, module: r.module }])),
    },
  } as unknown as ServerBuild;
}

export async function startWebApp(opts: { db: Databases; build?: ServerBuild; logger?: Logger; outbox?: Outbox; stripe?: Stripe; shopify?: ShopifyClient; originCache?: OriginCache }): Promise<{ url: string; close: () => void }> {
  const app = createHttpApp({
    config: parseConfig({}),
    logger: opts.logger ?? createLogger('silent'),
    db: opts.db,
    build: opts.build ?? resourceRoutesBuild(),
    outbox: opts.outbox ?? ({} as Outbox),
    // Unused unless a route calls Stripe: aimed at the discard port, it fails fast.
    stripe: opts.stripe ?? createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_BASE: 'http://127.0.0.1:9' }, { maxNetworkRetries: 0 }),
    shopify: opts.shopify ?? ({} as ShopifyClient),
    originCache: opts.originCache ?? null,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}
