// Turns an optimized logical plan into a tree of operators. Column ids become positions
// (a layout per node); expressions are compiled against those layouts.
import { dirname, join, resolve } from 'node:path';
import { BExpr, col, columnsIn, columnsOf, conjunction, literalValue } from './boundExpr.js';
import { joinKeys } from './exchanges.js';
import { AggCall, ExchangeNode, Field, LogicalPlan, ScanNode } from './logicalPlan.js';
import { Partition } from '../catalog/catalog.js';
import { SpillingHashJoin } from '../exec/operators/spillingHashJoin.js';
import { MemoryGrant } from '../exec/spill/spillManager.js';
import { Layout, compileExpr, compileFilter } from '../exec/exprCompiler.js';
import { Operator } from '../exec/operators/operator.js';
import { TableScan, ScanFile } from '../exec/operators/scan.js';
import { Filter } from '../exec/operators/filter.js';
import { Project } from '../exec/operators/project.js';
import { AggregateInput, HashAggregate } from '../exec/operators/hashAggregate.js';
import { Generate } from '../exec/operators/generate.js';
import { Expand, groupingId } from '../exec/operators/expand.js';
import { RollupAggregate, RollupSet } from '../exec/operators/rollupAggregate.js';
import { mergeCall, mergeable } from './aggregateSplit.js';
import { HashJoin, HashJoinSpec } from '../exec/operators/hashJoin.js';
import { Sort } from '../exec/operators/sort.js';
import { Limit } from '../exec/operators/limit.js';
import { UnionAll } from '../exec/operators/unionAll.js';
import { BatchesSource } from '../exec/operators/values.js';
import { WindowOperator } from '../exec/operators/window.js';
import { parseTypeString } from '../types/dataType.js';
import { concatVectors, constantVector } from '../exec/vector.js';
import { partitionRows } from '../shuffle/keyHash.js';
import { parseValue } from '../types/values.js';
import { InputSplit, formatOfStorage } from '../formats/storageFormat.js';
import { scanPredicates } from './scanPredicates.js';
import { DEFAULT_PARTITION } from '../warehouse/partitionPath.js';
import { listDataFiles } from '../warehouse/dataFiles.js';

import { Accumulator, DistinctAcc } from '../exec/accumulators.js';

interface Built { op: Operator; layout: Layout }

const layoutOf = (fields: Field[]): Layout => new Map(fields.map((f, i) => [f.id, i]));

/** What the runtime gives the operators of one subtask; the defaults run a whole plan in
 *  this thread with unbounded memory. */
export interface ExecContext {
  /** Reads an exchange's rows from the shuffle; absent: the exchange's input runs inline. */
  exchangeSource?(ex: ExchangeNode): Operator;
  /** The splits this subtask scans, by file; absent: all of the table's files whole. */
  scanSplits?: Map<string, InputSplit[]>;
  /** This subtask's index and its stage's parallelism (absent: 0 of 1). */
  subtask?: number;
  parallelism?: number;
  /** Sees (and may wrap) each operator built, e.g. to count its rows. */
  onOperator?(node: LogicalPlan, op: Operator): Operator;
  /** Managed memory for a sort, aggregate or join; null: unbounded, no spilling. */
  memory?(kind: 'sort' | 'aggregate' | 'join'): MemoryGrant | null;
}

export function buildOperator(p: LogicalPlan, ctx: ExecContext = {}): Operator {
  const b = build(p, ctx);
  // Present the columns in the plan's field order.
  const pos = p.fields.map((f) => b.layout.get(f.id)!);
  if (pos.every((x, i) => x === i) && b.op.types.length === pos.length) return b.op;
  return new Project(b.op, pos.map((i) => (batch) => batch.columns[i]), pos.map((i) => b.op.types[i]));
}

/** `need`: the column ids the parent reads (absent: all of p's). Only a join uses it, to
 *  leave out of its output the columns its parent drops (its keys, mostly). */
function build(p: LogicalPlan, ctx: ExecContext, need?: Set<number>): Built {
  const b = buildNode(p, ctx, need);
  return ctx.onOperator ? { op: ctx.onOperator(p, b.op), layout: b.layout } : b;
}

