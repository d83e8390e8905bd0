// Logical plan nodes. Every node lists its output fields; a field's id is unique in the
// plan, so rewrites (pushdown, pruning, reordering) never renumber column references.
import { DataType } from '../types/dataType.js';
import { BExpr } from './boundExpr.js';
import { ColumnStatistics, Partition, Table } from '../catalog/catalog.js';
import type { AggregateFunction, ScalarFunction, TableFunction } from '../module/functionDefinition.js';

export interface Field { id: number; name: string; type: DataType; qualifier?: string }

export interface AggCall {
  fn: string;
  args: BExpr[];
  distinct: boolean;
  type: DataType;
  impl: AggregateFunction;
  /** Literal argument values (undefined where not a literal), for the accumulator. */
  constants: unknown[];
}

export type FrameBound = { kind: 'unbounded' | 'current' } | { kind: 'preceding' | 'following'; n: number };
export interface Frame { unit: 'rows' | 'range'; start: FrameBound; end: FrameBound }

export interface WindowCall {
  fn: string;
  args: BExpr[];
  partitionBy: BExpr[];
  orderBy: { expr: BExpr; desc: boolean; nullsFirst: boolean }[];
  frame: Frame;
  type: DataType;
  /** The aggregate, for aggregates over a window. */
  agg?: AggCall;
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';

export interface ScanNode {
  op: 'scan';
  table: Table;
  /** Output: data columns then partition columns, possibly pruned to the needed ones. */
  fields: Field[];
  /** Data column index (or data count + partition index) of each output field. */
  columnIndexes: number[];
  filters: BExpr[];
  partitionFilters: BExpr[];
  /** Partitions left after pruning; null for an unpartitioned table. */
  partitions: Partition[] | null;
  totalPartitions: number;
  /** Why partitions were dropped by a join's other side (dynamic partition pruning). */
  dynamicPruning?: string[];
  /** Filters a join implies (a key within its dimension's range: dynamicPartitionPruning.ts):
   *  applied like `filters`, but left out of the estimates, which count the join already. */
  impliedFilters?: BExpr[];
  /** ANALYZE's column statistics of the kept partitions (or the table), by column name,
   *  and the row count they were taken over; attached by the optimizer. */
  stats?: { rows: number | null; columns: Record<string, ColumnStatistics> };
}

/** The directories a scan reads: the table's, or those of its kept partitions. */
export function scanDirectories(s: ScanNode): string[] {
  return s.partitions === null ? [s.table.sd.location] : s.partitions.map((p) => p.location);
}

/** The root of a CTE reference's plan carries its definition's number (binder.ts), so the
 *  optimizer can tell the references of one CTE apart from other sub-plans. Rewrites that
 *  copy a node keep it; it does not change what the node computes. */
export interface CteMark { cte?: number }

export type LogicalPlan = CteMark & (
  | ScanNode
  | { op: 'filter'; input: LogicalPlan; cond: BExpr; fields: Field[] }
  | { op: 'project'; input: LogicalPlan; exprs: BExpr[]; fields: Field[] }
  /** emptyInput: key values of a group to emit even when no row arrives (the () set of
   *  ROLLUP / CUBE / GROUPING SETS, which, as a global aggregate, always has a row). */
  | { op: 'aggregate'; input: LogicalPlan; keys: BExpr[]; aggs: AggCall[]; fields: Field[]; emptyInput?: unknown[];
      /** The local phase of a two-phase aggregate (placed by planner/exchanges.ts). */
      partial?: boolean }
  | { op: 'join'; kind: JoinKind; left: LogicalPlan; right: LogicalPlan; cond: BExpr | null; fields: Field[] }
  | { op: 'window'; input: LogicalPlan; calls: WindowCall[]; fields: Field[] }
  | { op: 'sort'; input: LogicalPlan; keys: { expr: BExpr; desc: boolean; nullsFirst: boolean }[]; limit?: number; fields: Field[] }
  | { op: 'limit'; input: LogicalPlan; n: number; fields: Field[] }
  | { op: 'union'; inputs: LogicalPlan[]; fields: Field[] }
  | { op: 'values'; rows: BExpr[][]; fields: Field[] }
  /** LATERAL VIEW: the input's fields followed by the table function's columns. */
  | { op: 'generate'; input: LogicalPlan; fn: TableFunction; args: BExpr[]; outer: boolean; fields: Field[] }
  /** GROUPING SETS / ROLLUP / CUBE: each input row once per grouping set, with the input's
   *  fields, then the keys (NULL where the set leaves a key out), then one 0/1 flag per key
   *  (1 = rolled up, what grouping() returns). */
  | { op: 'expand'; input: LogicalPlan; keys: BExpr[]; sets: number[][]; fields: Field[] }
  | ExchangeNode);

/** Where rows move between parallel subtasks (inserted by planner/exchanges.ts after
 *  optimization): hash by key expressions, a copy to every consumer, all to one consumer,
 *  spread evenly, or forward (subtask i's rows to the consumer's subtask i, so that a
 *  sub-plan used in several places is computed once: planner/forwardReuse.ts). Run
 *  without the runtime, an exchange passes its input through. */
export type Distribution = 'hash' | 'broadcast' | 'singleton' | 'rebalance' | 'forward';
export interface ExchangeNode {
  op: 'exchange';
  input: LogicalPlan;
  distribution: Distribution;
  /** Hash keys over the input's fields (distribution 'hash'). */
  keys: BExpr[];
  fields: Field[];
}

let nextFieldId = 1;
export function newField(name: string, type: DataType, qualifier?: string): Field {
  return { id: nextFieldId++, name, type, qualifier };
}

export function childrenOf(p: LogicalPlan): LogicalPlan[] {
  switch (p.op) {
    case 'scan': case 'values': return [];
    case 'join': return [p.left, p.right];
    case 'union': return p.inputs;
    default: return [p.input];
  }
}

/** The plan with `f` applied to each child; the plan itself where no child changed. */
export function mapChildrenKeeping(p: LogicalPlan, f: (c: LogicalPlan) => LogicalPlan): LogicalPlan {
  const kids = childrenOf(p), next = kids.map(f);
  return next.every((c, i) => c === kids[i]) ? p : withChildren(p, next);
}

/** A projection's output columns by id, as expressions over its input. */
export function projectionMap(p: LogicalPlan & { op: 'project' }): Map<number, BExpr> {
  const map = new Map<number, BExpr>();
  p.fields.forEach((f, i) => map.set(f.id, p.exprs[i]));
  return map;
}

/** Whether a projection passes its input's column `id` through under the same id. */
export function passesThrough(p: LogicalPlan & { op: 'project' }, id: number): boolean {
  const i = p.fields.findIndex((f) => f.id === id);
  const e = i >= 0 ? p.exprs[i] : undefined;
  return e !== undefined && e.k === 'col' && e.id === id;
}

/** The plan with its children replaced. */
export function withChildren(p: LogicalPlan, children: LogicalPlan[]): LogicalPlan {
  switch (p.op) {
    case 'scan': case 'values': return p;
    case 'join': return { ...p, left: children[0], right: children[1] };
    case 'union': return { ...p, inputs: children };
    default: return { ...p, input: children[0] } as LogicalPlan;
  }
}
