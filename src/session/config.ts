// Session configuration: Flink's keys for the engine and Hive's keys for Hive behaviour,
// set with SET and cleared with RESET.
import { validationError } from '../errors.js';

export interface ConfigOption { key: string; default: string; description: string; validate?: (v: string) => string | null }

const oneOf = (...vals: string[]) => (v: string) => (vals.includes(v.toLowerCase()) ? null : `must be one of ${vals.join(', ')}`);
const intAtLeast = (min: number) => (v: string) => (/^-?\d+$/.test(v) && Number(v) >= min ? null : `must be an integer >= ${min}`);
const bool = oneOf('true', 'false');
const memorySize = (v: string) => (/^\s*\d+(\.\d+)?\s*(b|bytes?|k|kb|m|mb|g|gb|t|tb|kibibytes?|mebibytes?|gibibytes?)?\s*$/i.test(v) ? null : 'must be a memory size such as 256mb or 1gb');
const duration = (v: string) => (/^\s*\d+(\.\d+)?\s*(ms|millis?|s|sec|secs|seconds?|min|minutes?|h|hours?)?\s*$/i.test(v) ? null : 'must be a duration such as 1 s or 500 ms');
const shuffleMode = (v: string) => {
  const u = v.toUpperCase();
  if (u === 'ALL_EDGES_BLOCKING' || u === 'FORWARD_EDGES_PIPELINED' || u === 'BATCH') return null;
  if (u === 'ALL_EDGES_PIPELINED' || u === 'PIPELINED') return 'unsupported: pipelined shuffle edges (this runtime writes every shuffle as a blocking result); use ALL_EDGES_BLOCKING or FORWARD_EDGES_PIPELINED';
  return 'must be one of ALL_EDGES_BLOCKING, FORWARD_EDGES_PIPELINED, ALL_EDGES_PIPELINED';
};

