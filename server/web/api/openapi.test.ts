// The OpenAPI document is generated from the handlers' zod schemas and lists every API route file:
// adding a route without documenting it (or the reverse) fails here.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiOperations, buildOpenApiDocument, componentSchemas } from './openapi';
import { addCartLineRequestSchema, checkoutRequestSchema, errorBodySchema, idempotencyKeySchema, orderResponseSchema, productListQuerySchema } from './schemas';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name?: string; in?: string; required?: boolean; $ref?: string; schema?: unknown }[]; requestBody?: { content: Record<string, { schema: { $ref: string } }> }; responses: Record<string, { content: Record<string, { schema: { $ref?: string } }>; headers?: Record<string, unknown> }> }>>;
  components: { schemas: Record<string, Record<string, unknown>>; parameters: Record<string, { name: string; in: string; required: boolean; schema: unknown }> };
};
const doc = buildOpenApiDocument() as unknown as Doc;
const withoutDialect = (s: Record<string, unknown>) => {
  const { $schema: _, ...rest } = s;
  return rest;
};

/** `api.v1.carts.$id.lines.ts` → `/api/v1/carts/{id}/lines`; `api.v1.openapi[.]json.ts` → `/api/v1/openapi.json`. */
function routeFileToPath(file: string): string {
  const segments = file
    .replace(/\.ts$/, '')
    .replace(/\[\.\]/g, '\u0000')
    .split('.')
    .map((s) => s.replace(/\u0000/g, '.'));
  return '/' + segments.map((s) => (s.startsWith('$') ? `{${s.slice(1)}}` : s)).join('/');
}

