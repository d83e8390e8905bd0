// Dynamic partition pruning (Flink's table.optimizer.dynamic-filtering.enabled, Hive's
// and Spark's DPP): a fact table partitioned by a join key (store_sales by
// ss_sold_date_sk) joined with a filtered dimension (date_dim WHERE d_moy = 11) reads only
// the partitions whose key value the dimension side returns. Flink collects those values
// at run time; Sluice runs the dimension side at plan time, in this thread, since it is a
// small table by construction, and the pruned partition list then also feeds the
// statistics, estimates and join order.
//
// A large table's data column joined to the key (inventory.inv_date_sk, which the table is
// sorted by; web_sales.ws_ship_date_sk, which follows its sold-date partitions) gets the
// range of the dimension's values as an implied filter where that range is narrow against
// the column's statistics: readers skip the stripes and row groups outside it (Flink's
// runtime filter, decided here at plan time).
//
// It is sound where every output row of the join carries the fact row's key unchanged
// and must equal a dimension value: inner and semi joins, traced down through filters,
// pass-through projections, UNION ALL branches, inner joins, the preserved side of left,
// semi and anti joins, and grouping keys.
import { BExpr, col, columnEqualities, conjunction, lit, splitConjuncts } from './boundExpr.js';
import { lookupFunction } from '../module/coreFunctions.js';
import { Field, LogicalPlan, ScanNode, childrenOf, mapChildrenKeeping, passesThrough, withChildren } from './logicalPlan.js';
import { directoryBytes, scanRows } from './cost/cardinality.js';
import { DataType, T, parseTypeString, typeToString } from '../types/dataType.js';
import { formatValue, parseValue } from '../types/values.js';
import { DEFAULT_PARTITION } from '../warehouse/partitionPath.js';
import { planDigest } from './subplanDigest.js';

export interface PruningContext {
  /** Runs a plan to completion in this thread and returns its first column's values. */
  evaluate(plan: LogicalPlan): unknown[];
  /** A numeric column's min and max over the scan's partitions (ANALYZE), or null;
   *  absent: no range filters. */
  columnRange?(scan: ScanNode, column: string): { min: number; max: number } | null;
}

/** Largest row count (ANALYZE's, else bytes over a row width) and bytes on disk of a
 *  dimension's table: the side runs at plan time, once more than in the job. */
const MAX_DIMENSION_ROWS = 1_000_000;
const MAX_DIMENSION_BYTES = 64 << 20;
/** A range filter is added where the dimension's keys span at most this part of the fact
 *  column's range (ANALYZE's min and max): a wider one skips little and costs a filter
 *  over every row and statistics checks in every file (q75's item categories, q96's
 *  household demographics were slower with theirs). */
const NARROW_RANGE = 0.25;
/** Scans smaller than this read too little for a range filter to matter. */
const MIN_FACT_ROWS = 500_000;

/** The smallest and largest of numeric keys. */
function keyRange(keys: Set<unknown>): { min: number; max: number } {
  let min = Infinity, max = -Infinity;
  for (const k of keys) { const v = k as number; if (v < min) min = v; if (v > max) max = v; }
  return { min, max };
}

const isNarrow = (keys: { min: number; max: number }, column: { min: number; max: number } | null): boolean =>
  column !== null && column.max > column.min && keys.max - keys.min <= NARROW_RANGE * (column.max - column.min);

