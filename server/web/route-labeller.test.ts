// Metrics label a request by the Remix route that serves it; the label is remembered per path
// shape (ids replaced), so a checkout does not pay for matching the whole route tree (ADR 026).
import { describe, expect, it } from 'vitest';
import type { ServerBuild } from '@remix-run/node';
import { routeLabeller } from './http';

const routes = {
  root: { id: 'root', path: '' },
  'routes/api.v1.carts.$cartId.checkout': { id: 'routes/api.v1.carts.$cartId.checkout', parentId: 'root', path: 'api/v1/carts/:cartId/checkout' },
  'routes/orders.lookup': { id: 'routes/orders.lookup', parentId: 'root', path: 'orders/lookup' },
  'routes/orders.$number': { id: 'routes/orders.$number', parentId: 'root', path: 'orders/:number' },
} as unknown as ServerBuild['routes'];

describe('routeLabeller', () => {
  it('labels by route whatever the ids in the path, and keeps static segments apart from ids', () => {
    const label = routeLabeller({ routes });
    expect(label('/api/v1/carts/3f2b6a1e-8a9b-4c1d-9e2f-0a1b2c3d4e5f/checkout')).toBe('routes/api.v1.carts.$cartId.checkout');
    expect(label('/api/v1/carts/b0000000-0000-4000-8000-000000000042/checkout')).toBe('routes/api.v1.carts.$cartId.checkout');
    expect(label('/orders/lookup')).toBe('routes/orders.lookup');
    expect(label('/orders/DS-100001')).toBe('routes/orders.$number');
    expect(label('/orders/100001')).toBe('routes/orders.$number');
    expect(label('/nowhere/at/all')).toBe('unmatched');
  });

  it('stays bounded under many distinct paths', () => {
    const label = routeLabeller({ routes });
    for (let i = 0; i < 5000; i++) expect(label(`/orders/DS-x${i}`)).toBe('routes/orders.$number');
  });
});
