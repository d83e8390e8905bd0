// Where the metastore server keeps its objects: SQLite (better-sqlite3) with one table per
// object kind, keyed the way the metastore looks objects up, each row holding the whole
// Thrift object as JSON so that what a client (Hive, Spark, Trino, Sluice) stored comes
// back field for field. Every change runs in an IMMEDIATE transaction, so several server
// processes on one database file serialize their writes instead of losing them.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TValue } from './thriftCodec.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS DBS (NAME TEXT PRIMARY KEY, OBJ TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS TBLS (DB TEXT NOT NULL, NAME TEXT NOT NULL, OBJ TEXT NOT NULL, PRIMARY KEY (DB, NAME));
CREATE TABLE IF NOT EXISTS PARTITIONS (DB TEXT NOT NULL, TBL TEXT NOT NULL, PART_NAME TEXT NOT NULL, OBJ TEXT NOT NULL,
  PRIMARY KEY (DB, TBL, PART_NAME));
CREATE TABLE IF NOT EXISTS TAB_COL_STATS (DB TEXT NOT NULL, TBL TEXT NOT NULL, COL TEXT NOT NULL, OBJ TEXT NOT NULL,
  LAST_ANALYZED INTEGER, PRIMARY KEY (DB, TBL, COL));
CREATE TABLE IF NOT EXISTS PART_COL_STATS (DB TEXT NOT NULL, TBL TEXT NOT NULL, PART_NAME TEXT NOT NULL, COL TEXT NOT NULL,
  OBJ TEXT NOT NULL, LAST_ANALYZED INTEGER, PRIMARY KEY (DB, TBL, PART_NAME, COL));