export function dynamicPartitionPruning(root: LogicalPlan, ctx: PruningContext): LogicalPlan {
  const values = new Map<string, Set<unknown>>();
  const groups = innerJoinGroups(root);
  const rewrite = (p: LogicalPlan): LogicalPlan => {
    let node = withChildren(p, childrenOf(p).map(rewrite));
    if (node.op !== 'join' || !(node.kind === 'inner' || node.kind === 'semi') || !node.cond) return node;
    const sides: LogicalPlan[] = [node.left, node.right];
    for (const [probeSide, valueSide] of node.kind === 'inner' ? [[0, 1], [1, 0]] : [[0, 1]]) {
      const pairs = columnEqualities(node.cond, new Set(sides[probeSide].fields.map((f) => f.id)), new Set(sides[valueSide].fields.map((f) => f.id)));
      for (const [probeCol, dimCol] of pairs) {
        const dim = dimensionOf(sides[valueSide], dimCol, groups.get(p));
        if (!dim) continue;
        const pos = dim.fields.findIndex((f) => f.id === dimCol);
        // Partition values parse to the key's physical values; the dimension's must be alike.
        const targets = partitionColumns(sides[probeSide], probeCol).filter((t) => t.scan.partitions !== null && t.scan.partitions.length > 1
          && typeToString(parseTypeString(t.scan.table.partitionKeys[t.keyIndex].type)) === typeToString(dim.fields[pos].type));
        // A large fact table's data column joined to the key gets the range of the
        // dimension's values as a filter: file readers skip stripes and row groups whose
        // statistics lie outside it (inventory is sorted by date, web_sales' ship dates
        // follow its sold-date partitions), and rows outside it never reach the join.
        const ranged = isNumericKey(dim.fields[pos].type) && ctx.columnRange
          ? dataColumns(sides[probeSide], probeCol).filter((t) => scanRows(t.scan) > MIN_FACT_ROWS && typeToString(t.field.type) === typeToString(dim.fields[pos].type))
          : [];
        if (targets.length === 0 && ranged.length === 0) continue;
        const key = `${planDigest(dim)}#${pos}`;
        let keys = values.get(key);
        if (!keys) {
          const only: LogicalPlan = { op: 'project', input: dim, exprs: [{ k: 'col', id: dimCol, type: dim.fields[pos].type }], fields: [dim.fields[pos]] };
          keys = new Set(ctx.evaluate(only).filter((v) => v !== null && v !== undefined));
          values.set(key, keys);
        }
        for (const target of targets) {
          const pruned = pruneScan(target.scan, target.keyIndex, keys, describeSource(dim, dimCol));
          if (pruned) sides[probeSide] = replaceNode(sides[probeSide], target.scan, pruned);
        }
        if (keys.size === 0 || ranged.length === 0) continue;
        // Pruning replaced only partitioned scans of this key, so these scans are still in place.
        const range = keyRange(keys);
        for (const { scan, field } of ranged) {
          if (isNarrow(range, ctx.columnRange!(scan, field.name))) {
            sides[probeSide] = replaceNode(sides[probeSide], scan, rangeFilter(scan, field, range, describeSource(dim, dimCol)));
          }
        }
      }
    }
    return { ...node, left: sides[0], right: sides[1] };
  };
  return rewrite(root);
}

/** The inner joins flattened into one group: its relations' conjuncts. */
interface InnerJoinGroup { conds: BExpr[]; leaves: LogicalPlan[] }

/** Each inner join of the plan, mapped to the group of inner joins it belongs to. */
function innerJoinGroups(root: LogicalPlan): Map<LogicalPlan, InnerJoinGroup> {
  const groups = new Map<LogicalPlan, InnerJoinGroup>();
  const isInner = (p: LogicalPlan) => p.op === 'join' && p.kind === 'inner';
  const visit = (p: LogicalPlan, group: InnerJoinGroup | null) => {
    if (p.op === 'join' && p.kind === 'inner') {
      const g = group ?? { conds: [], leaves: [] };
      groups.set(p, g);
      if (p.cond) g.conds.push(...splitConjuncts(p.cond));
      for (const c of [p.left, p.right]) {
        if (isInner(c)) visit(c, g);
        else if (c.op === 'filter' && isInner(c.input)) { g.conds.push(...splitConjuncts(c.cond)); visit(c.input, g); }
        else { g.leaves.push(c); visit(c, null); }
      }
    } else for (const c of childrenOf(p)) visit(c, null);
  };
  visit(root, null);
  return groups;
}

