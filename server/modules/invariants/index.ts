// The invariant checker: what must always hold of the money and the stock, read from the data.
export { checkInvariants, invariantNames } from './invariants';
