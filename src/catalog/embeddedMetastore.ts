// The embedded metastore: Hive's metadata model kept in SQLite (better-sqlite3) under the
// warehouse directory, so metadata survives client restarts and every change is a
// transaction. Tables mirror the metastore's own schema (DBS, TBLS, COLUMNS, PARTITIONS).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, CatalogChanges, Database as Db, Partition, Table, FieldSchema } from './catalog.js';
import { catalogError } from '../errors.js';
import { partitionName } from '../warehouse/partitionPath.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS DBS (
  NAME TEXT PRIMARY KEY, LOCATION TEXT NOT NULL, COMMENT TEXT, PARAMS TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS TBLS (
  DB TEXT NOT NULL REFERENCES DBS(NAME), NAME TEXT NOT NULL, TYPE TEXT NOT NULL, OWNER TEXT,
  CREATE_TIME INTEGER NOT NULL, LOCATION TEXT NOT NULL, INPUT_FORMAT TEXT NOT NULL, OUTPUT_FORMAT TEXT NOT NULL,
  SERDE_LIB TEXT NOT NULL, SERDE_PARAMS TEXT NOT NULL, PARAMS TEXT NOT NULL, COMMENT TEXT,
  PRIMARY KEY (DB, NAME));
CREATE TABLE IF NOT EXISTS COLUMNS (
  DB TEXT NOT NULL, TBL TEXT NOT NULL, IS_PARTITION_KEY INTEGER NOT NULL, IDX INTEGER NOT NULL,
  NAME TEXT NOT NULL, TYPE TEXT NOT NULL, COMMENT TEXT,
  PRIMARY KEY (DB, TBL, IS_PARTITION_KEY, IDX), FOREIGN KEY (DB, TBL) REFERENCES TBLS(DB, NAME) ON DELETE CASCADE);
CREATE TABLE IF NOT EXISTS PARTITIONS (
  DB TEXT NOT NULL, TBL TEXT NOT NULL, PART_NAME TEXT NOT NULL, VALS TEXT NOT NULL, LOCATION TEXT NOT NULL,
  PARAMS TEXT NOT NULL, CREATE_TIME INTEGER NOT NULL,
  PRIMARY KEY (DB, TBL, PART_NAME), FOREIGN KEY (DB, TBL) REFERENCES TBLS(DB, NAME) ON DELETE CASCADE);
