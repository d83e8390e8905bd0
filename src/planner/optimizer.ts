// Rewrites of the logical plan, in the order optimize() applies them:
// 1. predicate pushdown: WHERE and ON conjuncts sink to the lowest plan that has their
//    columns; inner joins are flattened into one multi-way join whose conjuncts are
//    placed as low as possible, in a first greedy order (the largest relation probes);
//    outer joins whose NULL-extended rows a conjunct rejects become inner (or one-sided);
// 2. partition pruning: predicates over partition columns are evaluated against the
//    metastore's partition list at plan time;
// 3. projection pruning: scans read only the columns some operator uses;
// 4. semi-join sinking: an IN / EXISTS over one relation's columns filters that relation
//    below the inner joins, where its estimates (with statistics) say that reads fewer rows;
// 5. dynamic partition pruning (dynamicPartitionPruning.ts): partitions whose join key a
//    filtered dimension side does not return are dropped, and large scans get range filters;
// 6. cost-based join ordering (cost/joinOrder.ts) from the statistics;
// 7. grouping keys over one relation's columns are computed below the joins, and an
//    aggregate of one join side's columns aggregates that side first (eagerAggregation.ts).
import { BExpr, col, columnEqualities, columnsOf, conjunction, factorOr, isDeterministic, mapColumns, splitConjuncts, substitute } from './boundExpr.js';
import { Field, JoinKind, LogicalPlan, ScanNode, mapChildrenKeeping, newField, passesThrough, projectionMap } from './logicalPlan.js';
import { Partition } from '../catalog/catalog.js';
import { compileFilter } from '../exec/exprCompiler.js';
import { VectorBuilder } from '../exec/vector.js';
import { parseTypeString } from '../types/dataType.js';
import { parseValue } from '../types/values.js';
import { DEFAULT_PARTITION } from '../warehouse/partitionPath.js';
import { metastoreFilter } from './partitionFilterPushdown.js';
import { estimateRows } from './cost/cardinality.js';
import { reorderJoins } from './cost/joinOrder.js';
import { ColumnStatistics } from '../catalog/catalog.js';
import { PruningContext, dynamicPartitionPruning } from './dynamicPartitionPruning.js';
import { mergeGlobalAggregates } from './mergeGlobalAggregates.js';
import { eagerAggregation } from './eagerAggregation.js';

export interface OptimizerContext {
  /** The scan's partitions; with a metastore filter, a superset of those it keeps. */
  listPartitions(scan: ScanNode, filter?: string): Partition[];
  countPartitions(scan: ScanNode): number;
  /** ANALYZE's column statistics for the scan's kept partitions (or table), by column. */
  columnStatistics?(scan: ScanNode, columns: string[]): Record<string, ColumnStatistics>;
  /** table.optimizer.join-reorder-enabled */
  joinReorder?: boolean;
  /** Runs a small dimension side at plan time (table.optimizer.dynamic-filtering.enabled);
   *  absent: no dynamic partition pruning. */
  dynamicPruning?: PruningContext;
}

export function optimize(plan: LogicalPlan, ctx: OptimizerContext): LogicalPlan {
  let p = pushDownSharingCtes(mergeGlobalAggregates(plan));
  p = prunePartitions(p, ctx);
  p = pruneColumns(p, new Set(p.fields.map((f) => f.id)));
  // Semi joins sink by estimates, so with statistics; dynamic pruning then drops
  // partitions, and the pruned scans get their own statistics.
  p = sinkSemiJoins(attachStatistics(p, ctx));
  if (ctx.dynamicPruning) p = attachStatistics(dynamicPartitionPruning(p, ctx.dynamicPruning), ctx);
  if (ctx.joinReorder !== false) p = reorderJoins(p);
  const moved = eagerAggregation(computeKeysBelowJoins(p));
  // Columns computed or aggregated below the joins no longer need to pass them.
  return moved === p ? p : pruneColumns(moved, new Set(p.fields.map((f) => f.id)));
}