export const OPTIONS: ConfigOption[] = [
  { key: 'table.sql-dialect', default: 'hive', description: "SQL dialect; Sluice speaks HiveQL ('hive')", validate: (v) => (v.toLowerCase() === 'hive' ? null : "only the 'hive' dialect is supported") },
  { key: 'execution.runtime-mode', default: 'batch', description: 'batch (streaming is not supported)', validate: oneOf('batch') },
  { key: 'sluice.hive-dialect.load-hive-module', default: 'true', description: 'with the Hive dialect, load the hive module (after core) when a session starts', validate: bool },
  { key: 'table.exec.resource.default-parallelism', default: '-1', description: 'parallelism of shuffled operators; -1 = the number of task slots', validate: intAtLeast(-1) },
  { key: 'taskmanager.numberOfTaskSlots', default: '-1', description: 'TaskExecutor slots (worker threads) of the local runtime; -1 = the number of cores', validate: intAtLeast(-1) },
  { key: 'taskmanager.memory.managed.size', default: '512mb', description: 'managed memory shared by the slots; sorts, aggregates and joins spill past their fraction of it', validate: memorySize },
  { key: 'taskmanager.network.blocking-shuffle.compression.enabled', default: 'true', description: 'LZ4-compress shuffle and spill files (Arrow IPC LZ4_FRAME bodies)', validate: bool },
  { key: 'table.exec.shuffle-mode', default: 'ALL_EDGES_BLOCKING', description: 'result partition type of edges between tasks (forward edges are always chained into one task)', validate: shuffleMode },
  { key: 'jobmanager.execution.failover-strategy', default: 'region', description: 'region: restart the failed region and what it needs; full: restart every task', validate: oneOf('region', 'full') },
  { key: 'restart-strategy', default: 'fixed-delay', description: 'fixed-delay, failure-rate or none (also restart-strategy.type)', validate: oneOf('fixed-delay', 'fixeddelay', 'failure-rate', 'failurerate', 'none', 'off', 'disable') },
  { key: 'restart-strategy.type', default: '', description: 'same as restart-strategy (Flink 1.17+ name); wins when set' },
  { key: 'restart-strategy.fixed-delay.attempts', default: '3', description: 'restarts a job gets with fixed-delay', validate: intAtLeast(0) },
  { key: 'restart-strategy.fixed-delay.delay', default: '1 s', description: 'wait before each restart with fixed-delay', validate: duration },
  { key: 'restart-strategy.failure-rate.max-failures-per-interval', default: '1', description: 'failures allowed per interval with failure-rate', validate: intAtLeast(1) },
  { key: 'restart-strategy.failure-rate.failure-rate-interval', default: '1 min', description: 'interval of failure-rate', validate: duration },
  { key: 'restart-strategy.failure-rate.delay', default: '1 s', description: 'wait before each restart with failure-rate', validate: duration },
  { key: 'table.optimizer.join.broadcast-threshold', default: '10485760', description: 'largest estimated build side (bytes) broadcast to every probe subtask instead of hash-shuffled (Flink: 1 MB; Sluice follows Hive\'s 10 MB)', validate: memorySize },
  { key: 'table.optimizer.agg-phase-strategy', default: 'AUTO', description: 'TWO_PHASE and AUTO: count/sum/min/max/avg aggregate locally before the shuffle (under AUTO the local phase stops grouping when it keeps over 90% of 100,000 rows); ONE_PHASE: never', validate: (v) => (['auto', 'one_phase', 'two_phase'].includes(v.toLowerCase()) ? null : 'must be one of AUTO, ONE_PHASE, TWO_PHASE') },
  { key: 'table.optimizer.join-reorder-enabled', default: 'true', description: 'order joins by cost (dynamic programming up to 10 relations, greedy beyond); false keeps the rule-based order', validate: bool },
  { key: 'table.optimizer.dynamic-filtering.enabled', default: 'true', description: 'a partitioned table joined on its partition key with a small filtered table reads only the partitions whose key that table returns (run at plan time)', validate: bool },
  { key: 'table.optimizer.reuse-sub-plan-enabled', default: 'true', description: 'compute identical sub-plans (a CTE or subquery used twice) once and read the result in each place', validate: bool },
  { key: 'table.exec.hive.infer-source-parallelism.max', default: '-1', description: 'most subtasks of a table scan (one per file group of about equal bytes); -1 = the default parallelism', validate: intAtLeast(-1) },
  { key: 'sluice.job.timeout', default: '2 h', description: 'a job running longer is cancelled', validate: duration },
  { key: 'hive.exec.dynamic.partition', default: 'true', description: 'allow dynamic partition inserts', validate: bool },
  { key: 'hive.exec.dynamic.partition.mode', default: 'strict', description: 'strict: a dynamic partition insert needs at least one static partition key', validate: oneOf('strict', 'nonstrict') },
  { key: 'table.exec.hive.sink.sort-by-dynamic-partition.enable', default: 'true', description: 'sort rows by dynamic partition values before writing, so one partition file is open at a time', validate: bool },
  { key: 'hive.exec.max.dynamic.partitions', default: '1000', description: 'most partitions one dynamic partition insert may create', validate: intAtLeast(1) },
  { key: 'hive.default.fileformat', default: 'TEXTFILE', description: 'storage format of CREATE TABLE without STORED AS', validate: oneOf('textfile', 'orc', 'parquet') },
  { key: 'orc.compress', default: 'ZLIB', description: 'ORC compression of written files (a table property of the same name wins)', validate: oneOf('none', 'zlib', 'snappy', 'lz4') },
  { key: 'orc.stripe.size', default: '67108864', description: 'bytes of (compressed) data per ORC stripe', validate: intAtLeast(1024) },
  { key: 'orc.row.index.stride', default: '10000', description: 'rows per ORC row group (row index entry)', validate: intAtLeast(1) },
  { key: 'orc.bloom.filter.columns', default: '', description: 'comma-separated columns that get ORC bloom filters' },
  { key: 'parquet.compression', default: 'SNAPPY', description: 'Parquet compression of written files (a table property of the same name wins)', validate: oneOf('uncompressed', 'none', 'snappy', 'gzip', 'lz4') },
  { key: 'parquet.block.rows', default: '1000000', description: 'rows per Parquet row group written', validate: intAtLeast(1) },
  { key: 'hive.cli.errors.ignore', default: 'false', description: 'with -f, report a failing statement and go on', validate: bool },
  { key: 'hive.cli.print.header', default: 'false', description: 'with -e/-f, print column names before rows', validate: bool },
  { key: 'hive.metastore.uris', default: '', description: 'metastore of the default catalog (thrift://host:port,…); empty = the embedded metastore over the warehouse' },
  { key: 'hive.metastore.client.socket.timeout', default: '60s', description: 'timeout of each metastore call (and of connecting)' },
  { key: 'hive.metastore.failure.retries', default: '1', description: 'reconnection attempts after a lost metastore connection', validate: intAtLeast(0) },
  { key: 'hive.metastore.client.connect.retry.delay', default: '1s', description: 'wait between reconnection attempts' },
  { key: 'sql-client.execution.progress', default: 'auto', description: 'progress line of jobs longer than a second on stderr: auto (when a terminal), true, false', validate: oneOf('auto', 'true', 'false') },
  { key: 'sql-client.display.max-column-width', default: '40', description: 'widest column in interactive tables', validate: intAtLeast(1) },
];

const BY_KEY = new Map(OPTIONS.map((o) => [o.key, o]));

export class SessionConfig {
  private values = new Map<string, string>();

  get(key: string): string {
    return this.values.get(key) ?? BY_KEY.get(key)?.default ?? '';
  }
  getBoolean(key: string): boolean { return this.get(key).toLowerCase() === 'true'; }
  getInt(key: string): number { return Number(this.get(key)); }

  set(key: string, value: string): void {
    const opt = BY_KEY.get(key);
    const problem = opt?.validate?.(value);
    if (problem) throw validationError(`invalid value '${value}' for ${key}: ${problem}`);
    this.values.set(key, value);
  }

  reset(key?: string): void {
    if (key === undefined) this.values.clear(); else this.values.delete(key);
  }

  /** Every option that has a value: the defaults, then anything else that was set. */
  entries(): [string, string][] {
    const out = new Map<string, string>(OPTIONS.map((o) => [o.key, this.get(o.key)]));
    for (const [k, v] of this.values) out.set(k, v);
    return [...out.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  has(key: string): boolean { return this.values.has(key) || BY_KEY.has(key); }
}
