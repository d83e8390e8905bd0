// Global aggregates over one table that are cross-joined together — scalar subqueries in a
// select list (TPC-DS q9: fifteen over store_sales) or single-row derived tables (q28: six)
// — computed in one pass over the table, as Spark's MergeScalarSubqueries does: each
// aggregate sees only the rows of its own WHERE, through a CASE on its argument, and the
// scan keeps the rows any of them wants. Runs on the bound plan, before pushdown, while
// each WHERE is still a filter over its scan.
import { BExpr, columnsOf, conjunction, isDeterministic, lit, mapColumns, splitConjuncts } from './boundExpr.js';
import { AggCall, Field, LogicalPlan, ScanNode, childrenOf, withChildren } from './logicalPlan.js';
import { T } from '../types/dataType.js';

/** Aggregates that skip NULL arguments: a NULL for "not this aggregate's row" is ignored. */
const NULL_SKIPPING = new Set(['count', 'sum', 'avg', 'min', 'max', 'stddev', 'stddev_pop', 'stddev_samp', 'std', 'variance', 'var_pop', 'var_samp', 'approx_count_distinct']);

/** One global aggregate over a filtered scan, with its expressions over the scan's fields. */
interface Member {
  node: LogicalPlan;
  /** Projections above the aggregate, outermost first. */
  tops: (LogicalPlan & { op: 'project' })[];
  agg: LogicalPlan & { op: 'aggregate' };
  aggs: AggCall[];
  /** Its WHERE conjuncts over the scan's fields; empty for all rows. */
  where: BExpr[];
  scan: ScanNode;
}

export function mergeGlobalAggregates(p: LogicalPlan): LogicalPlan {
  if (!(p.op === 'join' && p.kind === 'inner' && p.cond === null)) return withChildren(p, childrenOf(p).map(mergeGlobalAggregates));
  // The whole tree of cross joins at once (merging pairwise would nest the CASEs).
  const inputs: LogicalPlan[] = [];
  const flatten = (x: LogicalPlan) => {
    if (x.op === 'join' && x.kind === 'inner' && x.cond === null) { flatten(x.left); flatten(x.right); } else inputs.push(mergeGlobalAggregates(x));
  };
  flatten(p);
  const groups = new Map<string, Member[]>();
  for (const x of inputs) {
    const m = asMember(x);
    if (!m) continue;
    const key = `${m.scan.table.catalog ?? ''}.${m.scan.table.db}.${m.scan.table.name}`;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const replaced = new Map<LogicalPlan, LogicalPlan | null>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    replaced.set(members[0].node, merge(members));
    for (const m of members.slice(1)) replaced.set(m.node, null);
  }
  const kept = inputs.map((x) => (replaced.has(x) ? replaced.get(x)! : x)).filter((x): x is LogicalPlan => x !== null);
  return kept.slice(1).reduce((left, right): LogicalPlan => ({ op: 'join', kind: 'inner', left, right, cond: null, fields: [...left.fields, ...right.fields] }), kept[0]);
}

/** `x` as [project…] ← aggregate() ← [project | filter…] ← scan, its expressions
 *  rewritten over the scan's fields; null for any other shape. */
function asMember(x: LogicalPlan): Member | null {
  const tops: (LogicalPlan & { op: 'project' })[] = [];
  let n = x;
  while (n.op === 'project') { tops.push(n); n = n.input; }
  if (n.op !== 'aggregate' || n.keys.length > 0 || n.emptyInput || n.partial) return null;
  const agg = n;
  const below: LogicalPlan[] = [];
  let y = agg.input;
  while (y.op === 'project' || y.op === 'filter') { below.push(y); y = y.input; }
  if (y.op !== 'scan' || y.filters.length > 0 || y.partitionFilters.length > 0) return null;
  // Resolve projections from the scan up, so every expression reads scan fields only.
  const defs = new Map<number, BExpr>();
  const resolve = (e: BExpr) => mapColumns(e, (c) => defs.get(c.id) ?? { k: 'col', id: c.id, type: c.type });
  const where: BExpr[] = [];
  for (const b of below.reverse()) {
    if (b.op === 'project') b.fields.forEach((f, i) => defs.set(f.id, resolve(b.exprs[i])));
    else if (b.op === 'filter') where.push(...splitConjuncts(resolve(b.cond)));
  }
  if (!agg.aggs.every((a) => NULL_SKIPPING.has(a.fn))) return null;
  const aggs = agg.aggs.map((a) => ({ ...a, args: a.args.map(resolve) }));
  const exprs = [...where, ...aggs.flatMap((a) => a.args)];
  const scanIds = new Set(y.fields.map((f) => f.id));
  if (!exprs.every((e) => isDeterministic(e) && [...columnsOf(e)].every((id) => scanIds.has(id)))) return null;
  return { node: x, tops, agg, aggs, where, scan: y };
}