/** The small dimension whose values bound column `id` of `side`: the side itself; else
 *  the subtree it comes from, traced through inner joins, filters and pass-through
 *  projections; else, where that is a small relation with no filter of its own (q72's
 *  date_dim d2), that relation semi-joined with a small filtered one it equals a column
 *  of elsewhere in the same inner joins (d1, by `d1.d_week_seq = d2.d_week_seq`): every
 *  row the joins output has such a partner. */
function dimensionOf(side: LogicalPlan, id: number, group: InnerJoinGroup | undefined): LogicalPlan | null {
  let p = side;
  for (;;) {
    if (isSmallDimension(p)) return p;
    if (p.op === 'filter') p = p.input;
    else if (p.op === 'project') {
      if (!passesThrough(p, id)) return null;
      p = p.input;
    } else if (p.op === 'join' && p.kind === 'inner') p = p.left.fields.some((f) => f.id === id) ? p.left : p.right;
    else break;
  }
  if (!group || !isSmallDimension(p, false)) return null;
  const own = new Set(p.fields.map((f) => f.id));
  const conds = conjunction(group.conds);
  for (const leaf of group.leaves) {
    if (leaf.fields.some((f) => own.has(f.id)) || !isSmallDimension(leaf)) continue;
    const partner = columnEqualities(conds, own, new Set(leaf.fields.map((f) => f.id)))[0];
    if (!partner) continue;
    const [a, b] = partner;
    const type = p.fields.find((f) => f.id === a)!.type;
    const cond: BExpr = { k: 'call', fn: 'eq', args: [col(a, type), col(b, type)], type: T.boolean, impl: lookupFunction('eq') };
    return { op: 'join', kind: 'semi', left: p, right: leaf, cond, fields: p.fields };
  }
  return null;
}

/** A side made of scans of unpartitioned tables no bigger than maxBytes, filtered
 *  somewhere (else every key would be present), joined, aggregated and projected (q58's
 *  `d_week_seq = (SELECT d_week_seq … WHERE d_date = …)` is an aggregate joined in). */
function isSmallDimension(p: LogicalPlan, mustBeFiltered = true): boolean {
  let filtered = !mustBeFiltered;
  const ok = (x: LogicalPlan): boolean => {
    switch (x.op) {
      case 'scan':
        if (x.filters.length) filtered = true;
        // A partitioned table is no dimension: asking its size first would walk all of
        // its partition directories (store_sales: 1,828) for every join planned.
        return x.table.partitionKeys.length === 0 && scanRows(x) <= MAX_DIMENSION_ROWS && directoryBytes(x.table.sd.location) <= MAX_DIMENSION_BYTES;
      case 'filter': filtered = true; return ok(x.input);
      case 'project': case 'aggregate': return ok(x.input);
      case 'join': return (x.kind === 'inner' || x.kind === 'semi') && ok(x.left) && ok(x.right);
      default: return false;
    }
  };
  return ok(p) && filtered;
}

/** The scans and partition keys a column is, where rows reach the join with it unchanged
 *  (several through a UNION ALL: every branch that can be pruned is). */
function partitionColumns(p: LogicalPlan, id: number): { scan: ScanNode; keyIndex: number }[] {
  const at = (fields: Field[]) => fields.findIndex((f) => f.id === id);
  switch (p.op) {
    case 'scan': {
      const i = at(p.fields);
      const nData = p.table.columns.length;
      return i >= 0 && p.columnIndexes[i] >= nData ? [{ scan: p, keyIndex: p.columnIndexes[i] - nData }] : [];
    }
    case 'filter': return partitionColumns(p.input, id);
    case 'project': {
      const i = at(p.fields);
      const e = i >= 0 ? p.exprs[i] : undefined;
      return e && e.k === 'col' ? partitionColumns(p.input, e.id) : [];
    }
    case 'aggregate': {
      const i = at(p.fields);
      const e = i >= 0 && i < p.keys.length ? p.keys[i] : undefined;
      return e && e.k === 'col' && !p.emptyInput ? partitionColumns(p.input, e.id) : [];
    }
    case 'union': {
      const i = at(p.fields);
      return i < 0 ? [] : p.inputs.flatMap((x) => partitionColumns(x, x.fields[i].id));
    }
    case 'join': {
      const inLeft = p.left.fields.some((f) => f.id === id);
      if (inLeft) return p.kind === 'right' || p.kind === 'full' ? [] : partitionColumns(p.left, id);
      return p.kind === 'inner' ? partitionColumns(p.right, id) : [];
    }
    default: return [];
  }
}

