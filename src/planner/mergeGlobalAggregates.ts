// Global aggregates over the same tables that are cross-joined together — scalar
// subqueries in a select list (TPC-DS q9: fifteen over store_sales) or single-row derived
// tables (q28: six; q88: eight over the same four-table join) — computed in one pass, as
// Spark's MergeScalarSubqueries does: the WHERE conjuncts all of them share filter once,
// each aggregate sees only the rows of the rest of its own WHERE, through a CASE on its
// argument, and the input keeps the rows any of them wants. Runs on the bound plan, before
// pushdown, while each FROM is still a cross join of scans under one filter.
import { BExpr, columnsOf, conjunction, exprKey, isDeterministic, lit, mapColumns, splitConjuncts, substitute } from './boundExpr.js';
import { AggCall, Field, LogicalPlan, ScanNode, childrenOf, withChildren } from './logicalPlan.js';
import { T } from '../types/dataType.js';

/** Aggregates that skip NULL arguments: a NULL for "not this aggregate's row" is ignored. */
const NULL_SKIPPING = new Set(['count', 'sum', 'avg', 'min', 'max', 'stddev', 'stddev_pop', 'stddev_samp', 'std', 'variance', 'var_pop', 'var_samp', 'approx_count_distinct']);

/** One global aggregate over a filtered FROM, with its expressions over the FROM's fields. */
interface Member {
  node: LogicalPlan;
  /** Projections above the aggregate, outermost first. */
  tops: (LogicalPlan & { op: 'project' })[];
  agg: LogicalPlan & { op: 'aggregate' };
  aggs: AggCall[];
  /** Its WHERE conjuncts over the FROM's fields; empty for all rows. */
  where: BExpr[];
  /** The FROM: a scan or a cross join of scans, none filtered yet. */
  from: LogicalPlan;
  scans: ScanNode[];
}

/** The scans of a FROM made of cross joins of unfiltered scans, left to right; null for
 *  anything else. */
function scansOf(p: LogicalPlan): ScanNode[] | null {
  if (p.op === 'scan') return p.filters.length === 0 && p.partitionFilters.length === 0 ? [p] : null;
  if (p.op !== 'join' || p.kind !== 'inner' || p.cond !== null) return null;
  const l = scansOf(p.left), r = scansOf(p.right);
  return l && r ? [...l, ...r] : null;
}

/** The FROM's shape: its tables and how they are joined. */
function shapeOf(p: LogicalPlan): string {
  return p.op === 'scan' ? `${p.table.catalog ?? ''}.${p.table.db}.${p.table.name}` : p.op === 'join' ? `(${shapeOf(p.left)} x ${shapeOf(p.right)})` : '?';
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
    const key = shapeOf(m.from);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  const replaced = new Map<LogicalPlan, LogicalPlan | null>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const merged = merge(members);
    if (!merged) continue;
    replaced.set(members[0].node, merged);
    for (const m of members.slice(1)) replaced.set(m.node, null);
  }
  const kept = inputs.map((x) => (replaced.has(x) ? replaced.get(x)! : x)).filter((x): x is LogicalPlan => x !== null);
  return kept.slice(1).reduce((left, right): LogicalPlan => ({ op: 'join', kind: 'inner', left, right, cond: null, fields: [...left.fields, ...right.fields] }), kept[0]);
}

/** `x` as [project…] ← aggregate() ← [project | filter…] ← FROM, its expressions
 *  rewritten over the FROM's fields; null for any other shape. */
function asMember(x: LogicalPlan): Member | null {
  const tops: (LogicalPlan & { op: 'project' })[] = [];
  let n = x;
  while (n.op === 'project') { tops.push(n); n = n.input; }
  if (n.op !== 'aggregate' || n.keys.length > 0 || n.emptyInput || n.partial) return null;
  const agg = n;
  const below: LogicalPlan[] = [];
  let y = agg.input;
  while (y.op === 'project' || y.op === 'filter') { below.push(y); y = y.input; }
  const scans = scansOf(y);
  if (!scans) return null;
  // Resolve projections from the scan up, so every expression reads scan fields only.
  const defs = new Map<number, BExpr>();
  const resolve = (e: BExpr) => substitute(e, defs);
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
  return { node: x, tops, agg, aggs, where, from: y, scans };
}

