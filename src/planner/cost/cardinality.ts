// Row-count and column estimates for any plan node, from the statistics a scan carries
// (ANALYZE's row counts and column statistics: distinct values, NULLs, min/max) and, where
// there are none, from bytes on disk and fixed selectivities.
//   filter      product of conjunct selectivities: col = lit 1/ndv, ranges by min/max,
//               IN k/ndv, IS NULL by the NULL fraction, OR and NOT by probability rules
//   inner join  |L|·|R| · Π sel(key pair), sel = 1/max(ndv_l, ndv_r); several key pairs
//               combine with exponential backoff (s1 · s2^½ · s3^¼) since they correlate
//   aggregate   min(input rows, Π ndv(keys)), keys from one scan at most its rows
// Estimates are memoized per node object (plans are immutable).
import { statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BExpr, columnsOf, splitConjuncts } from '../boundExpr.js';
import { LogicalPlan, ScanNode } from '../logicalPlan.js';
import { DataType, physicalOf } from '../../types/dataType.js';
import { POW10, parseDate } from '../../types/values.js';

export interface ColumnEstimate {
  ndv: number; nullFraction: number; min?: number; max?: number;
  /** The scan the column comes from and the rows it returns: columns of one scan have at
   *  most that many distinct combinations, however they are joined. */
  origin?: { scan: ScanNode; rows: number };
}
export interface Estimate { rows: number; columns: Map<number, ColumnEstimate> }

/** Selectivity of a conjunct nothing is known about (the rule-based planner's figure). */
export const DEFAULT_SELECTIVITY = 0.25;
const memo = new WeakMap<LogicalPlan, Estimate>();

export function estimate(p: LogicalPlan): Estimate {
  let e = memo.get(p);
  if (!e) { e = compute(p); memo.set(p, e); }
  return e;
}

export const estimateRows = (p: LogicalPlan): number => estimate(p).rows;

/** Average bytes of a row of the plan's output, for broadcast decisions and costs. */
export function rowWidth(p: LogicalPlan): number {
  return Math.max(8, p.fields.reduce((s, f) => s + (physicalOf(f.type) === 'str' ? 24 : 8), 0));
}

function compute(p: LogicalPlan): Estimate {
  switch (p.op) {
    case 'scan': return scanEstimate(p);
    case 'filter': return applyConjuncts(estimate(p.input), splitConjuncts(p.cond));
    case 'project': {
      const inp = estimate(p.input);
      const columns = new Map<number, ColumnEstimate>();
      p.exprs.forEach((e, i) => {
        const c = e.k === 'col' ? inp.columns.get(e.id) : singleColumnOf(e, inp);
        columns.set(p.fields[i].id, c ?? { ndv: inp.rows, nullFraction: 0 });
      });
      return { rows: inp.rows, columns };
    }
    case 'join': return joinEstimate(p);
    case 'aggregate': {
      const inp = estimate(p.input);
      // Keys from one scan (c_customer_id, c_first_name, … of customer) are correlated:
      // their combinations are bounded by the scan's rows, not just by Π ndv.
      let groups = 1;
      const byOrigin = new Map<ScanNode, { product: number; rows: number }>();
      for (const k of p.keys) {
        const c = k.k === 'col' ? inp.columns.get(k.id) : undefined;
        const ndv = c?.ndv ?? Math.sqrt(inp.rows);
        if (!c?.origin) { groups *= ndv; continue; }
        const o = byOrigin.get(c.origin.scan) ?? { product: 1, rows: c.origin.rows };
        o.product *= ndv;
        byOrigin.set(c.origin.scan, o);
      }
      for (const o of byOrigin.values()) groups *= Math.min(o.product, o.rows);
      const rows = p.keys.length === 0 ? 1 : Math.max(1, Math.min(inp.rows, groups));
      const columns = new Map<number, ColumnEstimate>();
      p.keys.forEach((k, i) => columns.set(p.fields[i].id, { ...(k.k === 'col' ? inp.columns.get(k.id) : undefined) ?? { nullFraction: 0 }, ndv: Math.min(rows, (k.k === 'col' ? inp.columns.get(k.id)?.ndv : undefined) ?? rows) }));
      return { rows, columns };
    }
    case 'expand': {
      const inp = estimate(p.input);
      return { rows: inp.rows * p.sets.length, columns: inp.columns };
    }
    case 'union': {
      const parts = p.inputs.map(estimate);
      return { rows: parts.reduce((s, x) => s + x.rows, 0), columns: new Map() };
    }
    case 'values': return { rows: Math.max(1, p.rows.length), columns: new Map() };
    case 'limit': { const inp = estimate(p.input); return { rows: Math.min(p.n, inp.rows), columns: inp.columns }; }
    case 'sort': { const inp = estimate(p.input); return p.limit !== undefined ? { rows: Math.min(p.limit, inp.rows), columns: inp.columns } : inp; }
    case 'generate': { const inp = estimate(p.input); return { rows: inp.rows * 2, columns: inp.columns }; }
    case 'window': case 'exchange': return estimate(p.input);
  }
}

