// Shared test helpers: temporary warehouses, running SQL through a Session, and DuckDB as
// the oracle for query results.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { DuckDBConnection } from '@duckdb/node-api';
import { differences, duckRows, forDuckDB } from './oracle.js';
import { queryStatements } from './tpcdsWorkload.js';
import { Session } from '../src/session/session.js';
import { splitStatements } from '../src/sql/scriptSplitter.js';
import { StatementResult } from '../src/session/result.js';
import { resultRows } from '../src/client/format.js';

export const SHARED = join(import.meta.dirname, '..', '..', 'shared');

export function tempDir(prefix = 'sluice-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(d: string): void { rmSync(d, { recursive: true, force: true }); }

/** Runs every statement of a script; returns the result of the last one. */
export function run(s: Session, sql: string): StatementResult {
  let last: StatementResult = { kind: 'ok' };
  for (const st of splitStatements(sql)) last = s.execute(st);
  return last;
}

/** Rows of the last statement's result, each cell as the CLI prints it (NULL as null). */
export function rows(s: Session, sql: string): (string | null)[][] {
  const r = run(s, sql);
  if (r.kind !== 'rows') throw new Error(`statement returned no rows: ${sql}`);
  return [...resultRows(r)].map((row) => row.map((c) => (c === 'NULL' ? null : c)));
}

export { duck, duckRows, forDuckDB, mirrorTablesInDuck } from './oracle.js';

/** Runs each statement of TPC-DS query q in Sluice and DuckDB and fails on the first
 *  difference; returns how many rows Sluice gave that hold a value (an aggregate over no
 *  rows gives one row of NULLs, which checks nothing). */
export async function expectTpcdsQueryLikeDuckDB(s: Session, d: DuckDBConnection, q: number): Promise<number> {
  let n = 0;
  for (const st of queryStatements(join(SHARED, 'tpcds'), q)) {
    const actual = rows(s, st);
    expectSameRows(actual, await duckRows(d, forDuckDB(st)), true);
    n += actual.filter((row) => row.some((v) => v !== null)).length;
  }
  return n;
}

/** Fails the test with the first difference between Sluice's rows and DuckDB's. With
 *  ordered=true, rows must come in the same order — except that rows tied on the ORDER BY
 *  keys may be in either order, which shows as the same multiset of rows. */
export function expectSameRows(actual: (string | null)[][], expected: unknown[][], ordered = true): void {
  const d = differences(actual, expected, ordered);
  if (d !== null) expect.fail(d);
}
