// Sluice's own typed AST for HiveQL. The parser front end (dt-sql-parser) is converted
// into these types; nothing past src/sql sees the third-party parse tree.
import { DataType } from '../types/dataType.js';

export interface Pos { line: number; col: number }

export interface QName { catalog?: string; db?: string; name: string; pos: Pos }

export type Expr =
  | { kind: 'literal'; type: 'null' | 'boolean' | 'integer' | 'decimal' | 'double' | 'string' | 'date' | 'timestamp'; text: string; pos: Pos }
  | { kind: 'interval'; value: number; unit: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'; pos: Pos }
  | { kind: 'column'; qualifier?: string; name: string; pos: Pos }
  | { kind: 'star'; qualifier?: string; pos: Pos }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; pos: Pos }
  | { kind: 'unary'; op: '-' | '+' | '~' | 'not'; arg: Expr; pos: Pos }
  | { kind: 'is'; arg: Expr; test: 'null' | 'true' | 'false'; negated: boolean; pos: Pos }
  | { kind: 'between'; arg: Expr; low: Expr; high: Expr; negated: boolean; pos: Pos }
  | { kind: 'in'; arg: Expr; list: Expr[]; negated: boolean; pos: Pos }
  | { kind: 'inSubquery'; arg: Expr; query: Query; negated: boolean; pos: Pos }
  | { kind: 'exists'; query: Query; pos: Pos }
  | { kind: 'like'; op: 'like' | 'rlike'; arg: Expr; pattern: Expr; negated: boolean; pos: Pos }
  | { kind: 'case'; operand?: Expr; whens: { when: Expr; then: Expr }[]; else?: Expr; pos: Pos }
  | { kind: 'cast'; arg: Expr; type: DataType; pos: Pos }
  | { kind: 'func'; name: string; args: Expr[]; distinct: boolean; star: boolean; over?: WindowSpec; pos: Pos }
  | { kind: 'subquery'; query: Query; pos: Pos }
  /** a[i] on an array, m[k] on a map */
  | { kind: 'index'; arg: Expr; index: Expr; pos: Pos }
  /** s.f on a struct (when s is not a table alias) */
  | { kind: 'field'; arg: Expr; name: string; pos: Pos };

export interface WindowSpec { partitionBy: Expr[]; orderBy: OrderItem[]; frame?: string }

export interface OrderItem { expr: Expr; desc: boolean; nullsFirst?: boolean }

/** aliases: AS (a, b) naming a table function's columns. */
export interface SelectItem { expr: Expr; alias?: string; aliases?: string[] }

export type FromItem =
  | { kind: 'table'; name: QName; alias?: string; pos: Pos }
  | { kind: 'subquery'; query: Query; alias: string; pos: Pos }
  | { kind: 'join'; type: JoinType; left: FromItem; right: FromItem; on?: Expr; pos: Pos }
  /** input absent: a table function alone in a SELECT without FROM */
  | { kind: 'lateral'; input?: FromItem; func: Expr & { kind: 'func' }; outer: boolean; alias?: string; columns: string[]; pos: Pos };

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti' | 'cross' | 'comma';

export interface GroupBy { exprs: Expr[]; mode: 'plain' | 'rollup' | 'cube' | 'sets'; sets?: Expr[][] }

export interface Select {
  kind: 'select';
  distinct: boolean;
  items: SelectItem[];
  from?: FromItem;
  where?: Expr;
  groupBy?: GroupBy;
  having?: Expr;
  pos: Pos;
}

export type SetExpr =
  | Select
  | { kind: 'values'; rows: Expr[][]; pos: Pos }
  | { kind: 'setop'; op: 'union' | 'intersect' | 'except'; all: boolean; left: SetExpr; right: SetExpr; pos: Pos }
  | { kind: 'nested'; query: Query; pos: Pos };

export interface Cte { name: string; query: Query }

export interface Query {
  with: Cte[];
  body: SetExpr;
  orderBy: OrderItem[];
  limit?: number;
  pos: Pos;
}

export interface PartitionSpecItem { name: string; value?: string | null; pos: Pos }