`;

interface TableRow {
  DB: string; NAME: string; TYPE: string; OWNER: string | null; CREATE_TIME: number; LOCATION: string;
  INPUT_FORMAT: string; OUTPUT_FORMAT: string; SERDE_LIB: string; SERDE_PARAMS: string; PARAMS: string; COMMENT: string | null;
}
interface PartitionRow { DB: string; TBL: string; PART_NAME: string; VALS: string; LOCATION: string; PARAMS: string; CREATE_TIME: number }

export class EmbeddedMetastore implements Catalog {
  private readonly db: Database.Database;

  constructor(readonly name: string, readonly warehouse: string) {
    mkdirSync(warehouse, { recursive: true });
    this.db = new Database(join(warehouse, 'metastore.db'), { timeout: 10_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    if (!this.getDatabase('default')) {
      this.createDatabase({ name: 'default', location: warehouse, comment: 'Default Hive database', params: {} });
    }
  }

  close(): void { this.db.close(); }

  listDatabases(): string[] {
    return (this.db.prepare('SELECT NAME FROM DBS ORDER BY NAME').all() as { NAME: string }[]).map((r) => r.NAME);
  }

  getDatabase(name: string): Db | null {
    const r = this.db.prepare('SELECT * FROM DBS WHERE NAME = ?').get(name) as { NAME: string; LOCATION: string; COMMENT: string | null; PARAMS: string } | undefined;
    return r ? { name: r.NAME, location: r.LOCATION, comment: r.COMMENT ?? undefined, params: JSON.parse(r.PARAMS) } : null;
  }

  createDatabase(d: Db): void {
    if (this.getDatabase(d.name)) throw catalogError(`Database ${d.name} already exists`);
    this.db.prepare('INSERT INTO DBS (NAME, LOCATION, COMMENT, PARAMS) VALUES (?, ?, ?, ?)').run(d.name, d.location, d.comment ?? null, JSON.stringify(d.params));
  }

  dropDatabase(name: string): void {
    this.db.transaction(() => {
      for (const t of this.listTables(name)) this.dropTable(name, t);
      this.db.prepare('DELETE FROM DBS WHERE NAME = ?').run(name);
    })();
  }

  listTables(db: string): string[] {
    return (this.db.prepare('SELECT NAME FROM TBLS WHERE DB = ? ORDER BY NAME').all(db) as { NAME: string }[]).map((r) => r.NAME);
  }

  getTable(db: string, name: string): Table | null {
    const r = this.db.prepare('SELECT * FROM TBLS WHERE DB = ? AND NAME = ?').get(db, name) as TableRow | undefined;
    if (!r) return null;
    const cols = this.db.prepare('SELECT * FROM COLUMNS WHERE DB = ? AND TBL = ? ORDER BY IS_PARTITION_KEY, IDX').all(db, name) as
      { IS_PARTITION_KEY: number; NAME: string; TYPE: string; COMMENT: string | null }[];
    const field = (c: { NAME: string; TYPE: string; COMMENT: string | null }): FieldSchema => ({ name: c.NAME, type: c.TYPE, comment: c.COMMENT ?? undefined });
    return {
      db: r.DB, name: r.NAME, type: r.TYPE as Table['type'], owner: r.OWNER ?? undefined, createTime: r.CREATE_TIME,
      columns: cols.filter((c) => !c.IS_PARTITION_KEY).map(field),
      partitionKeys: cols.filter((c) => c.IS_PARTITION_KEY).map(field),
      sd: { location: r.LOCATION, inputFormat: r.INPUT_FORMAT, outputFormat: r.OUTPUT_FORMAT, serde: { lib: r.SERDE_LIB, params: JSON.parse(r.SERDE_PARAMS) } },
      params: JSON.parse(r.PARAMS), comment: r.COMMENT ?? undefined,
    };
  }

  createTable(t: Table): void {
    if (!this.getDatabase(t.db)) throw catalogError(`Database ${t.db} does not exist`);
    if (this.getTable(t.db, t.name)) throw catalogError(`Table ${t.db}.${t.name} already exists`);
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO TBLS (DB, NAME, TYPE, OWNER, CREATE_TIME, LOCATION, INPUT_FORMAT, OUTPUT_FORMAT, SERDE_LIB, SERDE_PARAMS, PARAMS, COMMENT)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(t.db, t.name, t.type, t.owner ?? null, t.createTime, t.sd.location, t.sd.inputFormat,
        t.sd.outputFormat, t.sd.serde.lib, JSON.stringify(t.sd.serde.params), JSON.stringify(t.params), t.comment ?? null);
      this.insertColumns(t);
    })();
  }

  private insertColumns(t: Table): void {
    const ins = this.db.prepare('INSERT INTO COLUMNS (DB, TBL, IS_PARTITION_KEY, IDX, NAME, TYPE, COMMENT) VALUES (?, ?, ?, ?, ?, ?, ?)');
    t.columns.forEach((c, i) => ins.run(t.db, t.name, 0, i, c.name, c.type, c.comment ?? null));
    t.partitionKeys.forEach((c, i) => ins.run(t.db, t.name, 1, i, c.name, c.type, c.comment ?? null));
  }

  alterTable(t: Table): void {
    this.db.transaction(() => this.alterTableNoTx(t))();
  }

  private alterTableNoTx(t: Table): void {
    const res = this.db.prepare(`UPDATE TBLS SET TYPE = ?, OWNER = ?, LOCATION = ?, INPUT_FORMAT = ?, OUTPUT_FORMAT = ?, SERDE_LIB = ?,
      SERDE_PARAMS = ?, PARAMS = ?, COMMENT = ? WHERE DB = ? AND NAME = ?`).run(t.type, t.owner ?? null, t.sd.location, t.sd.inputFormat,
      t.sd.outputFormat, t.sd.serde.lib, JSON.stringify(t.sd.serde.params), JSON.stringify(t.params), t.comment ?? null, t.db, t.name);
    if (res.changes === 0) throw catalogError(`Table ${t.db}.${t.name} does not exist`);
    this.db.prepare('DELETE FROM COLUMNS WHERE DB = ? AND TBL = ?').run(t.db, t.name);
    this.insertColumns(t);
  }

  dropTable(db: string, name: string): void {
    this.db.prepare('DELETE FROM TBLS WHERE DB = ? AND NAME = ?').run(db, name);
  }

  listPartitions(db: string, table: string): Partition[] {
    const rows = this.db.prepare('SELECT * FROM PARTITIONS WHERE DB = ? AND TBL = ? ORDER BY PART_NAME').all(db, table) as PartitionRow[];
    return rows.map(toPartition);
  }

  getPartition(db: string, table: string, values: string[]): Partition | null {
    const t = this.getTable(db, table);
    if (!t) return null;
    const r = this.db.prepare('SELECT * FROM PARTITIONS WHERE DB = ? AND TBL = ? AND PART_NAME = ?')
      .get(db, table, partitionName(t.partitionKeys.map((k) => k.name), values)) as PartitionRow | undefined;
    return r ? toPartition(r) : null;
  }

  commitChanges(c: CatalogChanges): void {
    const keysOf = new Map<string, string[]>();
    const keys = (db: string, table: string) => {
      const k = `${db}.${table}`;
      if (!keysOf.has(k)) {
        const t = this.getTable(db, table);
        if (!t) throw catalogError(`Table ${k} does not exist`);
        keysOf.set(k, t.partitionKeys.map((p) => p.name));
      }
      return keysOf.get(k)!;
    };
    this.db.transaction(() => {
      const del = this.db.prepare('DELETE FROM PARTITIONS WHERE DB = ? AND TBL = ? AND PART_NAME = ?');
      for (const d of c.dropPartitions ?? []) del.run(d.db, d.table, partitionName(keys(d.db, d.table), d.values));
      const ins = this.db.prepare('INSERT INTO PARTITIONS (DB, TBL, PART_NAME, VALS, LOCATION, PARAMS, CREATE_TIME) VALUES (?, ?, ?, ?, ?, ?, ?)');
      for (const p of c.addPartitions ?? []) {
        const name = partitionName(keys(p.db, p.table), p.values);
        try {
          ins.run(p.db, p.table, name, JSON.stringify(p.values), p.location, JSON.stringify(p.params), p.createTime);
        } catch (e) {
          if (String(e).includes('UNIQUE')) throw catalogError(`Partition ${name} of ${p.db}.${p.table} already exists`);
          throw e;
        }
      }
      const upd = this.db.prepare('UPDATE PARTITIONS SET LOCATION = ?, PARAMS = ? WHERE DB = ? AND TBL = ? AND PART_NAME = ?');
      for (const p of c.alterPartitions ?? []) upd.run(p.location, JSON.stringify(p.params), p.db, p.table, partitionName(keys(p.db, p.table), p.values));
      for (const t of c.alterTables ?? []) this.alterTableNoTx(t);
    })();
  }
}

function toPartition(r: PartitionRow): Partition {
  return { db: r.DB, table: r.TBL, values: JSON.parse(r.VALS), location: r.LOCATION, params: JSON.parse(r.PARAMS), createTime: r.CREATE_TIME };
}
