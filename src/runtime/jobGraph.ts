// Cuts a plan with exchanges into stages (Flink's job vertices): the operators between
// exchanges are chained into one task per subtask; each exchange is an edge whose result
// partition is BLOCKING (written whole to files before its consumer starts). With only
// blocking edges every task is its own pipelined region, so a region is scheduled when its
// inputs are complete, and a failure restarts that one task. Identical sub-plans below
// exchanges (a CTE referenced twice, the same subquery in two places) become one stage
// with one output per consuming exchange: computed once, read by each.
import { BExpr, mapColumns } from '../planner/boundExpr.js';
import { planDigest } from '../planner/subplanDigest.js';
import { Distribution, ExchangeNode, Field, LogicalPlan, ScanNode, childrenOf, scanDirectories, withChildren } from '../planner/logicalPlan.js';
import { listDataFileSizes } from '../warehouse/dataFiles.js';
import { InputSplit, formatOfStorage, wholeFile } from '../formats/storageFormat.js';

const FOOTER_SPLIT_MIN_BYTES = 32 << 20;
/** A scan of fewer files than subtasks divides files above this size inside them (by
 *  stripes, row groups): a one-file dimension table is then read by every subtask. */
const FEW_FILES_SPLIT_MIN_BYTES = 1 << 20;

export interface StageOutput {
  consumer: number;
  distribution: Distribution;
  /** Hash keys over the stage's fields. */
  keys: BExpr[];
}

export interface Stage {
  id: number;
  /** The stage's operators; exchanges it reads from are leaves naming their producer. */
  plan: LogicalPlan;
  fields: Field[];
  parallelism: number;
  /** Producer outputs, in the order the plan reads them. */
  inputs: { stage: number; output: number; distribution: Distribution }[];
  /** Where this stage's rows go, one result per consuming exchange (a stage computed once
   *  for several identical sub-plans has several); empty for the last stage (its output is
   *  the job's result). */
  outputs: StageOutput[];
  /** Input splits each subtask scans (stages with a table scan). */
  splits?: InputSplit[][];
  /** Sorts, aggregates, joins and windows in the chain: each gets 1/n of the slot's memory. */
  memoryConsumers: number;
  /** A one-line description, for metrics and errors. */
  name: string;
}

export interface JobGraph { stages: Stage[]; root: number }

/** An exchange leaf in a consumer's plan: the producer's rows arrive through the shuffle,
 *  from the producer's output number `output`. */
export type ExchangeLeaf = ExchangeNode & { source: number; output: number };

export interface JobGraphOptions {
  parallelism: number;
  maxSourceParallelism: number;
  /** Compute identical sub-plans below exchanges once (table.optimizer.reuse-sub-plan-enabled). */
  reuseSubplans?: boolean;
}

