// Calculated query cost and the leaky bucket, the way Shopify's GraphQL Admin API rate-limits.
//
// Cost (static, before execution — requestedQueryCost):
//   scalar / enum field          0
//   object field                 1 + its selection
//   connection (…Connection)     2 + first|last × (1 + the node's selection)   (edges/nodes/pageInfo free)
//   mutation root field          10
//   interfaces / fragments       fragments on the same parent are summed (a slight over-estimate)
// actualQueryCost walks the same selection over the response: connections count the nodes returned.
//
// The bucket holds `maximumAvailable` points and refills at `restoreRate` points/second. A request
// is admitted when the bucket holds its requested cost; the difference between requested and actual
// cost is refunded afterwards. Otherwise Shopify answers HTTP 200 with a THROTTLED error.
// `/_emulator/bucket` inspects and reconfigures the bucket.
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
  valueFromASTUntyped,
  isObjectType,
  isInterfaceType,
} from 'graphql';
import { type ControlRoute, ControlInputError } from '../kit/control';

export const SINGLE_QUERY_MAX_COST = 1000;
export const MUTATION_COST = 10;

type Vars = Record<string, unknown>;

interface Ctx {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Vars;
}

function argValue(field: FieldNode, name: string, variables: Vars): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueFromASTUntyped(arg.value as ValueNode, variables);
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

/** The fields selected on a parent, with fragments flattened (their type conditions are not checked). */
function collect(selectionSet: SelectionSetNode, ctx: Ctx, out: FieldNode[] = []): FieldNode[] {
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) collect(sel.selectionSet, ctx, out);
    else if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = ctx.fragments[sel.name.value];
      if (frag) collect(frag.selectionSet, ctx, out);
    }
  }
  return out;
}

function isConnection(typeName: string): boolean {
  return typeName.endsWith('Connection');
}

/**
 * Cost of a selection on `parent`. With `data` (the response value for this object), connections
 * count the nodes actually returned; without it, they count `first`/`last`.
 */
function selectionCost(selectionSet: SelectionSetNode | undefined, parent: GraphQLCompositeType, ctx: Ctx, data: Record<string, unknown> | null | undefined, actual: boolean): number {
  if (!selectionSet) return 0;
  let total = 0;
  for (const field of collect(selectionSet, ctx)) {
    const name = field.name.value;
    if (name.startsWith('__')) continue;
    const def = fieldDef(parent, name);
    if (!def) continue;
    const named = getNamedType(def.type);
    if (!isCompositeType(named)) continue;
    const key = field.alias?.value ?? name;
    const value = data ? data[key] : undefined;
    if (actual && (value === null || value === undefined)) continue;
    if (isConnection(named.name)) {
      total += connectionCost(field, named, ctx, value as Record<string, unknown> | undefined, actual);
    } else if (isListType(getNullableType(def.type)) && actual && Array.isArray(value)) {
      // A plain list of objects: charged like one object (Shopify's static estimate is per field).
      total += 1 + Math.max(0, ...value.map((v) => selectionCost(field.selectionSet, named, ctx, v as Record<string, unknown>, true)));
    } else {
      total += 1 + selectionCost(field.selectionSet, named, ctx, actual ? (value as Record<string, unknown>) : undefined, actual);
    }
  }
  return total;
}