/** Gives each scan the column statistics of the columns it reads, for the cost model. */
function attachStatistics(p: LogicalPlan, ctx: OptimizerContext): LogicalPlan {
  if (p.op === 'scan') {
    if (!ctx.columnStatistics) return p;
    const nData = p.table.columns.length;
    const names = p.columnIndexes.filter((i) => i < nData).map((i) => p.table.columns[i].name);
    const columns = names.length ? ctx.columnStatistics(p, names) : {};
    if (Object.keys(columns).length === 0) return p;
    const partRows = p.partitions?.map((pt) => Number(pt.params.numRows ?? NaN));
    const rows = partRows ? (partRows.every(Number.isFinite) ? partRows.reduce((a, b) => a + b, 0) : null)
      : (p.table.params.numRows !== undefined ? Number(p.table.params.numRows) : null);
    return { ...p, stats: { rows, columns } };
  }
  return mapChildren(p, (c) => attachStatistics(c, ctx));
}

const idsOf = (fields: Field[]) => new Set(fields.map((f) => f.id));
const subset = (a: Set<number>, b: Set<number>) => { for (const x of a) if (!b.has(x)) return false; return true; };
const and = conjunction;

function withFilter(p: LogicalPlan, conds: BExpr[]): LogicalPlan {
  const c = and(conds);
  return c ? { op: 'filter', input: p, cond: c, fields: p.fields } : p;
}

/** How many references of each CTE pushdown reached, and how many of them with no
 *  predicate (they need all of the CTE's rows). */
type CteReferenceCounts = Map<number, { refs: number; bare: number }>;
/** Set while pushDownSharingCtes runs: the first pass counts references, the second keeps
 *  predicates above the references of the CTEs in `hold`. */
let cteReferences: { counts: CteReferenceCounts; hold: Set<number> } | null = null;

/** Predicate pushdown that keeps a CTE computed once when one of its references reads all
 *  of its rows: pushing the other references' predicates into their copies would make
 *  them differ, so each would be computed on its own although the unfiltered copy already
 *  computes everything they need (TPC-DS q24: the ssales aggregate over store_sales is
 *  read filtered by colour and, for the average, whole). Such references keep their
 *  predicates as a filter above them, and sub-plan reuse computes the CTE once. Where
 *  every reference has predicates they are pushed as usual: each copy reads less. */
function pushDownSharingCtes(plan: LogicalPlan): LogicalPlan {
  const counts: CteReferenceCounts = new Map();
  try {
    cteReferences = { counts, hold: new Set() };
    const pushed = pushDown(plan, []);
    const hold = new Set([...counts].filter(([, c]) => c.refs > 1 && c.bare > 0 && c.bare < c.refs).map(([cte]) => cte));
    if (hold.size === 0) return pushed;
    cteReferences = { counts: new Map(), hold };
    return pushDown(plan, []);
  } finally {
    cteReferences = null;
  }
}

/** Pushes `preds` (conjuncts over p's output) into p as deep as they can go. */
function pushDown(p: LogicalPlan, preds: BExpr[]): LogicalPlan {
  preds = preds.flatMap(factorOr);
  if (p.cte !== undefined && cteReferences) {
    const c = cteReferences.counts.get(p.cte) ?? { refs: 0, bare: 0 };
    cteReferences.counts.set(p.cte, { refs: c.refs + 1, bare: c.bare + (preds.length === 0 ? 1 : 0) });
    if (cteReferences.hold.has(p.cte)) return withFilter(pushDownInto(p, []), preds);
  }
  return pushDownInto(p, preds);
}