function singleColumnOf(e: BExpr, inp: Estimate): ColumnEstimate | undefined {
  const cols = [...columnsOf(e)];
  return cols.length === 1 ? inp.columns.get(cols[0]) : undefined;
}

// ---------------------------------------------------------------- scans
/** Directory sizes, kept while the directory's own change times stay the same. A write
 *  deep inside (a partition overwritten in place) is missed: the size only feeds an
 *  estimate, and walking a fact table's 1,800 partition directories for every join
 *  ordering planned cost more than the rest of planning. */
const sizeCache = new Map<string, { mtimeMs: number; ctimeMs: number; bytes: number }>();

export function directoryBytes(dir: string): number {
  let st;
  try { st = statSync(dir); } catch { return 0; }
  const cached = sizeCache.get(dir);
  if (cached && cached.mtimeMs === st.mtimeMs && cached.ctimeMs === st.ctimeMs) return cached.bytes;
  let total = 0;
  const walk = (d: string) => {
    let entries;
    try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else try { total += statSync(path).size; } catch { /* vanished */ }
    }
  };
  walk(dir);
  if (sizeCache.size > 10_000) sizeCache.clear();
  sizeCache.set(dir, { mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, bytes: total });
  return total;
}

/** Rows the scan reads before its filters: ANALYZE's counts, else bytes over a row width. */
export function scanRows(p: ScanNode): number {
  const stat = Number(p.table.params.numRows);
  const partRows = p.partitions?.map((pt) => Number(pt.params.numRows ?? NaN));
  if (partRows && partRows.length > 0 && partRows.every((n) => Number.isFinite(n) && n >= 0)) return partRows.reduce((a, b) => a + b, 0);
  const width = 8 * (p.table.columns.length + p.table.partitionKeys.length);
  let rows = p.table.params.numRows !== undefined && Number.isFinite(stat) && stat >= 0 ? stat : directoryBytes(p.table.sd.location) / width;
  if (p.partitions && p.totalPartitions > 0) rows *= p.partitions.length / p.totalPartitions;
  else if (p.partitionFilters.length) rows *= DEFAULT_SELECTIVITY;
  return rows;
}

function scanEstimate(p: ScanNode): Estimate {
  const rows = Math.max(1, scanRows(p));
  const columns = new Map<number, ColumnEstimate>();
  const nData = p.table.columns.length;
  p.fields.forEach((f, i) => {
    const ci = p.columnIndexes[i];
    if (ci >= nData) {
      if (p.partitions && p.table.partitionKeys.length === 1) columns.set(f.id, { ndv: Math.max(1, p.partitions.length), nullFraction: 0 });
      return;
    }
    const s = p.stats?.columns[p.table.columns[ci].name];
    if (!s || s.ndv === undefined) return;
    const statRows = p.stats!.rows ?? rows;
    columns.set(f.id, {
      ndv: Math.max(1, Math.min(rows, s.ndv)),
      nullFraction: statRows > 0 && s.nullCount !== undefined ? Math.min(1, s.nullCount / statRows) : 0,
      min: statValue(s.min, f.type), max: statValue(s.max, f.type),
    });
  });
  const out = applyConjuncts({ rows, columns }, p.filters);
  for (const [id, c] of out.columns) out.columns.set(id, { ...c, origin: { scan: p, rows: out.rows } });
  return out;
}

/** A statistic's min/max in the engine's physical units (decimals scaled, dates in days). */
function statValue(v: number | string | undefined, t: DataType): number | undefined {
  if (v === undefined) return undefined;
  if (t.id === 'date') return typeof v === 'string' ? parseDate(v) ?? undefined : v;
  if (typeof v !== 'number') return undefined;
  return t.id === 'decimal' ? Math.round(v * POW10[t.scale]) : v;
}

