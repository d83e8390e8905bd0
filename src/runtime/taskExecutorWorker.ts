// A TaskExecutor: a worker thread that runs one subtask at a time. It rebuilds the stage's
// operators from the shipped plan, reads its inputs from the producers' shuffle files,
// and writes its output partitioned for the consumers. Every message it posts is followed
// by a bump of the shared signal, which the JobMaster waits on.
import { MessagePort, workerData } from 'node:worker_threads';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodePlan, FunctionRef } from './planCodec.js';
import { CoreModule } from '../module/coreModule.js';
import { HiveModule } from '../module/hiveModule.js';
import { DEFAULT_HIVE_VERSION } from '../catalog/catalogFactory.js';
import { loadUserFunction } from '../module/userFunctions.js';
import { lookupFunction } from '../module/coreFunctions.js';
import { INTERNAL_AGGREGATES } from '../module/coreAggregates.js';
import { structFieldFunction } from '../module/structField.js';
import type { FunctionDefinition } from '../module/functionDefinition.js';
import type { Module } from '../module/module.js';
import { ExecContext, buildOperator } from '../planner/physicalPlanner.js';
import { BatchFileError, BatchFileReader, BatchFileWriter } from '../shuffle/batchFile.js';
import { SourcesOperator } from '../exec/operators/fileSource.js';
import { SpillManager } from '../exec/spill/spillManager.js';
import { compileExpr } from '../exec/exprCompiler.js';
import { partitionRows, splitByPartition } from '../shuffle/keyHash.js';
import { gatherBatch } from '../exec/vector.js';
import type { BExpr } from '../planner/boundExpr.js';
import type { ExchangeLeaf } from './jobGraph.js';
import { nodeNumber } from './nodeNumbers.js';
import { inputKey, resultPath, type RemoveRequest, type TaskDescriptor, type TaskMessage, type TaskMetrics } from './task.js';
import type { InputSplit } from '../formats/storageFormat.js';

const { signal, index, port } = workerData as { signal: Int32Array; index: number; port: MessagePort };

const modules = new Map<string, Module>();
/** The job directory made here last: jobs run one after another, each in a directory of
 *  its own, so only a new job's first task makes one. */
let madeDir = '';
function resolveFunction(ref: FunctionRef): FunctionDefinition {
  if ('udf' in ref) return loadUserFunction(ref.name, ref.udf);
  if ('kernel' in ref) {
    const k = lookupFunction(ref.kernel);
    if (!k) throw new Error(`no kernel ${ref.kernel} in the TaskExecutor`);
    return k;
  }
  if ('made' in ref) return structFieldFunction(...ref.made.args);
  if ('internal' in ref) {
    const d = INTERNAL_AGGREGATES[ref.internal];
    if (!d) throw new Error(`no internal aggregate ${ref.internal} in the TaskExecutor`);
    return d;
  }
  let m = modules.get(ref.module);
  if (!m) {
    m = ref.module === 'core' ? new CoreModule() : ref.module === 'hive' ? new HiveModule(DEFAULT_HIVE_VERSION) : undefined;
    if (!m) throw new Error(`no module '${ref.module}' in the TaskExecutor`);
    modules.set(ref.module, m);
  }
  const d = m.getFunction(ref.name);
  if (!d) throw new Error(`module ${ref.module} has no function ${ref.name}`);
  return d;
}

function groupByPath(splits: InputSplit[]): Map<string, InputSplit[]> {
  const m = new Map<string, InputSplit[]>();
  for (const s of splits) { const l = m.get(s.path); if (l) l.push(s); else m.set(s.path, [s]); }
  for (const l of m.values()) l.sort((a, b) => a.start - b.start || (a.rowGroups?.[0] ?? 0) - (b.rowGroups?.[0] ?? 0));
  return m;
}