function pushDownInto(p: LogicalPlan, preds: BExpr[]): LogicalPlan {
  switch (p.op) {
    case 'exchange': throw new Error('internal: exchanges are placed after optimization');
    case 'filter': return pushDown(p.input, [...preds, ...splitConjuncts(p.cond).flatMap(factorOr)]);
    case 'scan': {
      const partIds = new Set(p.fields.filter((_, i) => p.columnIndexes[i] >= p.table.columns.length).map((f) => f.id));
      const partPreds = preds.filter((c) => partIds.size > 0 && subset(columnsOf(c), partIds) && columnsOf(c).size > 0);
      const rest = preds.filter((c) => !partPreds.includes(c));
      return { ...p, filters: [...p.filters, ...rest], partitionFilters: [...p.partitionFilters, ...partPreds] };
    }
    case 'join': {
      if (p.kind === 'inner') return reorderInnerJoins(p, preds);
      const simpler = withoutNullRejectedSides(p, preds);
      if (simpler !== p) return pushDownInto(simpler, preds);
      const leftIds = idsOf(p.left.fields), rightIds = idsOf(p.right.fields);
      // Conjuncts over the preserved side only may move below an outer join.
      const toLeft: BExpr[] = [], toRight: BExpr[] = [], stay: BExpr[] = [];
      for (const c of preds) {
        const cols = columnsOf(c);
        if ((p.kind === 'left' || p.kind === 'semi' || p.kind === 'anti') && subset(cols, leftIds)) toLeft.push(c);
        else if (p.kind === 'right' && subset(cols, rightIds)) toRight.push(c);
        else stay.push(c);
      }
      // ON conjuncts over the non-preserved (or either, for semi/anti) side filter that side.
      const onLeft: BExpr[] = [], onRight: BExpr[] = [], onKeep: BExpr[] = [];
      for (const c of p.cond ? splitConjuncts(p.cond) : []) {
        const cols = columnsOf(c);
        if ((p.kind === 'left' || p.kind === 'semi' || p.kind === 'anti') && cols.size > 0 && subset(cols, rightIds)) onRight.push(c);
        else if (p.kind === 'right' && cols.size > 0 && subset(cols, leftIds)) onLeft.push(c);
        else if (p.kind === 'semi' && cols.size > 0 && subset(cols, leftIds)) toLeft.push(c);
        else onKeep.push(c);
      }
      // A conjunct over one equi-join key of the preserved side holds for the other side's
      // key too on every match, so it may filter that side as well (q78: ss_sold_year =
      // 2000 also filters the web and catalog sales joined on ws_sold_year = ss_sold_year).
      if (p.kind === 'left' || p.kind === 'semi' || p.kind === 'anti') onRight.push(...derivedAcross(toLeft, onKeep, leftIds, rightIds));
      else if (p.kind === 'right') onLeft.push(...derivedAcross(toRight, onKeep, rightIds, leftIds));
      const j: LogicalPlan = {
        ...p, left: pushDown(p.left, [...toLeft, ...onLeft]), right: pushDown(p.right, [...toRight, ...onRight]), cond: and(onKeep),
      };
      return withFilter(j, stay);
    }
    case 'project': {
      // Move conjuncts over plain column pass-throughs below the projection.
      const map = projectionMap(p);
      const down: BExpr[] = [], stay: BExpr[] = [];
      for (const c of preds) {
        const cols = [...columnsOf(c)];
        if (cols.every((id) => map.get(id)?.k === 'col')) down.push(substitute(c, map)); else stay.push(c);
      }
      return withFilter({ ...p, input: pushDown(p.input, down) }, stay);
    }
    case 'aggregate': {
      // Conjuncts over grouping keys that are plain columns can filter the input instead.
      const map = new Map<number, BExpr>();
      p.keys.forEach((k, i) => map.set(p.fields[i].id, k));
      const down: BExpr[] = [], stay: BExpr[] = [];
      for (const c of preds) {
        const cols = [...columnsOf(c)];
        if (cols.length > 0 && cols.every((id) => map.get(id)?.k === 'col')) down.push(substitute(c, map)); else stay.push(c);
      }
      return withFilter({ ...p, input: pushDown(p.input, down) }, stay);
    }
    case 'union': {
      const inputs = p.inputs.map((inp) => {
        const map = new Map<number, BExpr>();
        p.fields.forEach((f, i) => map.set(f.id, { k: 'col', id: inp.fields[i].id, type: inp.fields[i].type }));
        return pushDown(inp, preds.map((c) => substitute(c, map)));
      });
      return { ...p, inputs };
    }
    case 'generate': case 'expand': {
      // Conjuncts over the input's columns filter rows before they are expanded.
      const inputIds = idsOf(p.input.fields);
      const down = preds.filter((c) => subset(columnsOf(c), inputIds));
      return withFilter({ ...p, input: pushDown(p.input, down) }, preds.filter((c) => !down.includes(c)));
    }
    case 'sort': case 'limit': case 'window':
      return withFilter({ ...p, input: pushDown(p.input, []) } as LogicalPlan, preds);
    case 'values':
      return withFilter(p, preds);
  }
}

/** Copies of `preds` over a single column that is an equi-join key in `on` (a column of
 *  `from` = a column of `to`), rewritten over the other key. */