// ---------------------------------------------------------------- filters
function applyConjuncts(inp: Estimate, conds: BExpr[]): Estimate {
  if (conds.length === 0) return inp;
  let sel = 1;
  const columns = new Map(inp.columns);
  // Bounds on one column (d_date >= a AND d_date <= b) select the fraction of [min, max]
  // between them, not the product of two half-ranges.
  const ranges = new Map<number, { lo: number; hi: number }>();
  for (const c of conds) {
    const r = rangeBound(c, inp);
    if (!r) { sel *= selectivity(c, inp); continue; }
    const s = inp.columns.get(r.id)!;
    const b = ranges.get(r.id) ?? { lo: s.min!, hi: s.max! };
    if (r.lower) b.lo = Math.max(b.lo, r.value); else b.hi = Math.min(b.hi, r.value);
    ranges.set(r.id, b);
  }
  for (const [id, b] of ranges) {
    const s = inp.columns.get(id)!;
    const fraction = Math.max(0, Math.min(1, (b.hi - b.lo) / (s.max! - s.min!)));
    sel *= (1 - s.nullFraction) * Math.max(1 / s.ndv, fraction);
  }
  for (const c of conds) {
    // col = literal leaves one distinct value
    const eq = columnVsLiteral(c);
    if (eq && eq.op === 'eq') { const s = columns.get(eq.id); if (s) columns.set(eq.id, { ...s, ndv: 1, nullFraction: 0 }); }
  }
  const rows = Math.max(1, inp.rows * sel);
  for (const [id, s] of columns) if (s.ndv > rows) columns.set(id, { ...s, ndv: rows });
  return { rows, columns };
}

/** A `column <op> literal` range conjunct on a column with min/max statistics. */
function rangeBound(c: BExpr, est: Estimate): { id: number; lower: boolean; value: number } | null {
  const cl = columnVsLiteral(c);
  if (!cl || cl.op === 'eq' || cl.op === 'ne' || typeof cl.value !== 'number' || !Number.isFinite(cl.value)) return null;
  const s = est.columns.get(cl.id);
  if (!s || s.min === undefined || s.max === undefined || s.max <= s.min) return null;
  return { id: cl.id, lower: cl.op === 'gt' || cl.op === 'ge', value: cl.value };
}

type Cmp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
const FLIP: Record<Cmp, Cmp> = { eq: 'eq', ne: 'ne', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };

function stripCast(e: BExpr): BExpr { return e.k === 'cast' ? stripCast(e.arg) : e; }

function columnVsLiteral(c: BExpr): { op: Cmp; id: number; value: unknown } | null {
  if (c.k !== 'call' || !(c.fn in FLIP) || c.args.length !== 2) return null;
  const a = stripCast(c.args[0]), b = stripCast(c.args[1]);
  if (a.k === 'col' && b.k === 'lit') return { op: c.fn as Cmp, id: a.id, value: b.value };
  if (b.k === 'col' && a.k === 'lit') return { op: FLIP[c.fn as Cmp], id: b.id, value: a.value };
  return null;
}

export function selectivity(c: BExpr, est: Estimate): number {
  if (c.k === 'call') {
    switch (c.fn) {
      case 'and': return selectivity(c.args[0], est) * selectivity(c.args[1], est);
      case 'or': { const a = selectivity(c.args[0], est), b = selectivity(c.args[1], est); return Math.min(1, a + b - a * b); }
      case 'not': return 1 - selectivity(c.args[0], est);
      case 'isnull': case 'isnotnull': {
        const a = stripCast(c.args[0]);
        const s = a.k === 'col' ? est.columns.get(a.id) : undefined;
        const f = s ? s.nullFraction : 0.1;
        return c.fn === 'isnull' ? f : 1 - f;
      }
    }
    const cl = columnVsLiteral(c);
    if (cl) {
      const s = est.columns.get(cl.id);
      if (!s) return DEFAULT_SELECTIVITY;
      const nonNull = 1 - s.nullFraction;
      if (cl.op === 'eq') return nonNull / s.ndv;
      if (cl.op === 'ne') return nonNull * (1 - 1 / s.ndv);
      const v = typeof cl.value === 'number' ? cl.value : NaN;
      if (s.min === undefined || s.max === undefined || !Number.isFinite(v) || s.max <= s.min) return DEFAULT_SELECTIVITY;
      const below = Math.min(1, Math.max(0, (v - s.min) / (s.max - s.min)));
      return nonNull * Math.max(1 / s.ndv, cl.op === 'lt' || cl.op === 'le' ? below : 1 - below);
    }
    if (c.fn === 'eq' && c.args.length === 2) {
      const a = stripCast(c.args[0]), b = stripCast(c.args[1]);
      const na = a.k === 'col' ? est.columns.get(a.id)?.ndv : undefined, nb = b.k === 'col' ? est.columns.get(b.id)?.ndv : undefined;
      if (na !== undefined || nb !== undefined) return 1 / Math.max(na ?? 1, nb ?? 1);
    }
  }
  if (c.k === 'in') {
    const a = stripCast(c.arg);
    const s = a.k === 'col' ? est.columns.get(a.id) : undefined;
    if (s) return Math.min(1, (1 - s.nullFraction) * c.list.length / s.ndv);
  }
  return DEFAULT_SELECTIVITY;
}