function buildNode(p: LogicalPlan, ctx: ExecContext, need?: Set<number>): Built {
  switch (p.op) {
    case 'scan': return buildScan(p, ctx);
    case 'exchange': {
      if (!ctx.exchangeSource) return build(p.input, ctx);
      return { op: ctx.exchangeSource(p), layout: layoutOf(p.fields) };
    }
    case 'filter': {
      const input = build(p.input, ctx, need && columnsOf(p.cond, new Set(need)));
      return { op: new Filter(input.op, compileFilter(p.cond, input.layout)), layout: input.layout };
    }
    case 'project': {
      const input = build(p.input, ctx, columnsIn(p.exprs));
      return { op: new Project(input.op, p.exprs.map((e) => compileExpr(e, input.layout)), p.exprs.map((e) => e.type)), layout: layoutOf(p.fields) };
    }
    case 'aggregate': {
      const rollup = p.partial ? rollupSets(p) : null;
      if (rollup) return buildRollup(p, rollup, ctx);
      const { proj, specs } = groupingInput(p.keys, p.aggs, build(p.input, ctx, columnsIn([...p.keys, ...p.aggs.flatMap((a) => a.args)])));
      // The group of an empty input is emitted once: by the subtask its keys hash to.
      let emptyInput: unknown[] | null = null;
      if (p.emptyInput) {
        const n = ctx.parallelism ?? 1;
        const keyVecs = p.keys.map((k, i) => constantVector(k.type, p.emptyInput![i], 1));
        if (n <= 1 || partitionRows(keyVecs, 1, n)[0] === (ctx.subtask ?? 0)) emptyInput = p.emptyInput;
      }
      return { op: new HashAggregate(proj, p.keys.map((_, i) => i), specs, ctx.memory?.('aggregate') ?? null, 0, emptyInput, p.partial), layout: layoutOf(p.fields) };
    }
    case 'join': return buildJoin(p, ctx, need);
    case 'sort': {
      const input = build(p.input, ctx);
      const keys = p.keys.map((k) => {
        if (k.expr.k !== 'col') throw new Error('internal: sort keys must be columns');
        return { column: input.layout.get(k.expr.id)!, desc: k.desc, nullsFirst: k.nullsFirst };
      });
      return { op: new Sort(input.op, keys, p.limit, ctx.memory?.('sort') ?? null), layout: input.layout };
    }
    case 'limit': {
      const input = build(p.input, ctx);
      return { op: new Limit(input.op, p.n), layout: input.layout };
    }
    case 'window': {
      const input = build(p.input, ctx);
      const width = input.op.types.length;
      const calls = p.calls.map((c) => ({
        fn: c.fn, type: c.type, frame: c.frame, argTypes: c.args.map((a) => a.type),
        createAccumulator: c.agg ? () => accumulatorFor(c.agg!) : undefined,
        args: c.args.map((a) => compileExpr(a, input.layout)),
        partitionBy: c.partitionBy.map((a) => compileExpr(a, input.layout)),
        orderBy: c.orderBy.map((o) => ({ expr: compileExpr(o.expr, input.layout), desc: o.desc, nullsFirst: o.nullsFirst })),
      }));
      const layout: Layout = new Map(input.layout);
      p.fields.slice(p.fields.length - p.calls.length).forEach((f, i) => layout.set(f.id, width + i));
      return { op: new WindowOperator(input.op, calls), layout };
    }
    case 'generate': {
      const input = build(p.input, ctx);
      const fn = p.fn.make(p.args.map((a) => a.type), p.args.map(literalValue));
      const outTypes = p.fields.slice(p.input.fields.length).map((f) => f.type);
      const layout: Layout = new Map(input.layout);
      p.fields.slice(p.input.fields.length).forEach((f, i) => layout.set(f.id, input.op.types.length + i));
      return { op: new Generate(input.op, p.args.map((a) => compileExpr(a, input.layout)), fn, outTypes, p.outer), layout };
    }
    case 'expand': {
      const input = build(p.input, ctx);
      const width = input.op.types.length;
      const layout: Layout = new Map(input.layout);
      p.fields.slice(p.input.fields.length).forEach((f, i) => layout.set(f.id, width + i));
      return { op: new Expand(input.op, p.keys.map((k) => compileExpr(k, input.layout)), p.keys.map((k) => k.type), p.sets), layout };
    }
    case 'union': {
      const inputs = p.inputs.map((i) => buildOperator(i, ctx));
      return { op: new UnionAll(inputs, p.fields.map((f) => f.type)), layout: layoutOf(p.fields) };
    }
    case 'values': {
      const empty = { columns: [], length: 1 };
      const cols = p.fields.map((f, c) => {
        const parts = p.rows.map((r) => compileExpr(r[c], new Map())(empty));
        return { f, parts };
      });
      const batch = {
        columns: cols.map(({ f, parts }) => concatVectors(f.type, parts, parts.length)),
        length: p.rows.length,
      };
      return { op: new BatchesSource([batch], p.fields.map((f) => f.type)), layout: layoutOf(p.fields) };
    }
  }
}