function derivedAcross(preds: BExpr[], on: BExpr[], from: Set<number>, to: Set<number>): BExpr[] {
  const partner = new Map(columnEqualities(and(on), from, to));
  const out: BExpr[] = [];
  for (const c of preds) {
    const cols = [...columnsOf(c)];
    const other = cols.length === 1 ? partner.get(cols[0]) : undefined;
    if (other === undefined || !isDeterministic(c)) continue;
    const f = cols[0];
    out.push(mapColumns(c, (x) => col(x.id === f ? other : x.id, x.type)));
  }
  return out;
}

/** Flattens a tree of inner joins, pushes single-relation conjuncts into the relations,
 *  and rebuilds a left-deep join tree greedily: start from the largest relation, then
 *  repeatedly join the smallest relation connected to what is joined so far. */
function reorderInnerJoins(root: LogicalPlan & { op: 'join' }, preds: BExpr[]): LogicalPlan {
  const leaves: LogicalPlan[] = [];
  const conds: BExpr[] = [...preds];
  const collect = (p: LogicalPlan) => {
    if (p.op === 'join' && p.kind === 'inner') {
      collect(p.left); collect(p.right);
      if (p.cond) conds.push(...splitConjuncts(p.cond));
    } else if (p.op === 'filter' && p.input.op === 'join' && p.input.kind === 'inner') {
      conds.push(...splitConjuncts(p.cond));
      collect(p.input);
    } else leaves.push(p);
  };
  collect(root);
  // An outer join among the relations whose null-extended rows a conjunct rejects joins
  // as its simpler kind; an inner one then joins the others' flattening (q93's left join
  // of store_returns, then `sr_reason_sk = r_reason_sk`).
  for (let i = 0; i < leaves.length; i++) {
    const leaf = leaves[i];
    if (leaf.op !== 'join') continue;
    const simpler = withoutNullRejectedSides(leaf, conds);
    if (simpler === leaf) continue;
    if (simpler.kind === 'inner') { leaves.splice(i--, 1); collect(simpler); } else leaves[i] = simpler;
  }
  conds.splice(0, conds.length, ...conds.flatMap(factorOr));
  const leafIds = leaves.map((l) => idsOf(l.fields));
  const local: BExpr[][] = leaves.map(() => []);
  const multi: BExpr[] = [];
  for (const c of conds) {
    const cols = columnsOf(c);
    const owners = leafIds.map((ids, i) => (subset(cols, ids) ? i : -1)).filter((i) => i >= 0);
    if (cols.size > 0 && owners.length > 0) local[owners[0]].push(c);
    else multi.push(c);
  }
  const rels = leaves.map((l, i) => pushDown(l, local[i]));
  const sizes = rels.map(estimateRows);
  const remaining = new Set(rels.map((_, i) => i));
  let start = 0;
  for (const i of remaining) if (sizes[i] > sizes[start]) start = i;
  remaining.delete(start);
  let plan = rels[start];
  let joinedIds = new Set(plan.fields.map((f) => f.id));
  let pending = [...multi];
  const connected = (i: number) => pending.some((c) => {
    const cols = columnsOf(c);
    let inI = false, inJoined = false;
    for (const id of cols) { if (leafIdsOf(rels[i]).has(id)) inI = true; else if (joinedIds.has(id)) inJoined = true; }
    return inI && inJoined && isEquiJoin(c, joinedIds, leafIdsOf(rels[i]));
  });
  while (remaining.size > 0) {
    let pick = -1;
    for (const i of remaining) if (connected(i) && (pick < 0 || sizes[i] < sizes[pick])) pick = i;
    if (pick < 0) for (const i of remaining) if (pick < 0 || sizes[i] < sizes[pick]) pick = i;
    remaining.delete(pick);
    const right = rels[pick];
    const newIds = new Set([...joinedIds, ...right.fields.map((f) => f.id)]);
    const now = pending.filter((c) => subset(columnsOf(c), newIds));
    pending = pending.filter((c) => !now.includes(c));
    plan = { op: 'join', kind: 'inner', left: plan, right, cond: and(now), fields: [...plan.fields, ...right.fields] };
    joinedIds = newIds;
  }
  // Keep the output column order the query asked for.
  const wanted = root.fields;
  const sameOrder = wanted.length === plan.fields.length && wanted.every((f, i) => plan.fields[i].id === f.id);
  const out = sameOrder ? plan : {
    op: 'project' as const, input: plan, exprs: wanted.map((f) => ({ k: 'col' as const, id: f.id, type: f.type })), fields: wanted,
  };
  return withFilter(out, pending);
}

