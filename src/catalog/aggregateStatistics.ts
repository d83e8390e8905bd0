// Column statistics of a partitioned table merged over some of its partitions, as Hive's
// metastore answers get_aggr_stats_for: NULLs summed, min/max widened, distinct values as
// below. A column some named partition has no statistics for keeps no NULL count (it
// would be understated).
import type { ColumnStatistics } from './catalog.js';

const INTEGRAL = /^(tinyint|smallint|int|bigint)$/i;

/** Merges the statistics of `columns` found in each partition (`byPartition`: one list
 *  per partition that has any) over `partitions` named partitions. */
export function aggregateColumnStatistics(byPartition: Iterable<ColumnStatistics[]>, partitions: number, columns: string[]): ColumnStatistics[] {
  const merged = new Map<string, { st: ColumnStatistics; ndvSum: number; ndvMax: number; found: number }>();
  for (const list of byPartition) {
    for (const st of list) {
      const key = st.column.toLowerCase();
      const m = merged.get(key);
      if (!m) { merged.set(key, { st: { ...st }, ndvSum: st.ndv ?? 0, ndvMax: st.ndv ?? 0, found: 1 }); continue; }
      m.found++;
      m.ndvSum += st.ndv ?? 0; m.ndvMax = Math.max(m.ndvMax, st.ndv ?? 0);
      const x = m.st;
      x.nullCount = (x.nullCount ?? 0) + (st.nullCount ?? 0);
      if (typeof st.min === typeof x.min && st.min !== undefined && x.min !== undefined && st.min < x.min) x.min = st.min;
      if (typeof st.max === typeof x.max && st.max !== undefined && x.max !== undefined && st.max > x.max) x.max = st.max;
    }
  }
  const out: ColumnStatistics[] = [];
  for (const c of columns) {
    const m = merged.get(c.toLowerCase());
    if (!m) continue;
    const x = m.st;
    // Distinct values over partitions lie between the largest partition's count and the
    // sum of them; for an integer column also within max - min + 1. Without bit vectors
    // (Hive's NDV sketches) the sum capped by the range is the estimate: a key spread over
    // daily partitions (store_sales.ss_item_sk) has few values per partition but many in all.
    const range = INTEGRAL.test(x.type) && typeof x.min === 'number' && typeof x.max === 'number' ? x.max - x.min + 1 : Infinity;
    x.ndv = Math.max(m.ndvMax, Math.min(m.ndvSum, range));
    if (m.found < partitions) delete x.nullCount;
    out.push(x);
  }
  return out;
}