function buildScan(p: ScanNode, ctx: ExecContext): Built {
  const t = p.table;
  const format = formatOfStorage(t.sd, { action: 'reading', table: `${t.db}.${t.name}` });
  const nData = t.columns.length;
  const columns = t.columns.map((c) => ({ name: c.name, type: parseTypeString(c.type) }));
  const partTypes = t.partitionKeys.map((c) => parseTypeString(c.type));
  const files: ScanFile[] = [];
  const valuesOf = (part: Partition) => part.values.map((v, i) => (v === DEFAULT_PARTITION ? null : parseValue(v, partTypes[i])));
  if (ctx.scanSplits) {
    // A subtask reads the files of its splits: the directories were listed when the
    // splits were made, and listing them all again in every subtask cost more than the
    // reading of a small split (store_sales has 1,828 partition directories).
    const partitionOf = new Map((p.partitions ?? []).map((part) => [resolve(part.location), part]));
    for (const [path, splits] of ctx.scanSplits) {
      const part = p.partitions === null ? null : partitionOf.get(resolve(dirname(path)));
      if (part === undefined) throw new Error(`internal: split ${path} is in none of the scan's partitions`);
      const partitionValues = part === null ? [] : valuesOf(part);
      for (const split of splits) files.push({ path, partitionValues, split });
    }
  } else if (p.partitions === null) {
    for (const f of listDataFiles(t.sd.location)) files.push({ path: f, partitionValues: [] });
  } else {
    for (const part of p.partitions) {
      const values = valuesOf(part);
      for (const f of listDataFiles(part.location)) files.push({ path: f, partitionValues: values });
    }
  }
  const dataProjection = p.columnIndexes.filter((i) => i < nData);
  const partitionProjection = p.columnIndexes.filter((i) => i >= nData).map((i) => i - nData);
  const filters = [...p.filters, ...(p.impliedFilters ?? [])];
  const predicates = scanPredicates(filters, (id) => {
    const k = p.fields.findIndex((f) => f.id === id);
    return k >= 0 && p.columnIndexes[k] < nData ? p.columnIndexes[k] : -1;
  });
  const scan = new TableScan({
    files, columns, dataProjection, partitionTypes: partTypes, partitionProjection, format, serdeParams: t.sd.serde.params, predicates,
  });
  // Output order: data columns then partition columns, in projection order.
  const ordered = [...p.columnIndexes.filter((i) => i < nData), ...p.columnIndexes.filter((i) => i >= nData)];
  const layout: Layout = new Map();
  p.fields.forEach((f, k) => layout.set(f.id, ordered.indexOf(p.columnIndexes[k])));
  if (filters.length === 0) return { op: scan, layout };
  const cond = conjunction(filters)!;
  return { op: new Filter(scan, compileFilter(cond, layout)), layout };
}