/** Functions that return NULL when any argument is NULL. */
const STRICT = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'add', 'subtract', 'multiply', 'divide', 'mod', 'negative']);

/** Columns whose NULL makes `e` NULL. */
function strictColumns(e: BExpr, out = new Set<number>()): Set<number> {
  if (e.k === 'col') out.add(e.id);
  else if (e.k === 'cast') strictColumns(e.arg, out);
  else if (e.k === 'in') strictColumns(e.arg, out);
  else if (e.k === 'call' && STRICT.has(e.fn)) for (const a of e.args) strictColumns(a, out);
  return out;
}

/** The outer join `j` as the kind it equals under filter conjuncts `preds`: a side's
 *  null-extended rows are dropped where a conjunct is NULL whenever that side's columns
 *  are (Calcite's and Spark's outer join elimination; TPC-DS q49: `sr.sr_return_amt >
 *  10000` above `store_sales LEFT JOIN store_returns`). */
function withoutNullRejectedSides(j: LogicalPlan & { op: 'join' }, preds: BExpr[]): LogicalPlan & { op: 'join' } {
  if (j.kind !== 'left' && j.kind !== 'right' && j.kind !== 'full') return j;
  const rejects = (side: LogicalPlan) => {
    const ids = idsOf(side.fields);
    return preds.some((c) => isDeterministic(c) && [...strictColumns(c)].some((id) => ids.has(id)));
  };
  const dropsRightNulls = j.kind !== 'right' && rejects(j.right);
  const dropsLeftNulls = j.kind !== 'left' && rejects(j.left);
  const simpler: JoinKind = j.kind === 'left' ? (dropsRightNulls ? 'inner' : 'left')
    : j.kind === 'right' ? (dropsLeftNulls ? 'inner' : 'right')
    : dropsLeftNulls && dropsRightNulls ? 'inner' : dropsRightNulls ? 'right' : dropsLeftNulls ? 'left' : 'full';
  return simpler === j.kind ? j : { ...j, kind: simpler };
}

const leafIdCache = new WeakMap<LogicalPlan, Set<number>>();
function leafIdsOf(p: LogicalPlan): Set<number> {
  let s = leafIdCache.get(p);
  if (!s) { s = idsOf(p.fields); leafIdCache.set(p, s); }
  return s;
}

function isEquiJoin(c: BExpr, left: Set<number>, right: Set<number>): boolean {
  if (c.k !== 'call' || c.fn !== 'eq') return false;
  const a = columnsOf(c.args[0]), b = columnsOf(c.args[1]);
  return a.size > 0 && b.size > 0 && ((subset(a, left) && subset(b, right)) || (subset(a, right) && subset(b, left)));
}

// ---------------------------------------------------------------- semi-join sinking
/** Moves each semi or anti join below the inner joins of its left side, onto the smallest
 *  subtree holding the columns its condition reads, where that subtree has at most twice
 *  the rows of the whole left side: then the semi join probes no more rows than before and
 *  the joins above it see fewer (TPC-DS q58, q83: `d_date IN (SELECT d_date … d_week_seq
 *  …)` filters date_dim, which then prunes the returns tables' date partitions
 *  dynamically, instead of a semi join over every joined fact row; q95's order-number
 *  semi joins stay above, since web_sales is far larger than its filtered join). A row of
 *  an inner join survives exactly when its part from that subtree has (or lacks) a match,
 *  so the result is unchanged. */
function sinkSemiJoins(p: LogicalPlan): LogicalPlan {
  const node = mapChildren(p, sinkSemiJoins);
  if (node.op !== 'join' || (node.kind !== 'semi' && node.kind !== 'anti') || !node.cond) return node;
  const reads = new Set([...columnsOf(node.cond)].filter((id) => node.left.fields.some((f) => f.id === id)));
  if (reads.size === 0) return node;
  const limit = 2 * estimateRows(node.left);
  /** x with the semi join placed on its deepest subtree holding `reads`, or null where
   *  that is x itself. */
  const sink = (x: LogicalPlan): LogicalPlan | null => {
    const place = (child: LogicalPlan): LogicalPlan | null =>
      sink(child) ?? (estimateRows(child) <= limit ? { ...node, left: child, fields: child.fields } : null);
    switch (x.op) {
      case 'filter': { const input = place(x.input); return input && { ...x, input }; }
      case 'project': {
        const input = [...reads].every((id) => passesThrough(x, id)) ? place(x.input) : null;
        return input && { ...x, input };
      }
      case 'join': {
        if (x.kind !== 'inner') return null;
        if (subset(reads, idsOf(x.left.fields))) { const left = place(x.left); return left && { ...x, left }; }
        if (subset(reads, idsOf(x.right.fields))) { const right = place(x.right); return right && { ...x, right }; }
        return null;
      }
      default: return null;
    }
  };
  return sink(node.left) ?? node;
}

