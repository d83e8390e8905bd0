// The cost of a plan: rows each operator handles, summed over the tree (C_out with
// weights). A hash join pays for its probe rows, twice its build rows (hashing and
// storing) and its output; an exchange for every row it moves; scans for what they read.
import { LogicalPlan, childrenOf } from '../logicalPlan.js';
import { estimate, scanRows } from './cardinality.js';

const memo = new WeakMap<LogicalPlan, number>();

/** Work of the node itself, given its children's and its own row estimates. */
export function nodeCost(p: LogicalPlan): number {
  const rows = estimate(p).rows;
  const input = childrenOf(p).reduce((s, c) => s + estimate(c).rows, 0);
  switch (p.op) {
    case 'scan': return scanRows(p);
    case 'join': return joinCost(estimate(p.left).rows, estimate(p.right).rows, rows);
    case 'aggregate': return input + rows;
    case 'sort': return input * Math.max(1, Math.log2(Math.max(2, input))) / 4;
    case 'window': return input * 2;
    case 'exchange': return input;
    case 'expand': return rows;
    default: return input * 0.1;
  }
}

export function joinCost(probeRows: number, buildRows: number, outRows: number): number {
  return probeRows + 2 * buildRows + outRows;
}

/** Cost of the whole subtree. */
export function planCost(p: LogicalPlan): number {
  let c = memo.get(p);
  if (c === undefined) {
    c = nodeCost(p) + childrenOf(p).reduce((s, x) => s + planCost(x), 0);
    memo.set(p, c);
  }
  return c;
}
