// Numbers the nodes of a distributed plan (pre-order) before it is cut into stages, so
// the operators' metrics, reported by node number from the TaskExecutors, can be put back
// on the plan EXPLAIN ANALYZE prints. The number rides along on the node object: the
// stage fragments copy nodes with spread and ship them by structured clone.
import { LogicalPlan, childrenOf } from '../planner/logicalPlan.js';

type Numbered = LogicalPlan & { nodeNumber?: number };

export function numberNodes(root: LogicalPlan): LogicalPlan[] {
  const nodes: LogicalPlan[] = [];
  const walk = (p: LogicalPlan) => { (p as Numbered).nodeNumber = nodes.length; nodes.push(p); childrenOf(p).forEach(walk); };
  walk(root);
  return nodes;
}

export function nodeNumber(p: LogicalPlan): number | undefined {
  return (p as Numbered).nodeNumber;
}