// ---------------------------------------------------------------- grouping keys below joins
/** A grouping key computed from one relation's columns (q23's `substr(i_item_desc, 1,
 *  30)`) is computed in a projection over that relation, below the joins: once per item
 *  (18,000 rows) instead of once per joined sales row (1.68M), and every joined row of one
 *  item then carries the same string, whose hash V8 keeps on it, so the aggregate hashes
 *  one string per item instead of one per row. */
function computeKeysBelowJoins(p: LogicalPlan): LogicalPlan {
  const node = mapChildrenKeeping(p, computeKeysBelowJoins);
  if (node.op !== 'aggregate') return node;
  let input = node.input;
  const keys = node.keys.map((k) => {
    if (k.k === 'col' || k.k === 'lit' || !isDeterministic(k) || columnsOf(k).size === 0) return k;
    const field = newField('_key', k.type);
    const placed = computeBelowJoin(input, k, field, false);
    if (!placed) return k;
    input = placed;
    return col(field.id, k.type);
  });
  return input === node.input ? node : { ...node, input, keys };
}

/** `x` with `field` = `e` added to its output, computed below the lowest join that has
 *  e's columns on one side (a side whose rows are never NULL-extended); null if there is
 *  no such join. */
function computeBelowJoin(x: LogicalPlan, e: BExpr, field: Field, belowJoin: boolean): LogicalPlan | null {
  const here = (): LogicalPlan | null => belowJoin
    ? { op: 'project', input: x, exprs: [...x.fields.map((f) => col(f.id, f.type)), e], fields: [...x.fields, field] }
    : null;
  switch (x.op) {
    case 'filter': {
      const input = computeBelowJoin(x.input, e, field, belowJoin);
      return input && { ...x, input, fields: input.fields };
    }
    case 'project': {
      const inner = substitute(e, projectionMap(x));
      if (!isDeterministic(inner)) return here();
      const input = computeBelowJoin(x.input, inner, field, belowJoin);
      return input ? { ...x, input, exprs: [...x.exprs, col(field.id, field.type)], fields: [...x.fields, field] } : here();
    }
    case 'join': {
      const cols = columnsOf(e);
      const leftOk = x.kind !== 'right' && x.kind !== 'full' && subset(cols, idsOf(x.left.fields));
      const rightOk = (x.kind === 'inner' || x.kind === 'right') && subset(cols, idsOf(x.right.fields));
      if (!leftOk && !rightOk) return here();
      const side = leftOk ? x.left : x.right;
      const placed = computeBelowJoin(side, e, field, true)!;
      const left = leftOk ? placed : x.left, right = leftOk ? x.right : placed;
      return { ...x, left, right, fields: x.kind === 'semi' || x.kind === 'anti' ? left.fields : [...left.fields, ...right.fields] };
    }
    default: return here();
  }
}

// ---------------------------------------------------------------- partition pruning
function prunePartitions(p: LogicalPlan, ctx: OptimizerContext): LogicalPlan {
  if (p.op === 'scan') {
    if (p.table.partitionKeys.length === 0) return p;
    if (p.partitionFilters.length === 0) {
      const all = ctx.listPartitions(p);
      return { ...p, partitions: all, totalPartitions: all.length };
    }
    const filter = metastoreFilter(p, p.partitionFilters);
    const candidates = ctx.listPartitions(p, filter);
    const kept = filterPartitions(p, candidates, p.partitionFilters);
    return { ...p, partitions: kept, totalPartitions: filter ? ctx.countPartitions(p) : candidates.length };
  }
  return mapChildren(p, (c) => prunePartitions(c, ctx));
}