export interface InsertTarget {
  table: QName;
  overwrite: boolean;
  partition?: PartitionSpecItem[];
  columns?: string[];
  ifNotExists: boolean;
}

export interface ColumnDef { name: string; type: DataType; comment?: string; pos: Pos }

export interface RowFormat {
  fieldDelim?: string;
  escapeChar?: string;
  collectionDelim?: string;
  mapKeyDelim?: string;
  lineDelim?: string;
  nullFormat?: string;
  serde?: string;
  serdeProperties?: Record<string, string>;
}

export type Statement =
  | { kind: 'query'; query: Query; pos: Pos }
  | { kind: 'insert'; targets: { target: InsertTarget; query: Query }[]; pos: Pos }
  | { kind: 'explain'; statement: Statement; extended: boolean; analyze?: boolean; pos: Pos }
  | { kind: 'createDatabase'; name: string; ifNotExists: boolean; comment?: string; location?: string; properties: Record<string, string>; pos: Pos }
  | { kind: 'dropDatabase'; name: string; ifExists: boolean; cascade: boolean; pos: Pos }
  | { kind: 'useDatabase'; name: string; pos: Pos }
  | { kind: 'showDatabases'; like?: string; pos: Pos }
  | { kind: 'showTables'; db?: string; like?: string; pos: Pos }
  | { kind: 'showPartitions'; table: QName; partition?: PartitionSpecItem[]; pos: Pos }
  | { kind: 'describe'; table: QName; formatted: boolean; pos: Pos }
  | {
      kind: 'createTable'; name: QName; external: boolean; ifNotExists: boolean; columns: ColumnDef[];
      partitionColumns: ColumnDef[]; comment?: string; rowFormat?: RowFormat; storedAs?: string;
      location?: string; properties: Record<string, string>; asSelect?: Query; likeTable?: QName; pos: Pos;
    }
  | { kind: 'dropTable'; name: QName; ifExists: boolean; purge: boolean; pos: Pos }
  | { kind: 'addPartitions'; table: QName; ifNotExists: boolean; partitions: { spec: PartitionSpecItem[]; location?: string }[]; pos: Pos }
  | { kind: 'dropPartitions'; table: QName; ifExists: boolean; specs: { name: string; op: string; value: string }[][]; pos: Pos }
  | { kind: 'addConstraint'; table: QName; name: string; text: string; pos: Pos }
  | { kind: 'msck'; table: QName; pos: Pos }
  | { kind: 'loadData'; local: boolean; path: string; overwrite: boolean; table: QName; partition?: PartitionSpecItem[]; pos: Pos }
  | { kind: 'analyze'; table: QName; partition?: PartitionSpecItem[]; forColumns: boolean; pos: Pos }
  | { kind: 'set'; key?: string; value?: string; pos: Pos }
  | { kind: 'reset'; key?: string; pos: Pos }
  // Flink's catalog statements
  | { kind: 'createCatalog'; name: string; options: Record<string, string>; ifNotExists: boolean; pos: Pos }
  | { kind: 'dropCatalog'; name: string; ifExists: boolean; pos: Pos }
  | { kind: 'useCatalog'; name: string; pos: Pos }
  | { kind: 'showCatalogs'; pos: Pos }
  | { kind: 'showCurrentCatalog'; pos: Pos }
  | { kind: 'showCurrentDatabase'; pos: Pos }
  // Modules and functions
  | { kind: 'loadModule'; name: string; options: Record<string, string>; pos: Pos }
  | { kind: 'unloadModule'; name: string; pos: Pos }
  | { kind: 'useModules'; names: string[]; pos: Pos }
  | { kind: 'showModules'; full: boolean; pos: Pos }
  | { kind: 'showFunctions'; user: boolean; like?: string; pos: Pos }
  | { kind: 'describeFunction'; name: string; extended: boolean; pos: Pos }
  | { kind: 'createFunction'; name: string; className: string; temporary: boolean; ifNotExists: boolean; pos: Pos }
  | { kind: 'dropFunction'; name: string; temporary: boolean; ifExists: boolean; pos: Pos };