CREATE TABLE IF NOT EXISTS FUNCS (DB TEXT NOT NULL, NAME TEXT NOT NULL, OBJ TEXT NOT NULL, PRIMARY KEY (DB, NAME));
CREATE TABLE IF NOT EXISTS METASTORE_INFO (KEY TEXT PRIMARY KEY, VALUE TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS NOTIFICATION_SEQUENCE (ID INTEGER PRIMARY KEY CHECK (ID = 1), EVENT_ID INTEGER NOT NULL);
INSERT OR IGNORE INTO NOTIFICATION_SEQUENCE (ID, EVENT_ID) VALUES (1, 0);
${['DBS', 'TBLS', 'PARTITIONS', 'TAB_COL_STATS', 'PART_COL_STATS', 'FUNCS'].flatMap((t) => ['INSERT', 'UPDATE', 'DELETE'].map((op) =>
  `CREATE TRIGGER IF NOT EXISTS ${t}_${op}_EVENT AFTER ${op} ON ${t} BEGIN UPDATE NOTIFICATION_SEQUENCE SET EVENT_ID = EVENT_ID + 1; END;`)).join('\n')}
`;

// Buffers (binary fields: bit vectors, decimal bytes) survive JSON as {type:'Buffer', data}.
const encode = (v: TValue) => JSON.stringify(v);
const decode = (s: string): TValue => JSON.parse(s, (_k, v) =>
  v && typeof v === 'object' && v.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data) : v);

type Row = { OBJ: string };

export class MetastoreStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, compiled once per SQL text (preparing is most of a small query). */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) { st = this.db.prepare(sql); this.statements.set(sql, st); }
    return st;
  }

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: 10_000 });
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
  }

  close(): void { this.db.close(); }

  /** Runs fn as one write transaction. */
  transaction<T>(fn: () => T): T { return this.db.transaction(fn).immediate(); }

  info(key: string): string | undefined {
    return (this.stmt('SELECT VALUE FROM METASTORE_INFO WHERE KEY = ?').get(key) as { VALUE: string } | undefined)?.VALUE;
  }
  setInfo(key: string, value: string): void {
    this.stmt('INSERT OR REPLACE INTO METASTORE_INFO (KEY, VALUE) VALUES (?, ?)').run(key, value);
  }

  /** Grows with every change to any object (SQLite triggers count each row written, by
   *  whichever server process shares the file): a client that saw the same number before
   *  knows nothing has changed since. */
  currentEventId(): number {
    return (this.stmt('SELECT EVENT_ID FROM NOTIFICATION_SEQUENCE WHERE ID = 1').get() as { EVENT_ID: number }).EVENT_ID;
  }

  // databases
  databaseNames(): string[] { return this.column('SELECT NAME AS V FROM DBS ORDER BY NAME'); }
  getDatabase(name: string): TValue | null { return this.one('SELECT OBJ FROM DBS WHERE NAME = ?', name); }
  putDatabase(name: string, obj: TValue): void { this.stmt('INSERT OR REPLACE INTO DBS (NAME, OBJ) VALUES (?, ?)').run(name, encode(obj)); }
  deleteDatabase(name: string): void {
    for (const t of ['TBLS', 'PARTITIONS', 'TAB_COL_STATS', 'PART_COL_STATS', 'FUNCS']) this.stmt(`DELETE FROM ${t} WHERE DB = ?`).run(name);
    this.stmt('DELETE FROM DBS WHERE NAME = ?').run(name);
  }

  // tables
  tableNames(db: string): string[] { return this.column('SELECT NAME AS V FROM TBLS WHERE DB = ? ORDER BY NAME', db); }
  getTable(db: string, name: string): TValue | null { return this.one('SELECT OBJ FROM TBLS WHERE DB = ? AND NAME = ?', db, name); }
  putTable(db: string, name: string, obj: TValue): void {
    this.stmt('INSERT OR REPLACE INTO TBLS (DB, NAME, OBJ) VALUES (?, ?, ?)').run(db, name, encode(obj));
  }
  deleteTable(db: string, name: string): void {
    for (const t of ['PARTITIONS', 'TAB_COL_STATS', 'PART_COL_STATS']) this.stmt(`DELETE FROM ${t} WHERE DB = ? AND TBL = ?`).run(db, name);
    this.stmt('DELETE FROM TBLS WHERE DB = ? AND NAME = ?').run(db, name);
  }

  // partitions
  partitionNames(db: string, table: string): string[] {
    return this.column('SELECT PART_NAME AS V FROM PARTITIONS WHERE DB = ? AND TBL = ? ORDER BY PART_NAME', db, table);
  }
  partitions(db: string, table: string): TValue[] {
    return (this.stmt('SELECT OBJ FROM PARTITIONS WHERE DB = ? AND TBL = ? ORDER BY PART_NAME').all(db, table) as Row[]).map((r) => decode(r.OBJ));
  }
  getPartition(db: string, table: string, name: string): TValue | null {
    return this.one('SELECT OBJ FROM PARTITIONS WHERE DB = ? AND TBL = ? AND PART_NAME = ?', db, table, name);
  }
  putPartition(db: string, table: string, name: string, obj: TValue): void {
    this.stmt('INSERT OR REPLACE INTO PARTITIONS (DB, TBL, PART_NAME, OBJ) VALUES (?, ?, ?, ?)').run(db, table, name, encode(obj));
  }
  deletePartition(db: string, table: string, name: string): void {
    this.stmt('DELETE FROM PART_COL_STATS WHERE DB = ? AND TBL = ? AND PART_NAME = ?').run(db, table, name);
    this.stmt('DELETE FROM PARTITIONS WHERE DB = ? AND TBL = ? AND PART_NAME = ?').run(db, table, name);
  }

  // column statistics: ColumnStatisticsObj per column
  tableColumnStats(db: string, table: string): { col: string; obj: TValue; lastAnalyzed: number | null }[] {
    return (this.stmt('SELECT COL, OBJ, LAST_ANALYZED FROM TAB_COL_STATS WHERE DB = ? AND TBL = ?').all(db, table) as
      { COL: string; OBJ: string; LAST_ANALYZED: number | null }[]).map((r) => ({ col: r.COL, obj: decode(r.OBJ), lastAnalyzed: r.LAST_ANALYZED }));
  }
  putTableColumnStats(db: string, table: string, col: string, obj: TValue, lastAnalyzed: number | undefined): void {
    this.stmt('INSERT OR REPLACE INTO TAB_COL_STATS (DB, TBL, COL, OBJ, LAST_ANALYZED) VALUES (?, ?, ?, ?, ?)')
      .run(db, table, col, encode(obj), lastAnalyzed ?? null);
  }
  deleteTableColumnStats(db: string, table: string, col: string | null): number {
    return col === null
      ? this.stmt('DELETE FROM TAB_COL_STATS WHERE DB = ? AND TBL = ?').run(db, table).changes
      : this.stmt('DELETE FROM TAB_COL_STATS WHERE DB = ? AND TBL = ? AND COL = ?').run(db, table, col).changes;
  }
  partitionColumnStats(db: string, table: string, part: string): { col: string; obj: TValue; lastAnalyzed: number | null }[] {
    return (this.stmt('SELECT COL, OBJ, LAST_ANALYZED FROM PART_COL_STATS WHERE DB = ? AND TBL = ? AND PART_NAME = ?').all(db, table, part) as
      { COL: string; OBJ: string; LAST_ANALYZED: number | null }[]).map((r) => ({ col: r.COL, obj: decode(r.OBJ), lastAnalyzed: r.LAST_ANALYZED }));
  }
  /** The named columns' statistics of every partition of a table that has them. */
  partitionColumnStatsOf(db: string, table: string, cols: string[]): { part: string; col: string; obj: TValue }[] {
    const st = this.stmt('SELECT PART_NAME, OBJ FROM PART_COL_STATS WHERE DB = ? AND TBL = ? AND COL = ?');
    return cols.flatMap((col) => (st.all(db, table, col) as { PART_NAME: string; OBJ: string }[]).map((r) => ({ part: r.PART_NAME, col, obj: decode(r.OBJ) })));
  }
  putPartitionColumnStats(db: string, table: string, part: string, col: string, obj: TValue, lastAnalyzed: number | undefined): void {
    this.stmt('INSERT OR REPLACE INTO PART_COL_STATS (DB, TBL, PART_NAME, COL, OBJ, LAST_ANALYZED) VALUES (?, ?, ?, ?, ?, ?)')
      .run(db, table, part, col, encode(obj), lastAnalyzed ?? null);
  }
  deletePartitionColumnStats(db: string, table: string, part: string, col: string | null): number {
    return col === null
      ? this.stmt('DELETE FROM PART_COL_STATS WHERE DB = ? AND TBL = ? AND PART_NAME = ?').run(db, table, part).changes
      : this.stmt('DELETE FROM PART_COL_STATS WHERE DB = ? AND TBL = ? AND PART_NAME = ? AND COL = ?').run(db, table, part, col).changes;
  }

  // functions
  functionNames(db: string): string[] { return this.column('SELECT NAME AS V FROM FUNCS WHERE DB = ? ORDER BY NAME', db); }
  allFunctions(): TValue[] { return (this.stmt('SELECT OBJ FROM FUNCS ORDER BY DB, NAME').all() as Row[]).map((r) => decode(r.OBJ)); }
  getFunction(db: string, name: string): TValue | null { return this.one('SELECT OBJ FROM FUNCS WHERE DB = ? AND NAME = ?', db, name); }
  putFunction(db: string, name: string, obj: TValue): void {
    this.stmt('INSERT OR REPLACE INTO FUNCS (DB, NAME, OBJ) VALUES (?, ?, ?)').run(db, name, encode(obj));
  }
  deleteFunction(db: string, name: string): void { this.stmt('DELETE FROM FUNCS WHERE DB = ? AND NAME = ?').run(db, name); }

  private one(sql: string, ...params: unknown[]): TValue | null {
    const r = this.stmt(sql).get(...params) as Row | undefined;
    return r ? decode(r.OBJ) : null;
  }
  private column(sql: string, ...params: unknown[]): string[] {
    return (this.stmt(sql).all(...params) as { V: string }[]).map((r) => r.V);
  }
}