export function buildJobGraph(plan: LogicalPlan, opts: JobGraphOptions): JobGraph {
  const stages: Stage[] = [];
  const byDigest = new Map<string, Stage>();
  const producerOf = (input: LogicalPlan): { stage: Stage; remap: Map<number, number> } => {
    const digest = opts.reuseSubplans === false ? null : planDigest(input);
    const existing = digest === null ? undefined : byDigest.get(digest);
    if (existing) {
      // Same digest: same columns in the same order, under this copy's field ids.
      return { stage: existing, remap: new Map(input.fields.map((f, i) => [f.id, existing.fields[i].id])) };
    }
    const stage = makeStage(input);
    if (digest !== null) byDigest.set(digest, stage);
    return { stage, remap: new Map() };
  };
  const makeStage = (root: LogicalPlan): Stage => {
    const inputs: Stage['inputs'] = [];
    const scans: ScanNode[] = [];
    let hasValues = false;
    let memoryConsumers = 0;
    const consumed: StageOutput[] = [];
    const cut = (p: LogicalPlan): LogicalPlan => {
      if (p.op === 'exchange') {
        const { stage: producer, remap } = producerOf(p.input);
        const keys = remap.size ? p.keys.map((k) => mapColumns(k, (c) => ({ k: 'col', id: remap.get(c.id) ?? c.id, type: c.type }))) : p.keys;
        const out: StageOutput = { consumer: -1, distribution: p.distribution, keys };
        producer.outputs.push(out);
        consumed.push(out);
        inputs.push({ stage: producer.id, output: producer.outputs.length - 1, distribution: p.distribution });
        const leaf: ExchangeLeaf = { ...p, input: { op: 'values', rows: [], fields: p.input.fields }, source: producer.id, output: producer.outputs.length - 1 };
        return leaf;
      }
      if (p.op === 'scan') scans.push(p);
      if (p.op === 'values') hasValues = true;
      if (p.op === 'sort' || p.op === 'aggregate' || p.op === 'join' || p.op === 'window') memoryConsumers++;
      return withChildren(p, childrenOf(p).map(cut));
    };
    const fragment = cut(root);
    const stage: Stage = { id: stages.length, plan: fragment, fields: root.fields, parallelism: 1, inputs, outputs: [], memoryConsumers, name: describe(fragment) };
    stages.push(stage);
    for (const o of consumed) o.consumer = stage.id;
    if (scans.length > 1) throw new Error('internal: a stage with two table scans');
    if (scans.length === 1) {
      stage.splits = assignSplits(scanFiles(scans[0], opts.maxSourceParallelism), opts.maxSourceParallelism);
      stage.parallelism = stage.splits.length;
    } else if (hasValues || inputs.some((i) => i.distribution === 'singleton') || inputs.length === 0) stage.parallelism = 1;
    else if (inputs.every((i) => i.distribution === 'broadcast')) stage.parallelism = 1;
    else stage.parallelism = opts.parallelism;
    for (const i of inputs) {
      if (i.distribution === 'forward' && stages[i.stage].parallelism !== stage.parallelism) {
        throw new Error(`internal: forward edge from stage ${i.stage} (${stages[i.stage].parallelism} subtasks) to stage ${stage.id} (${stage.parallelism})`);
      }
    }
    return stage;
  };
  const root = makeStage(plan);
  return { stages, root: root.id };
}

/** The scan's input splits (text byte ranges, ORC stripes, Parquet row groups) with sizes. */
function scanFiles(s: ScanNode, subtasks: number): { split: InputSplit; size: number }[] {
  const format = formatOfStorage(s.table.sd, { action: 'reading', table: `${s.table.db}.${s.table.name}` });
  const files = scanDirectories(s).flatMap((d) => listDataFileSizes(d));
  const few = files.length < subtasks;
  return files.flatMap(({ path, size }) => {
    // Finding ORC stripes or Parquet row groups means reading the footer; files smaller
    // than a stripe are one split anyway (a partitioned table has thousands of them).
    const inside = format.name === 'TEXTFILE' || size > FOOTER_SPLIT_MIN_BYTES || (few && size > FEW_FILES_SPLIT_MIN_BYTES);
    const splits = inside ? format.splits(path, few ? Math.ceil(subtasks / files.length) : 1) : [wholeFile(path)];
    return splits.map((split) => ({ split, size: Math.min(size, split.end - split.start) / (split.rowGroups || split.rows ? splits.length : 1) }));
  });
}

/** Splits into at most `max` groups of about equal bytes (largest first into the lightest). */
function assignSplits(splits: { split: InputSplit; size: number }[], max: number): InputSplit[][] {
  const n = Math.max(1, Math.min(max, splits.length));
  const groups = Array.from({ length: n }, () => ({ bytes: 0, splits: [] as InputSplit[] }));
  for (const f of [...splits].sort((a, b) => b.size - a.size || a.split.path.localeCompare(b.split.path) || a.split.start - b.split.start)) {
    let best = groups[0];
    for (const g of groups) if (g.bytes < best.bytes) best = g;
    best.splits.push(f.split);
    best.bytes += f.size;
  }
  return groups.map((g) => g.splits);
}

function describe(p: LogicalPlan): string {
  const names: string[] = [];
  const walk = (x: LogicalPlan) => {
    if (x.op === 'exchange') { names.push(`Exchange(${x.distribution})`); return; }
    names.push(x.op === 'scan' ? `Scan(${x.table.name})` : x.op === 'aggregate' ? 'HashAggregate' : x.op === 'join' ? 'HashJoin'
      : x.op[0].toUpperCase() + x.op.slice(1));
    childrenOf(x).forEach(walk);
  };
  walk(p);
  return names.reverse().join(' -> ');
}
