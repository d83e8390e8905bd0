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
  getPartition(db: string, table: string, values: string[]): Partition | null;
  commitChanges(changes: CatalogChanges): void;

  close(): void;
}
