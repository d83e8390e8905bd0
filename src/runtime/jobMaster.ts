// Runs a job graph on the TaskExecutors: schedules each subtask when the results it reads
// are complete (every task is its own pipelined region, since all edges are blocking),
// tracks where each result partition lives, and on a failure restarts what the failover
// strategy says — 'region': the failed task, plus producers whose results were lost (their
// TaskExecutor died, or a file is missing or corrupt); 'full': every task — while the
// restart strategy allows. Results are released once every consumer has finished.
import { existsSync, openSync, rmSync, writeSync, closeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { executionError } from '../errors.js';
import { BatchFileReader } from '../shuffle/batchFile.js';
import { SourcesOperator } from '../exec/operators/fileSource.js';
import type { Operator } from '../exec/operators/operator.js';
import { JobGraph, Stage, StageOutput } from './jobGraph.js';
import { TaskExecutor, TaskExecutorPool } from './taskExecutorPool.js';
import { inputKey, resultPath, type TaskDescriptor, type TaskInjection, type TaskMessage, type TaskMetrics } from './task.js';
import { RestartStrategy } from './restartStrategy.js';

/** A test hook: what to break, in which attempt of which subtask. */
export interface FailureInjection {
  stage: number;
  subtask: number;
  attempt: number;
  /** throw in the task; exit its worker thread mid-task; kill the TaskExecutor holding the
   *  task's first input just before the task starts; delete or corrupt a result file the
   *  task wrote, once it has finished. */
  kind: 'throw' | 'exit' | 'killInputHolder' | 'deleteResult' | 'corruptResult';
}

export interface JobOptions {
  slots: number;
  managedMemoryBytes: number;
  compress: boolean;
  failover: 'region' | 'full';
  restart: RestartStrategy;
  injections: FailureInjection[];
  /** Bounds the whole job; a job past it is cancelled. */
  timeoutMs: number;
  onProgress?(p: JobProgress): void;
}

export interface JobProgress { finished: number; total: number; elapsedMs: number; bytesSpilled: number }

export type TaskEvent = { stage: number; subtask: number; attempt: number; executor: number; state: 'DEPLOYING' | 'FINISHED' | 'FAILED' | 'CANCELED'; at: number; message?: string };

export interface JobMetrics {
  stages: { id: number; name: string; parallelism: number; inputs: number[]; consumers: number[] }[];
  events: TaskEvent[];
  /** Attempts started per task, `stage.subtask` → count. */
  attempts: Record<string, number>;
  restarts: number;
  tasks: { stage: number; subtask: number; metrics: TaskMetrics }[];
  shuffleBytesWritten: number;
  shuffleRawBytes: number;
  bytesSpilled: number;
  millis: number;
}

interface TaskState {
  stage: Stage;
  subtask: number;
  attempt: number;
  status: 'waiting' | 'running' | 'finished';
  executor: TaskExecutor | null;
  /** Its attempt's result files' common prefix (resultPath); '' before it is deployed. */
  results: string;
}

let jobSeq = 0;

export class JobMaster {
  private readonly tasks: TaskState[][];
  private readonly jobId = `job-${process.pid}-${Date.now().toString(36)}-${++jobSeq}`;
  private readonly released = new Set<number>();
  private restarts = 0;
  private readonly started = performance.now();
  private readonly metrics: JobMetrics;
  private readonly injections: FailureInjection[];
  private failures: number[] = [];
  /** Stack of the last task failure, kept as the job error's cause. */
  private lastStack: string | undefined;

  constructor(private readonly graph: JobGraph, private readonly encoded: { plan: unknown; keys: unknown[] }[],
    private readonly pool: TaskExecutorPool, private readonly opts: JobOptions) {
    this.tasks = graph.stages.map((s) => Array.from({ length: s.parallelism }, (_, i) => ({ stage: s, subtask: i, attempt: 0, status: 'waiting' as const, executor: null, results: '' })));
    this.injections = [...opts.injections];
    this.metrics = {
      stages: graph.stages.map((s) => ({ id: s.id, name: s.name, parallelism: s.parallelism, inputs: s.inputs.map((i) => i.stage), consumers: s.outputs.map((o) => o.consumer) })),
      events: [], attempts: {}, restarts: 0, tasks: [], shuffleBytesWritten: 0, shuffleRawBytes: 0, bytesSpilled: 0, millis: 0,
    };
  }

  /** Runs the job; the result is an operator over the last stage's output, which deletes
   *  the job's files when closed. */
  run(): { result: Operator; metrics: JobMetrics } {
    try {
      this.loop();
    } catch (e) {
      this.cleanup(true);
      throw e;
    }
    const root = this.graph.stages[this.graph.root];
    const files = this.tasks[root.id].map((t) => resultPath(t.results, 0, 0));
    const types = root.fields.map((f) => f.type);
    const source = new SourcesOperator(types, files.map((f) => () => new BatchFileReader(f, types)));
    const close = source.close.bind(source);
    source.close = () => { close(); this.cleanup(); };
    this.metrics.millis = performance.now() - this.started;
    this.metrics.restarts = this.restarts;
    return { result: source, metrics: this.metrics };
  }

  private get all(): TaskState[] { return this.tasks.flat(); }

  private loop(): void {
    const deadline = Date.now() + this.opts.timeoutMs;
    let lastProgress = 0;
    for (;;) {
      if (this.tasks[this.graph.root].every((t) => t.status === 'finished')) {
        this.opts.onProgress?.({ finished: this.all.length, total: this.all.length, elapsedMs: performance.now() - this.started, bytesSpilled: this.metrics.bytesSpilled });
        return;
      }
      for (const dead of this.pool.deaths()) this.lostExecutor(dead);
      this.pool.ensure(this.opts.slots);
      this.schedule();
      const messages = this.pool.poll(250);
      for (const { executor, message } of messages) this.handle(executor, message);
      for (const dead of this.pool.deaths()) this.lostExecutor(dead);
      // A task still marked running on an executor that is gone (killed here) is lost too.
      for (const t of this.all) if (t.status === 'running' && t.executor?.dead) this.lostExecutor(t.executor);
      if (Date.now() > deadline) throw executionError(`job ${this.jobId} did not finish within ${this.opts.timeoutMs / 1000} s; cancelled`);
      const now = performance.now();
      if (this.opts.onProgress && now - lastProgress > 200) {
        lastProgress = now;
        this.opts.onProgress({ finished: this.all.filter((t) => t.status === 'finished').length, total: this.all.length, elapsedMs: now - this.started, bytesSpilled: this.metrics.bytesSpilled });
      }
    }
  }

  private ready(t: TaskState): boolean {
    return t.stage.inputs.every((i) => this.tasks[i.stage].every((p) => p.status === 'finished'));
  }

  private schedule(): void {
    const idle = this.pool.live.slice(0, this.opts.slots).filter((e) => e.running === null);
    if (idle.length === 0) return;
    for (const t of this.all) {
      if (idle.length === 0) return;
      if (t.status !== 'waiting' || !this.ready(t)) continue;
      const inj = this.takeInjection(t, ['killInputHolder']);
      if (inj) {
        const holder = this.tasks[t.stage.inputs[0].stage][0].executor;
        if (holder && !holder.dead) { holder.kill(); this.lostExecutor(holder); return; }
      }
      this.deploy(t, idle.shift()!);
    }
  }

  private takeInjection(t: TaskState, kinds: FailureInjection['kind'][]): FailureInjection | undefined {
    const i = this.injections.findIndex((x) => kinds.includes(x.kind) && x.stage === t.stage.id && x.subtask === t.subtask && x.attempt === t.attempt);
    return i < 0 ? undefined : this.injections.splice(i, 1)[0];
  }

  private deploy(t: TaskState, ex: TaskExecutor): void {
    const s = t.stage;
    const key = `${s.id}.${t.subtask}.${t.attempt}`;
    t.results = join(ex.dir, this.jobId, `s${s.id}-t${t.subtask}-a${t.attempt}`);
    const inputs: Record<string, string[]> = {};
    for (const i of s.inputs) {
      const sub = i.distribution === 'hash' || i.distribution === 'rebalance' ? t.subtask : 0;
      // A forward edge reads only the producer subtask of the same index.
      const producers = i.distribution === 'forward' ? [this.tasks[i.stage][t.subtask]] : this.tasks[i.stage];
      inputs[inputKey(i.stage, i.output)] = producers.map((p) => resultPath(p.results, i.output, sub));
    }
    const outputs: TaskDescriptor['outputs'] = s.outputs.length === 0
      ? [{ output: 0, distribution: 'result', parts: 1, keys: [] }]
      : s.outputs.map((o, k) => ({
        output: k, distribution: o.distribution, keys: this.encoded[s.id].keys[k],
        parts: this.partsOf(o),
      }));
    const inj = this.takeInjection(t, ['throw', 'exit']);
    const task: TaskDescriptor = {
      key, stage: s.id, subtask: t.subtask, parallelism: s.parallelism, attempt: t.attempt, stageName: s.name,
      plan: this.encoded[s.id].plan, types: s.fields.map((f) => f.type),
      scanSplits: s.splits?.[t.subtask], inputs,
      results: t.results, outputs,
      memoryBytes: Math.floor(this.opts.managedMemoryBytes / this.opts.slots), memoryConsumers: s.memoryConsumers,
      spillDir: join(ex.dir, this.jobId, `spill-${key}`), compress: this.opts.compress,
      inject: inj ? ({ kind: inj.kind } as TaskInjection) : undefined,
    };
    t.status = 'running';
    t.executor = ex;
    const k = `${s.id}.${t.subtask}`;
    this.metrics.attempts[k] = (this.metrics.attempts[k] ?? 0) + 1;
    this.event(t, 'DEPLOYING');
    ex.run(task);
  }

  private event(t: TaskState, state: TaskEvent['state'], message?: string): void {
    this.metrics.events.push({ stage: t.stage.id, subtask: t.subtask, attempt: t.attempt, executor: t.executor?.id ?? -1, state, at: performance.now() - this.started, message });
  }

  private byKey(key: string): TaskState | undefined {
    const [s, i, a] = key.split('.').map(Number);
    const t = this.tasks[s]?.[i];
    return t && t.attempt === a && t.status === 'running' ? t : undefined;
  }

  private handle(ex: TaskExecutor, m: TaskMessage): void {
    if (m.type === 'ready') return;
    if (ex.running === m.key) ex.running = null;
    const t = this.byKey(m.key);
    if (!t) return; // an attempt already cancelled by a restart
    if (m.type === 'done') {
      t.status = 'finished';
      this.metrics.tasks.push({ stage: t.stage.id, subtask: t.subtask, metrics: m.metrics });
      this.metrics.shuffleBytesWritten += m.metrics.shuffleBytesWritten;
      this.metrics.shuffleRawBytes += m.metrics.shuffleRawBytes;
      this.metrics.bytesSpilled += m.metrics.bytesSpilled;
      this.event(t, 'FINISHED');
      const inj = this.takeInjection(t, ['deleteResult', 'corruptResult']);
      if (inj) breakResult(resultPath(t.results, 0, 0), inj.kind as 'deleteResult' | 'corruptResult');
      this.release();
      return;
    }
    let lost: TaskState | undefined;
    if (m.lostFile) lost = this.all.find((p) => p.status === 'finished' && p.results && m.lostFile!.startsWith(p.results + '-'));
    this.lastStack = m.stack;
    this.failed(t, m.message, lost ? [lost] : []);
  }

  private lostExecutor(ex: TaskExecutor): void {
    const running = this.all.filter((t) => t.status === 'running' && t.executor === ex);
    const lost = this.all.filter((t) => t.status === 'finished' && t.executor === ex && !this.released.has(t.stage.id));
    if (running.length === 0) {
      for (const p of lost) this.rerun(p);
      return;
    }
    for (const t of running) this.failed(t, `TaskExecutor ${ex.id} (worker thread) died while running ${t.stage.name} (stage ${t.stage.id}, subtask ${t.subtask}, attempt ${t.attempt})`, lost);
  }

  /** Puts a task back to waiting as a new attempt; its result (if any) is dropped. */
  private rerun(t: TaskState): void {
    if (t.results) for (const f of this.resultFiles(t)) rmSync(f, { force: true });
    if (t.status === 'running') this.event(t, 'CANCELED');
    t.status = 'waiting';
    t.attempt++; // a message from the old attempt no longer matches and is ignored
    t.executor = null;
  }

  private failed(t: TaskState, message: string, lostProducers: TaskState[]): void {
    this.event(t, 'FAILED', message);
    const now = Date.now();
    this.failures.push(now);
    const decision = this.opts.restart.canRestart(this.failures, now);
    if (!decision.ok) {
      const err = executionError(`Job failed: ${message} — in ${t.stage.name} (stage ${t.stage.id}, subtask ${t.subtask}, attempt ${t.attempt}); ${decision.why}`);
      if (this.lastStack) err.cause = Object.assign(new Error(message), { stack: this.lastStack });
      throw err;
    }
    this.restarts++;
    if (decision.delayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, decision.delayMs);
    if (this.opts.failover === 'full') {
      for (const x of this.all) if (x.status !== 'waiting' || x === t) this.rerun(x);
      this.released.clear();
      return;
    }
    this.rerun(t);
    for (const p of lostProducers) if (p.status === 'finished') this.rerun(p);
  }

  /** Deletes the results of stages whose consumers have all finished. */
  private release(): void {
    for (const s of this.graph.stages) {
      if (this.released.has(s.id) || s.outputs.length === 0) continue;
      if (s.outputs.every((o) => this.tasks[o.consumer].every((t) => t.status === 'finished'))) {
        this.released.add(s.id);
        // A dead executor's directory went with it.
        const byExecutor = new Map<TaskExecutor, string[]>();
        for (const t of this.tasks[s.id]) {
          if (!t.executor) continue;
          if (!byExecutor.has(t.executor)) byExecutor.set(t.executor, []);
          byExecutor.get(t.executor)!.push(...this.resultFiles(t));
        }
        for (const [ex, files] of byExecutor) ex.remove(files);
      }
    }
  }

  /** The files a deployed task writes: one per output and consumer subtask (or the result). */
  private resultFiles(t: TaskState): string[] {
    const s = t.stage;
    if (s.outputs.length === 0) return [resultPath(t.results, 0, 0)];
    return s.outputs.flatMap((o, k) => Array.from({ length: this.partsOf(o) }, (_, c) => resultPath(t.results, k, c)));
  }

  /** Files per producer subtask of an output: one per consumer subtask when partitioned. */
  private partsOf(o: StageOutput): number {
    return o.distribution === 'hash' || o.distribution === 'rebalance' ? this.graph.stages[o.consumer].parallelism : 1;
  }

  /** Deletes the job's files: each executor's job directory holds all its tasks' results
   *  (a dead executor's went with it). After a failure at once, so that nothing is left
   *  when the error reaches the user; after success by the executors, between tasks. */
  private cleanup(now = false): void {
    for (const ex of this.pool.live) {
      const dir = join(ex.dir, this.jobId);
      if (now) rmSync(dir, { recursive: true, force: true }); else ex.remove([dir]);
    }
  }
}


function breakResult(path: string, kind: 'deleteResult' | 'corruptResult'): void {
  if (!existsSync(path)) return;
  if (kind === 'deleteResult') { rmSync(path); return; }
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(Math.min(64, size), 0x5a), 0, Math.min(64, size), Math.floor(size / 3));
  closeSync(fd);
}