function connectionCost(field: FieldNode, connection: GraphQLCompositeType, ctx: Ctx, value: Record<string, unknown> | undefined, actual: boolean): number {
  const edgesDef = fieldDef(connection, 'edges');
  const nodeType = edgesDef ? fieldDef(getNamedType(edgesDef.type) as GraphQLCompositeType, 'node') : undefined;
  const nodeNamed = nodeType ? (getNamedType(nodeType.type) as GraphQLCompositeType) : null;
  if (!nodeNamed || !field.selectionSet) return 2;
  // The node selections: edges { node { … } } and nodes { … }.
  const nodeSelections: SelectionSetNode[] = [];
  const connFields = collect(field.selectionSet, ctx);
  for (const f of connFields) {
    if (f.name.value === 'nodes' && f.selectionSet) nodeSelections.push(f.selectionSet);
    if (f.name.value === 'edges' && f.selectionSet) {
      for (const e of collect(f.selectionSet, ctx)) if (e.name.value === 'node' && e.selectionSet) nodeSelections.push(e.selectionSet);
    }
  }
  const merged: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: nodeSelections.flatMap((s) => s.selections) };
  if (!actual) {
    const first = Number(argValue(field, 'first', ctx.variables) ?? argValue(field, 'last', ctx.variables) ?? 0);
    const n = Number.isFinite(first) && first > 0 ? first : 0;
    return 2 + n * (nodeSelections.length ? 1 + selectionCost(merged, nodeNamed, ctx, undefined, false) : 0);
  }
  // Actual: one entry per returned node (edges and nodes describe the same nodes).
  const edgesKey = connFields.find((f) => f.name.value === 'edges');
  const nodesKey = connFields.find((f) => f.name.value === 'nodes');
  const edges = edgesKey ? ((value?.[edgesKey.alias?.value ?? 'edges'] as { node?: Record<string, unknown> }[] | undefined) ?? []) : [];
  const nodes = nodesKey ? ((value?.[nodesKey.alias?.value ?? 'nodes'] as Record<string, unknown>[] | undefined) ?? []) : [];
  const count = Math.max(edges.length, nodes.length);
  let total = 2;
  for (let i = 0; i < count; i++) {
    const nodeFromEdge = edges[i]?.node;
    const nodeData = { ...(nodes[i] ?? {}), ...(nodeFromEdge ?? {}) };
    total += 1 + selectionCost(merged, nodeNamed, ctx, nodeData, true);
  }
  return total;
}

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Vars;
}

export function requestedCost(input: CostInput): number {
  const ctx: Ctx = { schema: input.schema, fragments: input.fragments, variables: input.variables };
  if (input.operation.operation === 'mutation') {
    return collect(input.operation.selectionSet, ctx).filter((f) => !f.name.value.startsWith('__')).length * MUTATION_COST;
  }
  const root = input.schema.getQueryType();
  return root ? selectionCost(input.operation.selectionSet, root, ctx, undefined, false) : 0;
}

export function actualCost(input: CostInput, data: Record<string, unknown> | null | undefined): number {
  const ctx: Ctx = { schema: input.schema, fragments: input.fragments, variables: input.variables };
  if (input.operation.operation === 'mutation') {
    return collect(input.operation.selectionSet, ctx).filter((f) => !f.name.value.startsWith('__')).length * MUTATION_COST;
  }
  const root = input.schema.getQueryType();
  return root ? selectionCost(input.operation.selectionSet, root, ctx, data ?? {}, true) : 0;
}

export interface BucketConfig {
  maximumAvailable: number;
  restoreRate: number;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export class LeakyBucket {
  private available: number;
  private updatedAt = Date.now();

  constructor(private config: BucketConfig) {
    this.available = config.maximumAvailable;
  }

  private refill(): void {
    const now = Date.now();
    this.available = Math.min(this.config.maximumAvailable, this.available + ((now - this.updatedAt) / 1000) * this.config.restoreRate);
    this.updatedAt = now;
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.config.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.config.restoreRate };
  }

  /** Take `cost` points if the bucket holds them; false means throttled. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.config.maximumAvailable, this.available + Math.max(0, points));
  }

  configure(config: Partial<BucketConfig>): ThrottleStatus {
    this.refill();
    this.config = { ...this.config, ...config };
    this.available = Math.min(this.available, this.config.maximumAvailable);
    return this.status();
  }

  /** Fill it up (reset). */
  fill(): void {
    this.available = this.config.maximumAvailable;
    this.updatedAt = Date.now();
  }

  /** Empty it (tests: force the next request to wait for the restore rate). */
  drain(): void {
    this.refill();
    this.available = 0;
  }
}

/** `/_emulator/bucket`: the throttle status; resize, drain or fill the bucket. */
export function bucketControlRoutes(bucket: LeakyBucket): ControlRoute[] {
  return [
    { method: 'GET', path: '/_emulator/bucket', handle: () => bucket.status() },
    {
      method: 'POST',
      path: '/_emulator/bucket',
      handle: async ({ body }) => {
        const b = await body();
        const cfg: Partial<BucketConfig> = {};
        for (const k of ['maximumAvailable', 'restoreRate'] as const) {
          if (b[k] !== undefined) {
            const n = Number(b[k]);
            if (!Number.isFinite(n) || n <= 0) throw new ControlInputError(`${k} must be a positive number`);
            cfg[k] = n;
          }
        }
        if (Object.keys(cfg).length) bucket.configure(cfg);
        if (b.drain === true) bucket.drain();
        if (b.fill === true) bucket.fill();
        return bucket.status();
      },
    },
  ];
}
