// Runs a session's optimized plan: places exchanges, cuts the job graph, ships each stage's
// plan to the TaskExecutors and returns the result as an operator. Plans that cannot be
// shipped (they hold code that is not a module or user function) run in this thread.
import { availableParallelism } from 'node:os';
import { LogicalPlan } from '../planner/logicalPlan.js';
import { placeExchanges } from '../planner/exchanges.js';
import { narrowExchanges } from '../planner/exchangeColumns.js';
import { forwardRepeatedSubplans } from '../planner/forwardReuse.js';
import { buildOperator } from '../planner/physicalPlanner.js';
import type { Operator } from '../exec/operators/operator.js';
import type { SessionConfig } from '../session/config.js';
import type { FunctionResolver } from '../module/functionResolver.js';
import { validationError } from '../errors.js';
import { buildJobGraph, JobGraph } from './jobGraph.js';
import { CannotShipError, encodePlan, functionRefs } from './planCodec.js';
import { FailureInjection, JobMaster, JobMetrics, JobProgress } from './jobMaster.js';
import { sharedPool } from './taskExecutorPool.js';
import { RestartStrategy, failureRate, fixedDelay, noRestart } from './restartStrategy.js';

export interface RuntimeHooks {
  /** Test-only failure injection for the next jobs (each fires once). */
  injections: FailureInjection[];
  /** Metrics of the last job run on the TaskExecutors. */
  lastJob: JobMetrics | null;
  lastGraph: JobGraph | null;
  /** Why the last plan ran in the client thread instead (it could not be shipped). */
  localReason?: string;
  onProgress?(p: JobProgress): void;
}

export function newRuntimeHooks(): RuntimeHooks { return { injections: [], lastJob: null, lastGraph: null }; }

/** Bytes from Flink's memory size syntax: 128mb, 1 gb, 512m, 1024 (bytes). */
export function parseMemorySize(v: string, key = 'memory size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|bytes?|k|kb|kibibytes?|m|mb|mebibytes?|g|gb|gibibytes?|t|tb)?\s*$/i.exec(v);
  if (!m) throw validationError(`invalid memory size '${v}' for ${key}: expected e.g. 256mb or 1gb`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : unit === 't' ? 1024 ** 4 : 1;
  return Math.floor(Number(m[1]) * mult);
}

/** Milliseconds from Flink's duration syntax: 1 s, 500ms, 2 min, 1000 (ms). */
export function parseDuration(v: string, key = 'duration'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|milli|millis|s|sec|secs|second|seconds|min|minute|minutes|h|hour|hours)?\s*$/i.exec(v);
  if (!m) throw validationError(`invalid duration '${v}' for ${key}: expected e.g. 1 s or 500 ms`);
  const u = (m[2] ?? 'ms').toLowerCase();
  const mult = u.startsWith('ms') || u.startsWith('milli') ? 1 : u.startsWith('s') ? 1000 : u.startsWith('m') ? 60_000 : 3_600_000;
  return Number(m[1]) * mult;
}

export function slotsOf(config: SessionConfig): number {
  const v = config.getInt('taskmanager.numberOfTaskSlots');
  return v > 0 ? v : availableParallelism();
}

function restartStrategyOf(config: SessionConfig): RestartStrategy {
  const kind = (config.get('restart-strategy.type') || config.get('restart-strategy')).toLowerCase();
  switch (kind) {
    case 'none': case 'off': case 'disable': return noRestart;
    case 'failure-rate': case 'failurerate':
      return failureRate(config.getInt('restart-strategy.failure-rate.max-failures-per-interval'),
        parseDuration(config.get('restart-strategy.failure-rate.failure-rate-interval')), parseDuration(config.get('restart-strategy.failure-rate.delay')));
    default:
      return fixedDelay(config.getInt('restart-strategy.fixed-delay.attempts'), parseDuration(config.get('restart-strategy.fixed-delay.delay')));
  }
}

export interface ExecuteOptions { config: SessionConfig; functions: FunctionResolver; hooks: RuntimeHooks }

/** The plan with its exchanges, as it will run (EXPLAIN shows this). */
export function distributedPlan(plan: LogicalPlan, config: SessionConfig): LogicalPlan {
  const placed = placeExchanges(plan, {
    broadcastThreshold: parseMemorySize(config.get('table.optimizer.join.broadcast-threshold'), 'table.optimizer.join.broadcast-threshold'),
    aggPhase: config.get('table.optimizer.agg-phase-strategy'),
  });
  return narrowExchanges(config.getBoolean('table.optimizer.reuse-sub-plan-enabled') ? forwardRepeatedSubplans(placed) : placed);
}

/** Runs a plan; `distributed` is its distributed form when the caller made it already
 *  (EXPLAIN ANALYZE numbers its nodes first). */
export function executePlan(plan: LogicalPlan, o: ExecuteOptions, distributed?: LogicalPlan): Operator {
  const slots = slotsOf(o.config);
  const dp = o.config.getInt('table.exec.resource.default-parallelism');
  const parallelism = dp > 0 ? dp : slots;
  const withExchanges = distributed ?? distributedPlan(plan, o.config);
  const sourceMax = o.config.getInt('table.exec.hive.infer-source-parallelism.max');
  const graph = buildJobGraph(withExchanges, {
    // More scan subtasks than slots would only run in waves and re-read (and re-hash) every
    // broadcast input once more per subtask.
    parallelism, maxSourceParallelism: sourceMax > 0 ? sourceMax : parallelism,
    reuseSubplans: o.config.getBoolean('table.optimizer.reuse-sub-plan-enabled'),
  });
  let encoded: { plan: unknown; keys: unknown[] }[];
  try {
    const refs = functionRefs(o.functions);
    encoded = graph.stages.map((s) => ({ plan: encodePlan(s.plan, refs), keys: s.outputs.map((o) => encodePlan(o.keys as never, refs)) }));
  } catch (e) {
    if (e instanceof CannotShipError && !process.env.SLUICE_REQUIRE_SHIPPING) {
      o.hooks.lastJob = null;
      o.hooks.localReason = e.message;
      return buildOperator(plan);
    }
    throw e;
  }
  o.hooks.lastGraph = graph;
  o.hooks.localReason = undefined;
  const injections = o.hooks.injections.splice(0);
  const master = new JobMaster(graph, encoded, sharedPool(), {
    slots,
    managedMemoryBytes: parseMemorySize(o.config.get('taskmanager.memory.managed.size'), 'taskmanager.memory.managed.size'),
    compress: o.config.getBoolean('taskmanager.network.blocking-shuffle.compression.enabled'),
    failover: o.config.get('jobmanager.execution.failover-strategy').toLowerCase() === 'full' ? 'full' : 'region',
    restart: restartStrategyOf(o.config),
    injections,
    timeoutMs: parseDuration(o.config.get('sluice.job.timeout'), 'sluice.job.timeout'),
    onProgress: o.hooks.onProgress,
  });
  const { result, metrics } = master.run();
  o.hooks.lastJob = metrics;
  return result;
}
