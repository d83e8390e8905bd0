// Row-count estimates for join ordering: the partitions' or the table's numRows statistic
// when ANALYZE has recorded one, otherwise bytes on disk over an assumed row width; each pushed filter
// conjunct keeps an assumed fraction of the rows.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LogicalPlan } from './logicalPlan.js';
import { splitConjuncts } from './boundExpr.js';

const FILTER_SELECTIVITY = 0.25;
const sizeCache = new Map<string, { at: number; bytes: number }>();

export function directoryBytes(dir: string): number {
  const cached = sizeCache.get(dir);
  if (cached && Date.now() - cached.at < 5_000) return cached.bytes;
  let total = 0;
  const walk = (d: string) => {
    let entries;
    try { entries = readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name.startsWith('_')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else try { total += statSync(p).size; } catch { /* vanished */ }
    }
  };
  walk(dir);
  sizeCache.set(dir, { at: Date.now(), bytes: total });
  return total;
}

export function estimateRows(p: LogicalPlan): number {
  switch (p.op) {
    case 'scan': {
      const stat = Number(p.table.params.numRows);
      const width = 8 * (p.table.columns.length + p.table.partitionKeys.length);
      let rows: number;
      const partRows = p.partitions?.map((pt) => Number(pt.params.numRows ?? NaN));
      if (partRows && partRows.length > 0 && partRows.every((n) => Number.isFinite(n) && n >= 0)) {
        // ANALYZE recorded every kept partition's row count: use their sum.
        rows = partRows.reduce((a, b) => a + b, 0);
      } else {
        rows = Number.isFinite(stat) && stat >= 0 && p.table.params.numRows !== undefined ? stat : directoryBytes(p.table.sd.location) / width;
        if (p.partitions && p.totalPartitions > 0) rows *= p.partitions.length / p.totalPartitions;
        else if (p.partitionFilters.length) rows *= FILTER_SELECTIVITY;
      }
      return Math.max(1, rows * FILTER_SELECTIVITY ** p.filters.length);
    }
    case 'filter': return Math.max(1, estimateRows(p.input) * FILTER_SELECTIVITY ** splitConjuncts(p.cond).length);
    case 'join': {
      const l = estimateRows(p.left), r = estimateRows(p.right);
      return p.cond ? Math.max(l, r) : l * r;
    }
    case 'aggregate': return p.keys.length === 0 ? 1 : Math.max(1, estimateRows(p.input) / 10);
    case 'limit': return Math.min(p.n, estimateRows(p.input));
    case 'union': return p.inputs.reduce((s, i) => s + estimateRows(i), 0);
    case 'values': return p.rows.length;
    default: return estimateRows(p.input);
  }
}