const routeFiles = fs.readdirSync(path.resolve('app/routes')).filter((f) => /^api\.v1\..+\.ts$/.test(f) && !f.endsWith('.test.ts') && f !== 'api.v1.$.ts');

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 and lists every route file with its methods, and nothing else', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const filePaths = routeFiles.map(routeFileToPath).sort();
    expect(filePaths).toContain('/api/v1/carts/{id}/checkout');
    expect(Object.keys(doc.paths).sort()).toEqual(filePaths);
    for (const op of apiOperations) {
      const file = routeFiles.find((f) => routeFileToPath(f) === op.path)!;
      const mod = await import(/* @vite-ignore */ path.resolve('app/routes', file));
      // GET is served by the loader; POST by the action, whose loader answers 405.
      expect(typeof mod[op.method === 'get' ? 'loader' : 'action'], `${op.method} ${op.path}`).toBe('function');
    }
    expect(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)).sort()).toEqual([
      'GET /api/v1/carts/{id}',
      'GET /api/v1/openapi.json',
      'GET /api/v1/orders/{number}',
      'GET /api/v1/products',
      'GET /api/v1/products/{handle}',
      'POST /api/v1/carts',
      'POST /api/v1/carts/{id}/checkout',
      'POST /api/v1/carts/{id}/lines',
    ]);
  });

  it('generates component schemas with z.toJSONSchema from the schemas the handlers validate with', () => {
    // Request bodies are described as a client may send them (io: input): `shippingMethod` has a
    // default so it is optional, and unknown keys are not forbidden (they are stripped).
    expect(doc.components.schemas.CheckoutRequest).toEqual(withoutDialect(z.toJSONSchema(checkoutRequestSchema, { io: 'input' })));
    expect(doc.components.schemas.AddCartLineRequest).toEqual(withoutDialect(z.toJSONSchema(addCartLineRequestSchema, { io: 'input' })));
    // Responses as the server answers them (the default, io: output).
    expect(doc.components.schemas.Order).toEqual(withoutDialect(z.toJSONSchema(orderResponseSchema)));
    expect(doc.components.schemas.Error).toEqual(withoutDialect(z.toJSONSchema(errorBodySchema)));
    for (const [name, { schema, io }] of Object.entries(componentSchemas)) expect(doc.components.schemas[name], name).toEqual(withoutDialect(z.toJSONSchema(schema, { io })));
    // The checkout body is the per-region union, with the shared address rules in it.
    const checkout = doc.components.schemas.CheckoutRequest as { oneOf: { properties: { region: { const: string }; shippingAddress: { required: string[] } }; required: string[] }[] };
    expect(checkout.oneOf.map((o) => o.properties.region.const)).toEqual(['us', 'eu']);
    expect(checkout.oneOf[0].properties.shippingAddress.required).toEqual(expect.arrayContaining(['region', 'postalCode']));
    expect(checkout.oneOf[0].required).not.toContain('shippingMethod');
    // Nested refs would point into a component's own $defs and break once embedded.
    expect(JSON.stringify(doc)).not.toContain('$defs');
  });

  it('documents query and path parameters from the zod schemas, and the Idempotency-Key header', () => {
    const list = doc.paths['/api/v1/products'].get.parameters!;
    expect(list.map((p) => p.name)).toEqual(Object.keys(productListQuerySchema.shape));
    expect(list.find((p) => p.name === 'page')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 1 } });
    expect(doc.paths['/api/v1/orders/{number}'].get.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'number', in: 'path', required: true }), expect.objectContaining({ name: 'email', in: 'query', required: true })]),
    );
    const key = withoutDialect(z.toJSONSchema(idempotencyKeySchema, { io: 'input' }));
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: true, schema: key });
    expect(doc.components.parameters.IdempotencyKeyOptional).toMatchObject({ name: 'Idempotency-Key', in: 'header', required: false, schema: key });
    expect(doc.paths['/api/v1/carts/{id}/checkout'].post.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(doc.paths['/api/v1/carts/{id}/lines'].post.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKeyOptional' });
  });

  it('lists every response code with the error envelope, and the replay header where it applies', () => {
    const checkout = doc.paths['/api/v1/carts/{id}/checkout'].post;
    expect(checkout.requestBody!.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CheckoutRequest' });
    expect(Object.keys(checkout.responses).sort()).toEqual(['201', '202', '400', '402', '404', '409', '413', '422', '500', '503']);
    const ref = (status: string) => checkout.responses[status].content['application/json'].schema.$ref;
    expect(ref('201')).toBe('#/components/schemas/CheckoutAuthorized');
    expect(ref('202')).toBe('#/components/schemas/CheckoutRequiresAction');
    expect(ref('402')).toBe('#/components/schemas/CheckoutFailed');
    expect(ref('503')).toBe('#/components/schemas/CheckoutFailed');
    for (const s of ['400', '404', '409', '422', '500']) expect(ref(s)).toBe('#/components/schemas/Error');
    expect(checkout.responses['201'].headers).toHaveProperty('Idempotent-Replayed');
    expect(Object.keys(doc.paths['/api/v1/carts/{id}/lines'].post.responses).sort()).toEqual(['201', '400', '404', '409', '413', '422', '500']);
    expect(Object.keys(doc.paths['/api/v1/products'].get.responses).sort()).toEqual(['200', '400', '404', '500']);
    expect(Object.keys(doc.paths['/api/v1/products/{handle}'].get.responses).sort()).toEqual(['200', '400', '404', '500']);
    expect(Object.keys(doc.paths['/api/v1/carts'].post.responses).sort()).toEqual(['201', '400', '413', '500']);
    expect(Object.keys(doc.paths['/api/v1/carts/{id}'].get.responses).sort()).toEqual(['200', '400', '404', '500']);
    expect(Object.keys(doc.paths['/api/v1/orders/{number}'].get.responses).sort()).toEqual(['200', '400', '404', '500']);
    // Every $ref resolves.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/(\w+)\/(\w+)"/g)];
    expect(refs.length).toBeGreaterThan(20);
    for (const [, kind, name] of refs) expect((doc.components as Record<string, Record<string, unknown>>)[kind]?.[name], `${kind}/${name}`).toBeDefined();
  });
});
