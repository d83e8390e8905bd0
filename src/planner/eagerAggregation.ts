// Eager aggregation (Yan and Larson's "group-by before join"; Calcite's
// AggregateJoinTransposeRule): an aggregate whose calls read only one side of the inner
// join below it, the fact side, first aggregates that side by the columns the rest of the
// plan reads from it (the join keys, grouping keys and filters), then joins those groups
// and merges their partial results. TPC-DS q22 groups inventory (2.3M rows of one year)
// by item attributes under a ROLLUP: grouped by inv_item_sk first, 18,000 rows reach the
// item join and the five-fold expansion instead of 2.3M; q4's and q11's year_total
// aggregate a year of sales by customer columns: grouped by (ss_customer_sk, d_year)
// first, about a sixth of the rows meet the customer table.
//
// Sound because rows of one group of the fact side agree on every column read above the
// join except the aggregate arguments: each joins the same rows of the other side, so the
// group stands for them, and counts and sums add up, minima and maxima carry over (an
// expansion above the join copies the groups as it copied their rows). Applied where the
// estimates say it saves work (see aggregateBelowJoin).
import { BExpr, col, columnsOf, isDeterministic, substitute } from './boundExpr.js';
import { Field, LogicalPlan, mapChildrenKeeping, projectionMap } from './logicalPlan.js';
import { estimateRows } from './cost/cardinality.js';
import { splitAggregates, splittable } from './aggregateSplit.js';

/** Groups at most this share of the fact side's rows for the early aggregate to pay. */
const MAX_GROUP_SHARE = 0.5;
/** The join keeps at least this share of the fact side's rows. */
const MIN_KEPT_SHARE = 0.5;
/** Grouping keys of the aggregate above, unless it expands grouping sets. */
const MIN_KEYS = 3;

type Aggregate = LogicalPlan & { op: 'aggregate' };
type Between = LogicalPlan & { op: 'project' | 'filter' | 'expand' };

export function eagerAggregation(p: LogicalPlan): LogicalPlan {
  const node = mapChildrenKeeping(p, eagerAggregation);
  return node.op === 'aggregate' ? aggregateBelowJoin(node) ?? node : node;
}

/** The aggregate with its fact side aggregated first, or null where that does not apply. */
function aggregateBelowJoin(agg: Aggregate): LogicalPlan | null {
  if (agg.keys.length === 0 || agg.partial || !splittable(agg.aggs)) return null;
  // A count over no input at all must be 0, which a sum of partial counts is not.
  if (agg.emptyInput && agg.aggs.some((a) => a.fn === 'count')) return null;
  // Down to the join through projections, filters and grouping-set expansions; the
  // aggregate's arguments are rewritten over the join's columns on the way.
  const between: Between[] = [];
  let x = agg.input;
  /** Each call's arguments, rewritten down to the join's columns. */
  let args = agg.aggs.map((a) => a.args);
  while (x.op === 'project' || x.op === 'filter' || x.op === 'expand') {
    if (x.op === 'project') {
      const map = projectionMap(x);
      args = args.map((as) => as.map((e) => substitute(e, map)));
    }
    between.push(x);
    x = x.input;
  }
  if (x.op !== 'join' || x.kind !== 'inner' || !args.flat().every(isDeterministic)) return null;
  const join = x;
  const argCols = new Set<number>();
  for (const e of args.flat()) columnsOf(e, argCols);
  const holds = (side: LogicalPlan) => [...argCols].every((id) => side.fields.some((f) => f.id === id));
  const factIsLeft = argCols.size > 0 ? holds(join.left) : estimateRows(join.left) >= estimateRows(join.right);
  const fact = factIsLeft ? join.left : join.right;
  if (!holds(fact)) return null;
  // The fact side's columns read above it other than by the aggregate's arguments:
  // traced from the grouping keys down, each node adding what it reads itself.
  let read = new Set<number>();
  for (const k of agg.keys) columnsOf(k, read);
  for (const b of between) {
    if (b.op === 'filter') columnsOf(b.cond, read);
    else if (b.op === 'expand') {
      for (const f of b.fields.slice(b.input.fields.length)) read.delete(f.id);
      b.keys.forEach((k) => columnsOf(k, read));
    } else {
      const below = new Set<number>();
      b.fields.forEach((f, i) => { if (read.has(f.id)) columnsOf(b.exprs[i], below); });
      read = below;
    }
  }
  if (join.cond) columnsOf(join.cond, read);
  const keep = fact.fields.filter((f) => read.has(f.id));
  const { partialCalls, partialFields, merged } = splitAggregates(agg.aggs.map((a, i) => ({ ...a, args: args[i] })));
  const early: Aggregate = {
    op: 'aggregate', input: fact, keys: keep.map((f) => col(f.id, f.type)), aggs: partialCalls, fields: [...keep, ...partialFields],
  };
  // It pays where grouping early saves much: the join keeps most fact rows (an
  // unfiltered dimension), and the aggregate above groups by several keys or expands its
  // rows into grouping sets. Elsewhere it adds a stage and groups rows a filtering join
  // would have dropped (q37's inventory side keeps 0.2% of catalog_sales).
  const factRows = estimateRows(fact);
  if (estimateRows(early) > MAX_GROUP_SHARE * factRows || estimateRows(join) < MIN_KEPT_SHARE * factRows) return null;
  if (agg.keys.length < MIN_KEYS && !between.some((b) => b.op === 'expand')) return null;
  // Not pushed further down: below the next join its keys would be the fact table's own
  // (q22: inventory by date and item), and the estimates, which leave out the range
  // filters dynamic pruning adds, overrate how much that groups.
  const left = factIsLeft ? early : join.left, right = factIsLeft ? join.right : early;
  let plan: LogicalPlan = { ...join, left, right, fields: [...left.fields, ...right.fields] };
  for (const b of between.reverse()) plan = rebuild(b, plan, partialFields);
  return { ...agg, input: plan, aggs: merged };
}

/** A node between the join and the aggregate over its new input: projections drop the
 *  columns that are no longer there and pass the partial results through. */
function rebuild(b: Between, input: LogicalPlan, partials: Field[]): LogicalPlan {
  if (b.op === 'filter') return { ...b, input, fields: input.fields };
  if (b.op === 'expand') return { ...b, input, fields: [...input.fields, ...b.fields.slice(b.input.fields.length)] };
  const have = new Set(input.fields.map((f) => f.id));
  const kept = b.exprs.map((e, i) => ({ e, f: b.fields[i] })).filter(({ e }) => [...columnsOf(e)].every((id) => have.has(id)));
  return {
    op: 'project', input,
    exprs: [...kept.map((k) => k.e), ...partials.map((f) => col(f.id, f.type))],
    fields: [...kept.map((k) => k.f), ...partials],
  };
}
