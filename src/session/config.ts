// Session configuration: Flink's keys for the engine and Hive's keys for Hive behaviour,
// set with SET and cleared with RESET.
import { validationError } from '../errors.js';

export interface ConfigOption { key: string; default: string; description: string; validate?: (v: string) => string | null }

const oneOf = (...vals: string[]) => (v: string) => (vals.includes(v.toLowerCase()) ? null : `must be one of ${vals.join(', ')}`);
const intAtLeast = (min: number) => (v: string) => (/^-?\d+$/.test(v) && Number(v) >= min ? null : `must be an integer >= ${min}`);
const bool = oneOf('true', 'false');

export const OPTIONS: ConfigOption[] = [
  { key: 'table.sql-dialect', default: 'hive', description: "SQL dialect; Sluice speaks HiveQL ('hive')", validate: (v) => (v.toLowerCase() === 'hive' ? null : "only the 'hive' dialect is supported") },
  { key: 'execution.runtime-mode', default: 'batch', description: 'batch (streaming is not supported)', validate: oneOf('batch') },
  { key: 'sluice.hive-dialect.load-hive-module', default: 'true', description: 'with the Hive dialect, load the hive module (after core) when a session starts', validate: bool },
  { key: 'table.exec.resource.default-parallelism', default: '-1', description: 'parallelism of shuffled operators; -1 = number of cores (used by the parallel runtime)', validate: intAtLeast(-1) },
  { key: 'hive.exec.dynamic.partition', default: 'true', description: 'allow dynamic partition inserts', validate: bool },
  { key: 'hive.exec.dynamic.partition.mode', default: 'strict', description: 'strict: a dynamic partition insert needs at least one static partition key', validate: oneOf('strict', 'nonstrict') },
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
