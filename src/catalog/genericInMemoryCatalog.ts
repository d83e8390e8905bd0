// GenericInMemoryCatalog (Flink's 'generic_in_memory'): the catalog API held in maps for
// the life of the session. Objects are copied in and out so callers never share state
// with the catalog; a commit validates every change before applying any.
import { Catalog, CatalogChanges, CatalogFunction, ColumnStatistics, Database, Partition, Table } from './catalog.js';
import { catalogError } from '../errors.js';
import { partitionName } from '../warehouse/partitionPath.js';
import { matchesFilter, parsePartitionFilter, unknownKeys } from './partitionFilter.js';
import { aggregateColumnStatistics } from './aggregateStatistics.js';

interface TableEntry {
  table: Table;
  partitions: Map<string, Partition>;
  columnStats: Map<string, ColumnStatistics>;
  partitionStats: Map<string, Map<string, ColumnStatistics>>;
}

const copy = <T>(x: T): T => structuredClone(x);

export class GenericInMemoryCatalog implements Catalog {
  private readonly databases = new Map<string, Database>();
  private readonly tables = new Map<string, TableEntry>();
  private readonly functions = new Map<string, CatalogFunction>();

  constructor(readonly name: string, readonly warehouse: string, defaultDatabase = 'default') {
    this.databases.set(defaultDatabase, { name: defaultDatabase, location: warehouse, params: {} });
  }

  close(): void {}

  listDatabases(): string[] { return [...this.databases.keys()].sort(); }
  getDatabase(name: string): Database | null { const d = this.databases.get(name.toLowerCase()); return d ? copy(d) : null; }
  createDatabase(db: Database): void {
    const name = db.name.toLowerCase();
    if (this.databases.has(name)) throw catalogError(`Database ${name} already exists in catalog ${this.name}`);
    this.databases.set(name, copy({ ...db, name }));
  }
  dropDatabase(name: string): void {
    const db = name.toLowerCase();
    if (!this.databases.delete(db)) throw catalogError(`Database ${db} does not exist in catalog ${this.name}`);
    for (const k of [...this.tables.keys()]) if (k.startsWith(`${db}.`)) this.tables.delete(k);
    for (const k of [...this.functions.keys()]) if (k.startsWith(`${db}.`)) this.functions.delete(k);
  }

  listTables(db: string): string[] {
    this.requireDb(db);
    return [...this.tables.values()].filter((e) => e.table.db === db.toLowerCase()).map((e) => e.table.name).sort();
  }
  getTable(db: string, name: string): Table | null { const e = this.tables.get(key(db, name)); return e ? { ...copy(e.table), catalog: this.name } : null; }
  createTable(t: Table): void {
    this.requireDb(t.db);
    const k = key(t.db, t.name);
    if (this.tables.has(k)) throw catalogError(`Table ${k} already exists in catalog ${this.name}`);
    this.tables.set(k, { table: copy({ ...t, db: t.db.toLowerCase(), name: t.name.toLowerCase() }), partitions: new Map(), columnStats: new Map(), partitionStats: new Map() });
  }
  alterTable(t: Table): void {
    const e = this.entry(t.db, t.name);
    if (keysOf(e.table).join() !== t.partitionKeys.map((k) => k.name).join()) throw catalogError(`Partition keys of ${t.db}.${t.name} cannot be changed`);
    e.table = copy({ ...t, db: e.table.db, name: e.table.name });
  }
  dropTable(db: string, name: string): void {
    if (!this.tables.delete(key(db, name))) throw catalogError(`Table ${key(db, name)} does not exist in catalog ${this.name}`);
  }

