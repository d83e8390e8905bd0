// All 99 TPC-DS queries on generated scale 0.01, loaded the hive-testbench way (text
// tables, INSERT OVERWRITE into partitioned ORC, ANALYZE … FOR COLUMNS), against DuckDB
// reading the same text files.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBConnection } from '@duckdb/node-api';
import { Session } from '../src/session/session.js';
import { SHARED, duck, expectTpcdsQueryLikeDuckDB, mirrorTablesInDuck, removeDir, run, tempDir } from './helpers.js';
import { loadPartitioned } from './tpcdsWorkload.js';

const QUERIES = Array.from({ length: 99 }, (_, i) => i + 1);

describe('TPC-DS: all 99 queries on generated scale 0.01 in partitioned ORC, against DuckDB', () => {
  let wh: string;
  let s: Session;
  let d: DuckDBConnection;
  const withRows = new Set<number>();

  beforeAll(async () => {
    wh = tempDir();
    s = new Session({ warehouse: wh, hivevars: { DB: 'tpcds_text', LOCATION: inject('tpcdsGenerated') } });
    run(s, readFileSync(join(SHARED, 'tpcds/ddl/text/alltables.sql'), 'utf8'));
    loadPartitioned(join(SHARED, 'tpcds'), (sql, vars) => { Object.assign(s.hivevars, vars); run(s, sql); }, 'tpcds', 'tpcds_text', 'orc');
    run(s, 'use tpcds;');
    for (const t of s.catalog.listTables('tpcds')) run(s, `analyze table ${t} compute statistics for columns;`);
    d = await duck();
    await mirrorTablesInDuck(d, s.catalog, 'tpcds_text', true);
  });
  afterAll(() => { s.close(); removeDir(wh); });

  for (const q of QUERIES) {
    it(`query${q}`, async () => {
      if (await expectTpcdsQueryLikeDuckDB(s, d, q) > 0) withRows.add(q);
    });
  }

  // A query without rows (or with one row of NULLs) checks nothing of what its operators
  // compute; the generator's domains and coverage purchases give every query rows.
  it('every query returns rows with values at scale 0.01', () => {
    expect(QUERIES.filter((q) => !withRows.has(q)).map((q) => `q${q}`)).toEqual([]);
  });
});
