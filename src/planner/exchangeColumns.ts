// Narrows every exchange to the columns read above it. Projection pruning leaves a join's
// output with both sides' columns, join keys included, because the next operator in the
// same task drops them for free (the physical planner's `need`); an exchange, though,
// writes, compresses and reads back every column it is given. Here each exchange input
// gets a projection of the columns its consumers read and its hash keys need.
//
// Identical sub-plans below exchanges are computed once (jobGraph.ts, by digest), so all
// copies of one must stay identical: the columns kept are the union, by position, over
// every copy of the same digest. Narrowing a copy changes what its own inputs must keep,
// so the needs are collected until they stop growing, then applied in one rewrite.
import { columnsIn, columnsOf } from './boundExpr.js';
import { LogicalPlan, childrenOf, withChildren } from './logicalPlan.js';
import { planDigest } from './subplanDigest.js';

/** The column ids each child of p must provide when p's parent reads `need`. */
function childNeeds(p: LogicalPlan, need: Set<number>): Set<number>[] {
  switch (p.op) {
    case 'scan': case 'values': return [];
    case 'project': return [columnsIn(p.exprs)];
    case 'aggregate': return [columnsIn([...p.keys, ...p.aggs.flatMap((a) => a.args)])];
    case 'filter': return [columnsOf(p.cond, new Set(need))];
    case 'join': {
      const both = p.cond ? columnsOf(p.cond, new Set(need)) : need;
      return [both, both];
    }
    case 'sort': return [columnsIn(p.keys.map((k) => k.expr), new Set(need))];
    case 'limit': return [need];
    case 'window': return [columnsIn(p.calls.flatMap((c) => [...c.args, ...c.partitionBy, ...c.orderBy.map((o) => o.expr)]), new Set(need))];
    case 'generate': return [columnsIn(p.args, new Set(need))];
    case 'expand': return [columnsIn(p.keys, new Set(need))];
    // A union matches its inputs' columns by position: each keeps all of them.
    case 'union': return p.inputs.map((i) => new Set(i.fields.map((f) => f.id)));
    case 'exchange': throw new Error('internal: exchanges are handled by the caller');
  }
}

export function narrowExchanges(plan: LogicalPlan): LogicalPlan {
  // Positions (in the exchange input's fields) kept, by the input's digest.
  const kept = new Map<string, Set<number>>();
  let grew = true;
  const collect = (p: LogicalPlan, need: Set<number>): void => {
    if (p.op === 'exchange') {
      const d = planDigest(p.input);
      const positions = kept.get(d) ?? new Set<number>();
      kept.set(d, positions);
      const reads = columnsIn(p.keys, new Set(need));
      p.input.fields.forEach((f, i) => {
        if (reads.has(f.id) && !positions.has(i)) { positions.add(i); grew = true; }
      });
      collect(p.input, new Set(p.input.fields.filter((_, i) => positions.has(i)).map((f) => f.id)));
      return;
    }
    const needs = childNeeds(p, need);
    childrenOf(p).forEach((c, i) => collect(c, needs[i]));
  };
  while (grew) {
    grew = false;
    collect(plan, new Set(plan.fields.map((f) => f.id)));
  }
  const rewrite = (p: LogicalPlan): LogicalPlan => {
    if (p.op !== 'exchange') return withChildren(p, childrenOf(p).map(rewrite));
    const positions = kept.get(planDigest(p.input))!;
    const input = rewrite(p.input);
    if (positions.size === input.fields.length) return { ...p, input };
    // At least one column, so that the row count still travels (count(*) above a join).
    const fields = input.fields.filter((_, i) => positions.has(i) || (positions.size === 0 && i === 0));
    const narrowed: LogicalPlan = { op: 'project', input, exprs: fields.map((f) => ({ k: 'col', id: f.id, type: f.type })), fields };
    return { ...p, input: narrowed, fields };
  };
  return rewrite(plan);
}
