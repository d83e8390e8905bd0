// The hive-testbench TPC-DS workload as tests and benchmarks run it: a query file's
// statements, and the partitioned load. No vitest here, so benchmarks use it too.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The statements of queries/query<q>.sql (some files hold several, q39 and others). */
export function queryStatements(tpcdsDir: string, q: number): string[] {
  return readFileSync(join(tpcdsDir, `queries/query${q}.sql`), 'utf8')
    .split(';').map((x) => x.trim()).filter((x) => x.replace(/--[^\n]*/g, '').trim() !== '');
}

/** hive-testbench's partitioned load: every ddl/partitioned table file with its settings
 *  (settings/load-partitioned.sql), INSERT OVERWRITE from the text database `source`. */
export function loadPartitioned(tpcdsDir: string, exec: (sql: string, vars: Record<string, string>) => void, db: string, source: string, format: string): void {
  exec('set hive.exec.dynamic.partition.mode=nonstrict; set hive.exec.max.dynamic.partitions=100000;', {});
  const dir = join(tpcdsDir, 'ddl/partitioned');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql') && x !== 'analyze.sql' && x !== 'add_constraints.sql').sort()) {
    exec(readFileSync(join(dir, f), 'utf8'), { DB: db, SOURCE: source, FILE: format });
  }
}