/** One scan (the first member's, with any columns the others read) keeping the rows of
 *  any member, one aggregate computing every member's, each on its own rows. */
function merge(members: Member[]): LogicalPlan {
  const first = members[0].scan;
  const fields: Field[] = [...first.fields];
  const columnIndexes = [...first.columnIndexes];
  const or = (a: BExpr, b: BExpr): BExpr => ({ k: 'call', fn: 'or', args: [a, b], type: T.boolean });
  let keep: BExpr | null = null;
  let everyRow = false;
  const aggs: AggCall[] = [];
  for (const m of members) {
    // The member's scan fields, by column index, become the shared scan's.
    const ids = new Map<number, number>();
    m.scan.fields.forEach((f, i) => {
      let k = columnIndexes.indexOf(m.scan.columnIndexes[i]);
      if (k < 0) { k = fields.length; fields.push(f); columnIndexes.push(m.scan.columnIndexes[i]); }
      ids.set(f.id, fields[k].id);
    });
    const onShared = (e: BExpr) => mapColumns(e, (c) => ({ k: 'col', id: ids.get(c.id) ?? c.id, type: c.type }));
    const where = conjunction(m.where.map(onShared));
    if (where === null) everyRow = true;
    else keep = keep === null ? where : or(keep, where);
    for (const a of m.aggs) {
      const args = a.args.map(onShared);
      if (where === null) { aggs.push({ ...a, args }); continue; }
      const only = (e: BExpr): BExpr => ({ k: 'case', whens: [{ when: where, then: e }], else: null, type: e.type });
      // count(*) counts the member's rows: count(CASE WHEN where THEN 1 END).
      const wrapped = a.fn === 'count' ? (args.length ? args.map(only) : [only(lit(1, T.int))]) : [only(args[0]), ...args.slice(1)];
      aggs.push({ ...a, args: wrapped, constants: a.fn === 'count' ? wrapped.map(() => undefined) : [undefined, ...a.constants.slice(1)] });
    }
  }
  const scan: ScanNode = { ...first, fields, columnIndexes };
  const input: LogicalPlan = everyRow || keep === null ? scan : { op: 'filter', input: scan, cond: keep, fields };
  const aggregate: LogicalPlan = { op: 'aggregate', input, keys: [], aggs, fields: members.flatMap((m) => m.agg.fields) };
  // Each member's projections above its aggregate, side by side.
  const exprs: BExpr[] = [], out: Field[] = [];
  for (const m of members) {
    if (m.tops.length === 0) { for (const f of m.agg.fields) { exprs.push({ k: 'col', id: f.id, type: f.type }); out.push(f); } continue; }
    const defs = new Map<number, BExpr>();
    for (const t of [...m.tops].reverse()) t.fields.forEach((f, i) => defs.set(f.id, mapColumns(t.exprs[i], (c) => defs.get(c.id) ?? { k: 'col', id: c.id, type: c.type })));
    for (const f of m.tops[0].fields) { exprs.push(defs.get(f.id)!); out.push(f); }
  }
  if (exprs.every((e, i) => e.k === 'col' && e.id === out[i].id)) return aggregate;
  return { op: 'project', input: aggregate, exprs, fields: out };
}