/** The first member's FROM keeping the rows of any member, one aggregate computing
 *  every member's, each on its own rows; null when a member reads a column the first
 *  member's FROM does not have. */
function merge(members: Member[]): LogicalPlan | null {
  const first = members[0];
  const or = (a: BExpr, b: BExpr): BExpr => ({ k: 'call', fn: 'or', args: [a, b], type: T.boolean });
  // Each member's fields become the first member's: same scan, same column.
  const wheres: BExpr[][] = [];
  const argsOf: BExpr[][][] = [];
  for (const m of members) {
    const ids = new Map<number, number>();
    for (let k = 0; k < m.scans.length; k++) {
      const mine = m.scans[k], theirs = first.scans[k];
      for (let i = 0; i < mine.fields.length; i++) {
        const j = theirs.columnIndexes.indexOf(mine.columnIndexes[i]);
        if (j < 0) return null;
        ids.set(mine.fields[i].id, theirs.fields[j].id);
      }
    }
    const onFirst = (e: BExpr) => mapColumns(e, (c) => ({ k: 'col', id: ids.get(c.id) ?? c.id, type: c.type }));
    wheres.push(m.where.map(onFirst));
    argsOf.push(m.aggs.map((a) => a.args.map(onFirst)));
  }
  // Conjuncts every member has (the join conditions, shared filters) filter once.
  const keyed = wheres.map((w) => new Map(w.map((c) => [exprKey(c), c])));
  const common = [...keyed[0].keys()].filter((k) => keyed.every((m) => m.has(k)));
  const own = keyed.map((m) => conjunction([...m].filter(([k]) => !common.includes(k)).map(([, c]) => c)));
  let keep: BExpr | null = null;
  if (own.every((w) => w !== null)) for (const w of own) keep = keep === null ? w : or(keep, w!);
  const aggs: AggCall[] = [];
  members.forEach((m, i) => {
    const where = own[i];
    m.aggs.forEach((a, j) => {
      const args = argsOf[i][j];
      if (where === null) { aggs.push({ ...a, args }); return; }
      const only = (e: BExpr): BExpr => ({ k: 'case', whens: [{ when: where, then: e }], else: null, type: e.type });
      // count(*) counts the member's rows: count(CASE WHEN where THEN 1 END).
      const wrapped = a.fn === 'count' ? (args.length ? args.map(only) : [only(lit(1, T.int))]) : [only(args[0]), ...args.slice(1)];
      aggs.push({ ...a, args: wrapped, constants: a.fn === 'count' ? wrapped.map(() => undefined) : [undefined, ...a.constants.slice(1)] });
    });
  });
  const cond = conjunction([...common.map((k) => keyed[0].get(k)!), ...(keep ? [keep] : [])]);
  const input: LogicalPlan = cond === null ? first.from : { op: 'filter', input: first.from, cond, fields: first.from.fields };
  const aggregate: LogicalPlan = { op: 'aggregate', input, keys: [], aggs, fields: members.flatMap((m) => m.agg.fields) };
  // Each member's projections above its aggregate, side by side.
  const exprs: BExpr[] = [], out: Field[] = [];
  for (const m of members) {
    if (m.tops.length === 0) { for (const f of m.agg.fields) { exprs.push({ k: 'col', id: f.id, type: f.type }); out.push(f); } continue; }
    const defs = new Map<number, BExpr>();
    for (const t of [...m.tops].reverse()) t.fields.forEach((f, i) => defs.set(f.id, substitute(t.exprs[i], defs)));
    for (const f of m.tops[0].fields) { exprs.push(defs.get(f.id)!); out.push(f); }
  }
  if (exprs.every((e, i) => e.k === 'col' && e.id === out[i].id)) return aggregate;
  return { op: 'project', input: aggregate, exprs, fields: out };
}