/** Evaluates the partition predicates over a batch whose rows are the partitions. */
function filterPartitions(scan: ScanNode, parts: Partition[], preds: BExpr[]): Partition[] {
  const nData = scan.table.columns.length;
  const layout = new Map<number, number>();
  const columns = scan.table.partitionKeys.map((k, i) => {
    const type = parseTypeString(k.type);
    const b = new VectorBuilder(type, parts.length);
    for (const pt of parts) b.append(pt.values[i] === DEFAULT_PARTITION ? null : parseValue(pt.values[i], type));
    return b.finish();
  });
  scan.fields.forEach((f, i) => { const ci = scan.columnIndexes[i]; if (ci >= nData) layout.set(f.id, ci - nData); });
  const { sel, count } = compileFilter(and(preds)!, layout)({ columns, length: parts.length });
  return Array.from(sel.subarray(0, count), (i) => parts[i]);
}

// ---------------------------------------------------------------- projection pruning
function pruneColumns(p: LogicalPlan, need: Set<number>): LogicalPlan {
  switch (p.op) {
    case 'exchange': throw new Error('internal: exchanges are placed after optimization');
    case 'scan': {
      const used = new Set(need);
      for (const f of p.filters) columnsOf(f, used);
      const keep = p.fields.map((f, i) => (used.has(f.id) ? i : -1)).filter((i) => i >= 0);
      return { ...p, fields: keep.map((i) => p.fields[i]), columnIndexes: keep.map((i) => p.columnIndexes[i]) };
    }
    case 'project': {
      const keep = p.fields.map((f, i) => (need.has(f.id) ? i : -1)).filter((i) => i >= 0);
      const exprs = keep.map((i) => p.exprs[i]);
      const inputNeed = new Set<number>();
      exprs.forEach((e) => columnsOf(e, inputNeed));
      return { ...p, input: pruneColumns(p.input, inputNeed), exprs, fields: keep.map((i) => p.fields[i]) };
    }
    case 'filter': {
      const n = new Set(need);
      columnsOf(p.cond, n);
      const input = pruneColumns(p.input, n);
      return { ...p, input, fields: input.fields };
    }
    case 'join': {
      const n = new Set(need);
      if (p.cond) columnsOf(p.cond, n);
      const left = pruneColumns(p.left, n), right = pruneColumns(p.right, n);
      return { ...p, left, right, fields: p.kind === 'semi' || p.kind === 'anti' ? left.fields : [...left.fields, ...right.fields] };
    }
    case 'aggregate': {
      const n = new Set<number>();
      p.keys.forEach((k) => columnsOf(k, n));
      p.aggs.forEach((a) => a.args.forEach((x) => columnsOf(x, n)));
      return { ...p, input: pruneColumns(p.input, n) };
    }
    case 'sort': {
      const n = new Set(need);
      p.keys.forEach((k) => columnsOf(k.expr, n));
      const input = pruneColumns(p.input, n);
      return { ...p, input, fields: input.fields };
    }
    case 'limit': {
      const input = pruneColumns(p.input, need);
      return { ...p, input, fields: input.fields };
    }
    case 'window': {
      const n = new Set(need);
      for (const c of p.calls) {
        c.args.forEach((a) => columnsOf(a, n));
        c.partitionBy.forEach((a) => columnsOf(a, n));
        c.orderBy.forEach((o) => columnsOf(o.expr, n));
      }
      const input = pruneColumns(p.input, n);
      return { ...p, input, fields: [...input.fields, ...p.fields.slice(p.fields.length - p.calls.length)] };
    }
    case 'expand': {
      const n = new Set(need);
      p.keys.forEach((k) => columnsOf(k, n));
      const input = pruneColumns(p.input, n);
      return { ...p, input, fields: [...input.fields, ...p.fields.slice(p.input.fields.length)] };
    }
    case 'generate': {
      const n = new Set(need);
      p.args.forEach((a) => columnsOf(a, n));
      const input = pruneColumns(p.input, n);
      return { ...p, input, fields: [...input.fields, ...p.fields.slice(p.input.fields.length)] };
    }
    case 'union': case 'values':
      return mapChildren(p, (c) => pruneColumns(c, idsOf(c.fields)));
  }
}

function mapChildren(p: LogicalPlan, f: (c: LogicalPlan) => LogicalPlan): LogicalPlan {
  switch (p.op) {
    case 'scan': case 'values': return p;
    case 'join': return { ...p, left: f(p.left), right: f(p.right) };
    case 'union': return { ...p, inputs: p.inputs.map(f) };
    default: return { ...p, input: f(p.input) } as LogicalPlan;
  }
}

