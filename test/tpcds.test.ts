// TPC-DS queries on the sf1-sample text tables, checked against DuckDB on the same files.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBConnection } from '@duckdb/node-api';
import { Session } from '../src/session/session.js';
import { SHARED, duck, duckRows, expectSameRows, mirrorTablesInDuck, removeDir, rows, run, tempDir } from './helpers.js';

const QUERIES = [3, 7, 19, 42, 52, 55, 96];

describe('TPC-DS on sf1-sample text tables, against DuckDB', () => {
  let wh: string;
  let s: Session;
  let d: DuckDBConnection;

  beforeAll(async () => {
    wh = tempDir();
    s = new Session({ warehouse: wh, hivevars: { DB: 'tpcds', LOCATION: inject('tpcdsData') } });
    run(s, readFileSync(join(SHARED, 'tpcds/ddl/text/alltables.sql'), 'utf8'));
    d = await duck();
    await mirrorTablesInDuck(d, s.catalog, 'tpcds');
  });
  afterAll(() => { s.close(); removeDir(wh); });

  for (const q of QUERIES) {
    it(`query${q}`, async () => {
      const sql = readFileSync(join(SHARED, `tpcds/queries/query${q}.sql`), 'utf8');
      const actual = rows(s, sql);
      const expected = await duckRows(d, sql.replace(/;\s*(--[^\n]*\s*)*$/, ''));
      expect(expected.length).toBeGreaterThan(0);
      expectSameRows(actual, expected, true);
    });
  }
});
