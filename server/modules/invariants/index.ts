// The invariant checker: what must always hold of the money and the stock, read from the data.
export { checkInvariants, invariantNames } from './invariants';
export { AUTHORIZATION_NEAR_EXPIRY_HOURS, watchInvariantMetrics } from './metrics';