// ---------------------------------------------------------------- joins
/** Column pairs of the equi-join conjuncts (left column, right column). */
export function keyPairs(cond: BExpr | null, left: Set<number>, right: Set<number>): [number, number][] {
  const out: [number, number][] = [];
  for (const c of cond ? splitConjuncts(cond) : []) {
    if (c.k !== 'call' || c.fn !== 'eq') continue;
    const a = stripCast(c.args[0]), b = stripCast(c.args[1]);
    if (a.k !== 'col' || b.k !== 'col') continue;
    if (left.has(a.id) && right.has(b.id)) out.push([a.id, b.id]);
    else if (left.has(b.id) && right.has(a.id)) out.push([b.id, a.id]);
  }
  return out;
}

function joinEstimate(p: LogicalPlan & { op: 'join' }): Estimate {
  const l = estimate(p.left), r = estimate(p.right);
  const lIds = new Set(p.left.fields.map((f) => f.id)), rIds = new Set(p.right.fields.map((f) => f.id));
  const pairs = keyPairs(p.cond, lIds, rIds);
  const conjuncts = p.cond ? splitConjuncts(p.cond) : [];
  const residual = conjuncts.length - pairs.length;
  // A key without statistics is taken to have as many distinct values as the smaller input
  // has rows (a foreign key meeting a primary key), or as the other key where that is known.
  const sels = pairs.map(([a, b]) => {
    const na = l.columns.get(a)?.ndv, nb = r.columns.get(b)?.ndv;
    const guess = Math.max(1, Math.min(l.rows, r.rows));
    return 1 / Math.max(na ?? nb ?? guess, nb ?? na ?? guess);
  }).sort((x, y) => x - y);
  let sel = 1;
  sels.forEach((s, i) => { sel *= s ** (1 / 2 ** i); });
  if (pairs.length === 0 && conjuncts.length > 0) sel = DEFAULT_SELECTIVITY ** conjuncts.length;
  else sel *= DEFAULT_SELECTIVITY ** Math.max(0, residual);
  const inner = Math.max(1, l.rows * r.rows * sel);
  const columns = new Map([...l.columns, ...r.columns]);
  for (const [a, b] of pairs) {
    const n = Math.min(l.columns.get(a)?.ndv ?? Infinity, r.columns.get(b)?.ndv ?? Infinity, inner);
    if (Number.isFinite(n)) { columns.set(a, { ...(l.columns.get(a) ?? { nullFraction: 0 }), ndv: n }); columns.set(b, { ...(r.columns.get(b) ?? { nullFraction: 0 }), ndv: n }); }
  }
  // The share of one side's rows with a match: the other side's distinct keys over its own.
  const matchShare = (from: Estimate, to: Estimate, flip: boolean): number => {
    let match = pairs.length ? 1 : to.rows > 0 ? 1 : 0;
    for (const [a, b] of pairs) {
      const [own, other] = flip ? [b, a] : [a, b];
      match = Math.min(match, (to.columns.get(other)?.ndv ?? to.rows) / Math.max(1, from.columns.get(own)?.ndv ?? from.rows));
    }
    return Math.min(1, match) * (residual > 0 ? 0.5 : 1);
  };
  // An outer join's unmatched rows carry NULLs in the other side's columns: a later `IS
  // NULL` on them (q78's `sr_ticket_number IS NULL`, an anti join written as a left join)
  // keeps those rows, not the NULLs the column had in its table. At most `inner` rows of
  // a side have a match, which bounds the unmatched ones where several key columns are
  // each common on both sides but their combinations are not (ticket and item).
  const nullExtended = (rows: number, unmatched: number, side: Estimate, sideRows: number) => {
    const f = Math.min(1, Math.max(unmatched, sideRows - inner) / Math.max(1, rows));
    for (const [id, c] of side.columns) columns.set(id, { ...c, nullFraction: Math.max(c.nullFraction, f) });
  };
  switch (p.kind) {
    case 'inner': return { rows: inner, columns };
    case 'left': {
      const rows = Math.max(inner, l.rows);
      nullExtended(rows, l.rows * (1 - matchShare(l, r, false)), r, l.rows);
      return { rows, columns };
    }
    case 'right': {
      const rows = Math.max(inner, r.rows);
      nullExtended(rows, r.rows * (1 - matchShare(r, l, true)), l, r.rows);
      return { rows, columns };
    }
    case 'full': {
      const rows = Math.max(inner, l.rows + r.rows);
      nullExtended(rows, l.rows * (1 - matchShare(l, r, false)), r, l.rows);
      nullExtended(rows, r.rows * (1 - matchShare(r, l, true)), l, r.rows);
      return { rows, columns };
    }
    case 'semi': case 'anti': {
      const match = matchShare(l, r, false);
      const rows = Math.max(1, l.rows * (p.kind === 'semi' ? match : 1 - match * 0.9));
      return { rows, columns: l.columns };
    }
  }
}
