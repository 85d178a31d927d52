// One Admin GraphQL request, end to end: body → parse → validate → cost → leaky bucket → execute →
// refund → `{ data, errors, extensions: { cost, search } }`. HTTP concerns (auth, down, faults) are
// the server's; everything here answers HTTP 200 except a malformed body (400), as Shopify does.
import {
  execute,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
  type DocumentNode,
} from 'graphql';
import { actualCost, type LeakyBucket, requestedCost, SINGLE_QUERY_MAX_COST, type ThrottleStatus } from './cost';
import type { ExecContext, IdempotencyEntry } from './schema';
import { type ShopifyStore } from './store/core';

export interface GraphqlDeps {
  schema: GraphQLSchema;
  store: ShopifyStore;
  bucket: LeakyBucket;
  shopDomain: string;
  idempotency: Map<string, IdempotencyEntry>;
}

export interface GraphqlResult {
  status: number;
  body: unknown;
  /** The GraphQL document (for logs and operation-scoped faults). */
  document: string;
  /** Root fields selected (for logs). */
  operation: string | null;
  throttled: boolean;
}

interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

const RATE_LIMIT_DOCS = 'https://shopify.dev/api/usage/rate-limits';

/** Parse the request body: JSON `{ query, variables, operationName }` or `application/graphql` text. */
export function readGraphqlBody(raw: string, contentType: string): { query: string; variables: Record<string, unknown>; operationName: string | null } | null {
  if (contentType.includes('application/graphql')) return raw.trim() ? { query: raw, variables: {}, operationName: null } : null;
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.query !== 'string' || !b.query.trim()) return null;
  let variables: Record<string, unknown> = {};
  if (typeof b.variables === 'string' && b.variables.trim()) {
    try {
      variables = JSON.parse(b.variables) as Record<string, unknown>;
    } catch {
      return null;
    }
  } else if (b.variables && typeof b.variables === 'object' && !Array.isArray(b.variables)) variables = b.variables as Record<string, unknown>;
  return { query: b.query, variables, operationName: typeof b.operationName === 'string' ? b.operationName : null };
}

function pickOperation(doc: DocumentNode, name: string | null): OperationDefinitionNode | string {
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (name) return ops.find((o) => o.name?.value === name) ?? `Unknown operation named "${name}".`;
  if (ops.length === 1) return ops[0];
  return ops.length === 0 ? 'Must provide an operation.' : 'Must provide operation name if query contains multiple operations.';
}

const errorJson = (e: GraphQLError) => e.toJSON();

export async function runGraphql(deps: GraphqlDeps, raw: string, contentType: string, version: string): Promise<GraphqlResult> {
  const req = readGraphqlBody(raw, contentType);
  if (!req) return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } }, document: '', operation: null, throttled: false };
  const cost = (requested: number, actual: number | null): { cost: CostExtension } => ({
    cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: deps.bucket.status() },
  });
  const base = { document: req.query, operation: null as string | null, throttled: false };

  let doc: DocumentNode;
  try {
    doc = parse(req.query);
  } catch (e) {
    return { ...base, status: 200, body: { errors: [errorJson(e as GraphQLError)], extensions: cost(0, 0) } };
  }
  const validationErrors = validate(deps.schema, doc);
  if (validationErrors.length) {
    return { ...base, status: 200, body: { errors: validationErrors.map((e) => ({ ...errorJson(e), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })), extensions: cost(0, 0) } };
  }
  const operation = pickOperation(doc, req.operationName);
  if (typeof operation === 'string') return { ...base, status: 200, body: { errors: [{ message: operation }], extensions: cost(0, 0) } };
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const costInput = { schema: deps.schema, operation, fragments, variables: req.variables };
  const opName = operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : '…')).join(',');
  base.operation = `${operation.operation} ${opName}`;

  const requested = requestedCost(costInput);
  if (requested > SINGLE_QUERY_MAX_COST) {
    return {
      ...base,
      status: 200,
      body: {
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).\n\nSee ${RATE_LIMIT_DOCS} for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n`,
            extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: SINGLE_QUERY_MAX_COST, documentation: RATE_LIMIT_DOCS },
          },
        ],
        extensions: cost(requested, null),
      },
    };
  }
  if (!deps.bucket.take(requested)) {
    return {
      ...base,
      throttled: true,
      status: 200,
      body: { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMIT_DOCS } }], extensions: cost(requested, null) },
    };
  }

  const ctx: ExecContext = { store: deps.store, version, shopDomain: deps.shopDomain, idempotency: deps.idempotency, searchReports: [] };
  const result = await execute({ schema: deps.schema, document: doc, operationName: req.operationName, variableValues: req.variables, contextValue: ctx });
  // A request error (e.g. bad variables) executes nothing: refund it all.
  const actual = result.data === undefined ? 0 : Math.min(requested, actualCost(costInput, result.data as Record<string, unknown> | null));
  deps.bucket.refund(requested - actual);
  const body: Record<string, unknown> = {};
  if (result.errors?.length) body.errors = result.errors.map(errorJson);
  if (result.data !== undefined) body.data = result.data;
  const extensions: Record<string, unknown> = cost(requested, actual);
  if (ctx.searchReports.length) extensions.search = ctx.searchReports;
  body.extensions = extensions;
  return { ...base, status: 200, body };
}