function buildJoin(p: LogicalPlan & { op: 'join' }, ctx: ExecContext, need?: Set<number>): Built {
  // A side that is itself a join outputs what this join's parent and condition read.
  const sideNeed = need && (p.cond ? columnsOf(p.cond, new Set(need)) : need);
  const left = build(p.left, ctx, sideNeed), right = build(p.right, ctx, sideNeed);
  const { probeKeys, buildKeys, residual } = joinKeys(p);
  // Key expressions that are not plain columns are computed by a projection that appends them.
  const withKeys = (side: Built, keys: BExpr[]): { op: Operator; keyPos: number[] } => {
    const extra: BExpr[] = [];
    const keyPos = keys.map((k) => {
      if (k.k === 'col') return side.layout.get(k.id)!;
      extra.push(k);
      return side.op.types.length + extra.length - 1;
    });
    if (extra.length === 0) return { op: side.op, keyPos };
    const passthrough = side.op.types.map((_, i) => (b: { columns: unknown[] }) => b.columns[i]);
    const exprs = [...passthrough, ...extra.map((e) => compileExpr(e, side.layout))] as never[];
    return { op: new Project(side.op, exprs, [...side.op.types, ...extra.map((e) => e.type)]), keyPos };
  };
  const probe = withKeys(left, probeKeys);
  const buildSide = withKeys(right, buildKeys);
  const probeWidth = probe.op.types.length;
  const residualLayout: Layout = new Map(left.layout);
  for (const [id, i] of right.layout) residualLayout.set(id, probeWidth + i);
  const keepsBuild = p.kind !== 'semi' && p.kind !== 'anti';
  const cond = conjunction(residual);
  const spec: HashJoinSpec = { type: p.kind, probeKeys: probe.keyPos, buildKeys: buildSide.keyPos, residual: cond ? compileFilter(cond, residualLayout) : null };
  let layout: Layout;
  if (need) {
    // Only the columns the parent reads: the probe side's, then the build side's (not for
    // semi and anti joins), each in its side's order.
    const kept = (side: Built) => [...side.layout].filter(([id]) => need.has(id)).sort((a, b) => a[1] - b[1]);
    const probeOut = kept(left), buildOut = keepsBuild ? kept(right) : [];
    layout = new Map();
    probeOut.forEach(([id], i) => layout.set(id, i));
    buildOut.forEach(([id], i) => layout.set(id, probeOut.length + i));
    spec.output = { probe: probeOut.map(([, i]) => i), build: buildOut.map(([, i]) => i) };
  } else {
    layout = new Map(left.layout);
    if (keepsBuild) for (const [id, i] of right.layout) layout.set(id, probeWidth + i);
  }
  const grant = ctx.memory?.('join') ?? null;
  const op = grant ? new SpillingHashJoin(probe.op, buildSide.op, spec, grant) : new HashJoin(probe.op, buildSide.op, spec);
  return { op, layout };
}

/**
 * The grouping sets of a partial aggregate over ROLLUP's Expand, finest first, when each
 * set is nested in the one before and the calls merge and read no expanded key: then a
 * coarser set's partial results come from a finer set's (RollupAggregate). Null otherwise.
 */
function rollupSets(p: LogicalPlan & { op: 'aggregate' }): RollupSet[] | null {
  const ex = p.input;
  if (ex.op !== 'expand') return null;
  const added = ex.fields.slice(ex.input.fields.length);
  if (p.keys.length !== added.length || !p.keys.every((k, i) => k.k === 'col' && k.id === added[i].id)) return null;
  const addedIds = new Set(added.map((f) => f.id));
  if (!p.aggs.every((a) => mergeable(a) && a.args.every((x) => ![...columnsOf(x)].some((id) => addedIds.has(id))))) return null;
  const sets = [...ex.sets].sort((a, b) => b.length - a.length);
  for (let i = 1; i < sets.length; i++) {
    if (sets[i].length >= sets[i - 1].length || !sets[i].every((k) => sets[i - 1].includes(k))) return null;
  }
  return sets.map((keys) => ({ keys: [...keys].sort((a, b) => a - b), gid: groupingId(keys, ex.keys.length) }));
}

function buildRollup(p: LogicalPlan & { op: 'aggregate' }, sets: RollupSet[], ctx: ExecContext): Built {
  const ex = p.input as LogicalPlan & { op: 'expand' };
  const { proj, specs } = groupingInput(ex.keys, p.aggs, build(ex.input, ctx));
  const merge = p.aggs.map((a) => () => accumulatorFor(mergeCall(a, col(-1, a.type))));
  const op = new RollupAggregate(proj, ex.keys.map((k) => k.type), sets, specs, merge, ctx.memory?.('aggregate') ?? null);
  return { op, layout: layoutOf(p.fields) };
}

/** An aggregate's input as the key columns, then every call's arguments, with the calls
 *  reading their arguments there. */
function groupingInput(keys: BExpr[], aggs: AggCall[], input: Built): { proj: Project; specs: AggregateInput[] } {
  const pre = [...keys, ...aggs.flatMap((a) => a.args)];
  const proj = new Project(input.op, pre.map((e) => compileExpr(e, input.layout)), pre.map((e) => e.type));
  let argPos = keys.length;
  const specs = aggs.map((a): AggregateInput => ({ args: a.args.map(() => argPos++), resultType: a.type, create: () => accumulatorFor(a) }));
  return { proj, specs };
}

export function accumulatorFor(a: AggCall): Accumulator {
  const types = a.args.map((x) => x.type);
  const acc = a.impl.create(types, a.type, a.constants);
  return a.distinct ? new DistinctAcc(acc, types) : acc;
}
