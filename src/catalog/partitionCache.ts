// Partitions and partition column statistics a HiveCatalog has read, kept between queries.
// A TPC-DS fact table has ~1,800 daily partitions; listing them over Thrift costs ~150 ms
// and their statistics ~50 ms, so planning a query over six such tables spent 1–2 s in the
// metastore, again for every query. An entry is used only while the table's partition
// names (one small call) are what they were when it was read, and the catalog's own writes
// drop it. What this cannot see is another client altering an existing partition in place
// (a new location, new statistics) without adding or dropping one: the location is then
// stale until this catalog writes the table or the session ends, as with Spark's cached
// table metadata before REFRESH TABLE.
import type { ColumnStatistics, Partition } from './catalog.js';

interface Entry {
  /** The partition names the entry was read under, joined. */
  names: string;
  partitions?: Partition[];
  /** Per column: statistics by partition name (a partition without any is absent). */
  stats: Map<string, Map<string, ColumnStatistics>>;
  /** Values computed from the above (merged statistics), by key. */
  derived: Map<string, unknown>;
}

export class PartitionCache {
  private readonly tables = new Map<string, Entry>();

  private entry(table: string, names: string[]): Entry {
    const key = names.join('\n');
    let e = this.tables.get(table);
    if (!e || e.names !== key) {
      e = { names: key, stats: new Map(), derived: new Map() };
      this.tables.set(table, e);
    }
    return e;
  }

  /** The table's partitions, read by `fetch` unless known under the same names. */
  partitions(table: string, names: string[], fetch: () => Partition[]): Partition[] {
    const e = this.entry(table, names);
    e.partitions ??= fetch();
    return e.partitions;
  }

  /** Statistics of `columns` in the partitions named `wanted`; `fetch` reads the columns
   *  not yet known for all of the table's partitions. */
  statistics(table: string, names: string[], wanted: string[], columns: string[],
    fetch: (columns: string[]) => Map<string, ColumnStatistics[]>): Map<string, ColumnStatistics[]> {
    const e = this.entry(table, names);
    const missing = columns.filter((c) => !e.stats.has(c.toLowerCase()));
    if (missing.length) {
      for (const c of missing) e.stats.set(c.toLowerCase(), new Map());
      for (const [part, list] of fetch(missing)) for (const st of list) e.stats.get(st.column.toLowerCase())?.set(part, st);
    }
    const byColumn = columns.map((c) => e.stats.get(c.toLowerCase())!);
    const out = new Map<string, ColumnStatistics[]>();
    for (const part of wanted) {
      const list: ColumnStatistics[] = [];
      for (const stats of byColumn) { const st = stats.get(part); if (st) list.push(st); }
      if (list.length) out.set(part, list);
    }
    return out;
  }

  /** A value computed from the table's cached partitions or statistics, kept with them
   *  under `key`. */
  derived<T>(table: string, names: string[], key: string, compute: () => T): T {
    const e = this.entry(table, names);
    if (!e.derived.has(key)) e.derived.set(key, compute());
    return e.derived.get(key) as T;
  }

  /** Forgets a table (`db.table`), or every table when none is given. */
  invalidate(table?: string): void {
    if (table === undefined) this.tables.clear();
    else this.tables.delete(table);
  }
}
