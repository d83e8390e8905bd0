// The catalog interface the planner and the statement executor use. Objects follow the
// Hive metastore's model (Database, Table with a StorageDescriptor, Partition) so a
// HiveCatalog over the metastore's Thrift API can implement the same interface.

export interface FieldSchema { name: string; type: string; comment?: string }

export interface SerDeInfo { lib: string; params: Record<string, string> }

export interface StorageDescriptor {
  location: string;
  inputFormat: string;
  outputFormat: string;
  serde: SerDeInfo;
}

export interface Database { name: string; location: string; comment?: string; params: Record<string, string> }

export type TableType = 'MANAGED_TABLE' | 'EXTERNAL_TABLE' | 'VIRTUAL_VIEW';

export interface Table {
  /** The catalog the table was read from (set by the catalog, not stored). */
  catalog?: string;
  db: string;
  name: string;
  type: TableType;
  owner?: string;
  createTime: number;
  columns: FieldSchema[];
  partitionKeys: FieldSchema[];
  sd: StorageDescriptor;
  params: Record<string, string>;
  comment?: string;
  /** Views: the text as written and as expanded (Hive keeps both). */
  viewOriginalText?: string;
  viewExpandedText?: string;
}

export interface Partition {
  db: string;
  table: string;
  /** Values in partition-key order, as strings (Hive's convention). */
  values: string[];
  location: string;
  params: Record<string, string>;
  createTime: number;
}

/** Column statistics as Hive keeps them (ANALYZE … FOR COLUMNS). min/max are numbers for
 *  numeric columns, 'yyyy-MM-dd' strings for dates; lengths for strings and binary. */
export interface ColumnStatistics {
  column: string;
  type: string;
  nullCount?: number;
  ndv?: number;
  min?: number | string;
  max?: number | string;
  avgLength?: number;
  maxLength?: number;
  trueCount?: number;
  falseCount?: number;
}

/** A function registered in a catalog: CREATE FUNCTION db.f AS '<module>#<export>'. */
export interface CatalogFunction {
  db: string;
  name: string;
  className: string;
  resources: string[];
  owner?: string;
  createTime: number;
}

/** Changes applied together by commitChanges: all or none. */
export interface CatalogChanges {
  addPartitions?: Partition[];
  dropPartitions?: { db: string; table: string; values: string[] }[];
  alterPartitions?: Partition[];
  alterTables?: Table[];
}

export interface Catalog {
  readonly name: string;
  /** Where databases without an explicit location live. */
  readonly warehouse: string;
  listDatabases(): string[];
  getDatabase(name: string): Database | null;
  createDatabase(db: Database): void;
  dropDatabase(name: string): void;

  listTables(db: string): string[];
  getTable(db: string, name: string): Table | null;
  createTable(t: Table): void;
  alterTable(t: Table): void;
  dropTable(db: string, name: string): void;

  listPartitions(db: string, table: string): Partition[];
  listPartitionNames(db: string, table: string): string[];
  /** Runs f (the planning of one statement) with each table's partition names listed at
   *  most once, so that every scan of a table in the statement sees the same partitions. */
  readConsistently?<T>(f: () => T): T;
  /** Partitions matching a metastore filter ("ds >= '2000-01-01' and hr = 5"). */
  listPartitionsByFilter(db: string, table: string, filter: string): Partition[];
  /** Partitions matching a partial spec (keys not named match anything). */
  listPartitionsBySpec(db: string, table: string, spec: Record<string, string>): Partition[];
  getPartitionsByNames(db: string, table: string, names: string[]): Partition[];
  getPartition(db: string, table: string, values: string[]): Partition | null;
  commitChanges(changes: CatalogChanges): void;

  getTableColumnStatistics(db: string, table: string, columns: string[]): ColumnStatistics[];
  updateTableColumnStatistics(db: string, table: string, stats: ColumnStatistics[]): void;
  /** Per partition name, the statistics found for the columns. */
  getPartitionColumnStatistics(db: string, table: string, partitions: string[], columns: string[]): Map<string, ColumnStatistics[]>;
  /** The columns' statistics merged over the named partitions (Hive's get_aggr_stats_for;
   *  see aggregateStatistics.ts); a column without any is absent. */
  getAggregateColumnStatistics(db: string, table: string, partitions: string[], columns: string[]): ColumnStatistics[];
  updatePartitionColumnStatistics(db: string, table: string, partition: string, stats: ColumnStatistics[]): void;

  listFunctions(db: string): string[];
  getFunction(db: string, name: string): CatalogFunction | null;
  createFunction(f: CatalogFunction): void;
  dropFunction(db: string, name: string): void;

  close(): void;
}