function post(m: TaskMessage): void {
  port.postMessage(m);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

// A thread that ends (process.exit in a task, an uncaught error) marks itself dead, so the
// JobMaster, blocked in Atomics.wait, learns of it without its event loop.
process.on('exit', () => {
  Atomics.store(signal, 1 + index, 2);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});

port.on('message', (msg: TaskDescriptor | RemoveRequest) => {
  if ('type' in msg) { for (const p of msg.paths) rmSync(p, { recursive: true, force: true }); return; }
  const task = msg;
  const started = performance.now();
  const spill = new SpillManager(task.spillDir, task.compress);
  const readers: BatchFileReader[] = [];
  let shuffleBytesRead = 0;
  try {
    const plan = decodePlan(task.plan, resolveFunction);
    const perOperator = Math.floor(task.memoryBytes / Math.max(1, task.memoryConsumers));
    const counted: TaskMetrics['operatorRows'] = [];
    const ctx: ExecContext = {
      subtask: task.subtask,
      parallelism: task.parallelism,
      onOperator: (node, inner) => {
        const entry = { operator: node.op === 'scan' ? `scan ${node.table.db}.${node.table.name}` : node.op, rows: 0, ms: 0, node: nodeNumber(node) };
        counted.push(entry);
        return {
          types: inner.types,
          close: () => inner.close(),
          next: () => {
            const t = performance.now();
            const b = inner.next();
            entry.ms += performance.now() - t;
            if (b) entry.rows += b.length;
            return b;
          },
        };
      },
      scanSplits: task.scanSplits ? groupByPath(task.scanSplits) : undefined,
      memory: () => ({ bytes: perOperator, spill }),
      exchangeSource: (ex) => {
        const leaf = ex as ExchangeLeaf;
        const files = task.inputs[inputKey(leaf.source, leaf.output)] ?? [];
        return new SourcesOperator(ex.fields.map((f) => f.type), files.map((f) => () => {
          const r = new BatchFileReader(f, ex.fields.map((x) => x.type));
          shuffleBytesRead += r.size;
          readers.push(r);
          return r;
        }));
      },
    };
    const op = buildOperator(plan, ctx);
    const dir = dirname(task.results);
    if (dir !== madeDir) { mkdirSync(dir, { recursive: true }); madeDir = dir; }
    const layout = new Map(plan.fields.map((f, i) => [f.id, i]));
    const outputs = task.outputs.map((o) => ({
      ...o,
      writers: Array.from({ length: o.parts }, (_, c) => new BatchFileWriter(resultPath(task.results, o.output, c), task.types, task.compress)),
      keyFns: o.distribution === 'hash' ? (decodePlan(o.keys, resolveFunction) as unknown as BExpr[]).map((k) => compileExpr(k, layout)) : [],
    }));
    const writers = outputs.flatMap((o) => o.writers);
    let rowsOut = 0, batches = 0;
    try {
      for (let b = op.next(); b; b = op.next()) {
        if (task.inject && batches === 0) {
          if (task.inject.kind === 'exit') process.exit(70);
          throw new Error(`injected failure in ${task.stageName} (stage ${task.stage}, subtask ${task.subtask}, attempt ${task.attempt})`);
        }
        batches++;
        if (b.length === 0) continue;
        rowsOut += b.length;
        for (const out of outputs) {
          if (out.distribution === 'hash' && out.parts > 1) {
            const pids = partitionRows(out.keyFns.map((f) => f(b)), b.length, out.parts);
            splitByPartition(pids, b.length, out.parts).forEach((idx, c) => { if (idx.length) out.writers[c].write(gatherBatch(b, idx)); });
          } else if (out.distribution === 'rebalance') out.writers[(task.subtask + batches) % out.parts].write(b);
          else out.writers[0].write(b);
        }
      }
      if (task.inject && batches === 0) throw new Error(`injected failure in ${task.stageName} (stage ${task.stage}, subtask ${task.subtask}, attempt ${task.attempt})`);
    } finally {
      op.close();
      for (const w of writers) w.close();
    }
    const metrics: TaskMetrics = {
      rowsOut, operatorRows: counted.reverse(),
      shuffleBytesWritten: writers.reduce((s, w) => s + w.bytes, 0),
      shuffleRawBytes: writers.reduce((s, w) => s + w.rawBytes, 0),
      shuffleBytesRead, bytesSpilled: spill.metrics.bytesSpilled, spillFiles: spill.metrics.filesSpilled,
      millis: performance.now() - started,
    };
    spill.close();
    post({ type: 'done', key: task.key, metrics });
  } catch (e) {
    for (const r of readers) r.close();
    spill.close();
    for (const o of task.outputs) for (let c = 0; c < o.parts; c++) rmSync(resultPath(task.results, o.output, c), { force: true });
    const err = e as Error;
    post({ type: 'failed', key: task.key, message: err.message ?? String(e), operator: task.stageName, lostFile: e instanceof BatchFileError ? e.path : undefined, stack: err.stack });
  }
});

Atomics.store(signal, 1 + index, 1);
post({ type: 'ready', executor: index });