/** Key types whose values are ordered numbers (physical values of int, bigint, date). */
const isNumericKey = (t: DataType): boolean => ['tinyint', 'smallint', 'int', 'bigint', 'date'].includes(t.id);

/** The scans and data columns a column is, where rows reach the join with it unchanged
 *  (traced as partitionColumns traces partition keys). */
function dataColumns(p: LogicalPlan, id: number): { scan: ScanNode; field: Field }[] {
  switch (p.op) {
    case 'scan': {
      const i = p.fields.findIndex((f) => f.id === id);
      return i >= 0 && p.columnIndexes[i] < p.table.columns.length ? [{ scan: p, field: p.fields[i] }] : [];
    }
    case 'filter': return dataColumns(p.input, id);
    case 'project': {
      const i = p.fields.findIndex((f) => f.id === id);
      const e = i >= 0 ? p.exprs[i] : undefined;
      return e && e.k === 'col' ? dataColumns(p.input, e.id) : [];
    }
    case 'join': {
      const inLeft = p.left.fields.some((f) => f.id === id);
      if (inLeft) return p.kind === 'right' || p.kind === 'full' ? [] : dataColumns(p.left, id);
      return p.kind === 'inner' ? dataColumns(p.right, id) : [];
    }
    default: return [];
  }
}

/** The scan with `range.min <= field <= range.max` added to its implied filters. */
function rangeFilter(scan: ScanNode, field: Field, range: { min: number; max: number }, source: string): ScanNode {
  const c = col(field.id, field.type);
  const cmp = (fn: 'ge' | 'le', v: number): BExpr => ({ k: 'call', fn, args: [c, lit(v, field.type)], type: T.boolean, impl: lookupFunction(fn) });
  const note = `${field.name} BETWEEN min and max of ${source} (${formatValue(range.min, field.type)} .. ${formatValue(range.max, field.type)})`;
  return { ...scan, impliedFilters: [...(scan.impliedFilters ?? []), cmp('ge', range.min), cmp('le', range.max)], dynamicPruning: [...(scan.dynamicPruning ?? []), note] };
}

/** The scan keeping only partitions whose key is among `keys`; null if nothing drops. */
function pruneScan(scan: ScanNode, keyIndex: number, keys: Set<unknown>, source: string): ScanNode | null {
  const type = parseTypeString(scan.table.partitionKeys[keyIndex].type);
  const kept = scan.partitions!.filter((pt) => {
    const raw = pt.values[keyIndex];
    return raw !== DEFAULT_PARTITION && keys.has(parseValue(raw, type));
  });
  if (kept.length === scan.partitions!.length) return null;
  const note = `${scan.table.partitionKeys[keyIndex].name} IN ${source} (${keys.size} values)`;
  return { ...scan, partitions: kept, dynamicPruning: [...(scan.dynamicPruning ?? []), note] };
}

function describeSource(dim: LogicalPlan, id: number): string {
  const f = dim.fields.find((x) => x.id === id)!;
  return f.qualifier ? `${f.qualifier}.${f.name}` : f.name;
}

function replaceNode(p: LogicalPlan, from: LogicalPlan, to: LogicalPlan): LogicalPlan {
  return p === from ? to : mapChildrenKeeping(p, (c) => replaceNode(c, from, to));
}