  listPartitions(db: string, table: string): Partition[] {
    return [...this.entry(db, table).partitions.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, p]) => copy(p));
  }
  listPartitionNames(db: string, table: string): string[] { return [...this.entry(db, table).partitions.keys()].sort(); }
  listPartitionsByFilter(db: string, table: string, filter: string): Partition[] {
    const keys = keysOf(this.entry(db, table).table);
    if (!filter.trim()) return this.listPartitions(db, table);
    const f = parsePartitionFilter(filter);
    const bad = unknownKeys(f, keys);
    if (bad.length) throw catalogError(`partition filter names ${bad[0]}, which is not a partition key of ${db}.${table} (keys: ${keys.join(', ')})`);
    return this.listPartitions(db, table).filter((p) => matchesFilter(f, keys, p.values));
  }
  listPartitionsBySpec(db: string, table: string, spec: Record<string, string>): Partition[] {
    const keys = keysOf(this.entry(db, table).table);
    return this.listPartitions(db, table).filter((p) => keys.every((k, i) => spec[k] === undefined || spec[k] === p.values[i]));
  }
  getPartitionsByNames(db: string, table: string, names: string[]): Partition[] {
    const e = this.entry(db, table);
    return names.map((n) => e.partitions.get(n)).filter((p): p is Partition => !!p).map(copy);
  }
  getPartition(db: string, table: string, values: string[]): Partition | null {
    const e = this.tables.get(key(db, table));
    const p = e?.partitions.get(partitionName(keysOf(e.table), values));
    return p ? copy(p) : null;
  }

  commitChanges(c: CatalogChanges): void {
    // Validate everything against a simulated state first: all or none.
    const live = new Map<string, Set<string>>();
    const names = (db: string, t: string) => {
      const k = key(db, t);
      if (!live.has(k)) live.set(k, new Set(this.entry(db, t).partitions.keys()));
      return live.get(k)!;
    };
    const nameOf = (db: string, t: string, values: string[]) => {
      const keys = keysOf(this.entry(db, t).table);
      if (values.length !== keys.length) throw catalogError(`${db}.${t} has ${keys.length} partition keys but ${values.length} values were given`);
      return partitionName(keys, values);
    };
    for (const d of c.dropPartitions ?? []) {
      const n = nameOf(d.db, d.table, d.values);
      if (!names(d.db, d.table).delete(n)) throw catalogError(`Partition ${n} of ${d.db}.${d.table} does not exist`);
    }
    for (const p of c.addPartitions ?? []) {
      const n = nameOf(p.db, p.table, p.values);
      if (names(p.db, p.table).has(n)) throw catalogError(`Partition ${n} of ${p.db}.${p.table} already exists`);
      names(p.db, p.table).add(n);
    }
    for (const p of c.alterPartitions ?? []) {
      const n = nameOf(p.db, p.table, p.values);
      if (!names(p.db, p.table).has(n)) throw catalogError(`Partition ${n} of ${p.db}.${p.table} does not exist`);
    }
    for (const t of c.alterTables ?? []) this.entry(t.db, t.name);
    for (const d of c.dropPartitions ?? []) {
      const e = this.entry(d.db, d.table);
      const n = nameOf(d.db, d.table, d.values);
      e.partitions.delete(n);
      e.partitionStats.delete(n);
    }
    for (const p of [...(c.addPartitions ?? []), ...(c.alterPartitions ?? [])]) {
      this.entry(p.db, p.table).partitions.set(nameOf(p.db, p.table, p.values), copy({ ...p, db: p.db.toLowerCase(), table: p.table.toLowerCase() }));
    }
    for (const t of c.alterTables ?? []) this.alterTable(t);
  }

  getTableColumnStatistics(db: string, table: string, columns: string[]): ColumnStatistics[] {
    const e = this.entry(db, table);
    return columns.map((c) => e.columnStats.get(c.toLowerCase())).filter((s): s is ColumnStatistics => !!s).map(copy);
  }
  updateTableColumnStatistics(db: string, table: string, stats: ColumnStatistics[]): void {
    const e = this.entry(db, table);
    for (const s of stats) this.checkColumn(e, s.column);
    for (const s of stats) e.columnStats.set(s.column.toLowerCase(), copy(s));
  }
  getPartitionColumnStatistics(db: string, table: string, partitions: string[], columns: string[]): Map<string, ColumnStatistics[]> {
    const e = this.entry(db, table);
    const out = new Map<string, ColumnStatistics[]>();
    for (const p of partitions) {
      const m = e.partitionStats.get(p);
      const found = columns.map((c) => m?.get(c.toLowerCase())).filter((s): s is ColumnStatistics => !!s).map(copy);
      if (found.length) out.set(p, found);
    }
    return out;
  }
  getAggregateColumnStatistics(db: string, table: string, partitions: string[], columns: string[]): ColumnStatistics[] {
    return aggregateColumnStatistics(this.getPartitionColumnStatistics(db, table, partitions, columns).values(), partitions.length, columns);
  }
  updatePartitionColumnStatistics(db: string, table: string, partition: string, stats: ColumnStatistics[]): void {
    const e = this.entry(db, table);
    if (!e.partitions.has(partition)) throw catalogError(`Partition ${partition} of ${db}.${table} does not exist`);
    for (const s of stats) this.checkColumn(e, s.column);
    const m = e.partitionStats.get(partition) ?? new Map();
    for (const s of stats) m.set(s.column.toLowerCase(), copy(s));
    e.partitionStats.set(partition, m);
  }

  listFunctions(db: string): string[] {
    this.requireDb(db);
    return [...this.functions.values()].filter((f) => f.db === db.toLowerCase()).map((f) => f.name).sort();
  }
  getFunction(db: string, name: string): CatalogFunction | null { const f = this.functions.get(key(db, name)); return f ? copy(f) : null; }
  createFunction(f: CatalogFunction): void {
    this.requireDb(f.db);
    const k = key(f.db, f.name);
    if (this.functions.has(k)) throw catalogError(`Function ${k} already exists in catalog ${this.name}`);
    this.functions.set(k, copy({ ...f, db: f.db.toLowerCase(), name: f.name.toLowerCase() }));
  }
  dropFunction(db: string, name: string): void {
    if (!this.functions.delete(key(db, name))) throw catalogError(`Function ${key(db, name)} does not exist in catalog ${this.name}`);
  }

  private requireDb(db: string): void {
    if (!this.databases.has(db.toLowerCase())) throw catalogError(`Database ${db.toLowerCase()} does not exist in catalog ${this.name}`);
  }
  private entry(db: string, table: string): TableEntry {
    const e = this.tables.get(key(db, table));
    if (!e) throw catalogError(`Table ${key(db, table)} does not exist in catalog ${this.name}`);
    return e;
  }
  private checkColumn(e: TableEntry, column: string): void {
    if (!e.table.columns.some((c) => c.name === column.toLowerCase())) throw catalogError(`Column ${column} does not exist in ${e.table.db}.${e.table.name}`);
  }
}

const key = (db: string, name: string) => `${db.toLowerCase()}.${name.toLowerCase()}`;
const keysOf = (t: Table) => t.partitionKeys.map((k) => k.name);
