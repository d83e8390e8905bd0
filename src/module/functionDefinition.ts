// What a module supplies for a function name: a scalar function (compiled into the
// expression loops), an aggregate (an accumulator folded over whole vectors), a table
// function (rows per input row, for LATERAL VIEW), a window-only function, or a special
// form the binder rewrites itself (IF, COALESCE, …).
import { DataType } from '../types/dataType.js';
import type { Accumulator } from '../exec/accumulators.js';

export interface Resolved { args: DataType[]; result: DataType }

/** Constant argument values (physical), undefined where the argument is not a literal. */
export type Constants = readonly unknown[];

export interface FunctionInfo {
  name: string;
  /** Hive's one-line description: "name(args) - what it returns". */
  usage?: string;
}

export interface ScalarFunction extends FunctionInfo {
  kind: 'scalar';
  resolve(args: DataType[], constants: Constants): Resolved | null;
  /** Inline JS expression over non-null argument values (already converted to resolved.args). */
  code?(a: string[], types: DataType[], result: DataType): string;
  /** Otherwise: builds the per-row function over physical values (booleans as true/false,
   *  decimals scaled, dates as days); it returns null or undefined for NULL. */
  make?(types: DataType[], result: DataType, constants: Constants): (...args: any[]) => unknown;
  /** make's function also receives NULL arguments (as null) instead of NULL in, NULL out. */
  nullSafe?: boolean;
  /** The inline code may yield null, meaning SQL NULL (e.g. x / 0). */
  mayReturnNull?: boolean;
  /** Not constant-foldable or not deterministic. */
  volatile?: boolean;
  /** A value fixed when the statement starts, from its start time (ms since the epoch,
   *  UTC): current_timestamp and current_date, which Hive fixes once per query. The
   *  binder puts it in as a literal, so every call, row and subtask agrees. */
  atStatementStart?(startedAt: number): unknown;
}

export interface AggregateFunction extends FunctionInfo {
  kind: 'aggregate';
  resolve(args: DataType[], constants: Constants, distinct: boolean): Resolved | null;
  create(args: DataType[], result: DataType, constants: Constants): Accumulator;
}

export interface TableFunction extends FunctionInfo {
  kind: 'table';
  resolve(args: DataType[], constants: Constants): { args: DataType[]; columns: { name: string; type: DataType }[] } | null;
  /** Rows (arrays of physical values) produced for one input row's argument values. */
  make(types: DataType[], constants: Constants): (args: unknown[]) => unknown[][];
}

/** Functions the binder or the window operator implements itself, listed so SHOW
 *  FUNCTIONS and DESCRIBE FUNCTION know them and resolution finds them. */
export interface BuiltinForm extends FunctionInfo {
  kind: 'special' | 'window';
}

export type FunctionDefinition = ScalarFunction | AggregateFunction | TableFunction | BuiltinForm;
