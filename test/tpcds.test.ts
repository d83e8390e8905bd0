// TPC-DS queries on the sf1-sample text tables, checked against DuckDB on the same files.
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBConnection } from '@duckdb/node-api';
import { Session } from '../src/session/session.js';
import { SHARED, duck, expectTpcdsQueryLikeDuckDB, mirrorTablesInDuck, removeDir, run, tempDir } from './helpers.js';

// All 99 hive-testbench queries, as they are in ../shared/tpcds/queries.
const QUERIES = Array.from({ length: 99 }, (_, i) => i + 1);

describe('TPC-DS: all 99 queries on sf1-sample text tables, against DuckDB', () => {
  let wh: string;
  let s: Session;
  let d: DuckDBConnection;

  beforeAll(async () => {
    wh = tempDir();
    s = new Session({ warehouse: wh, hivevars: { DB: 'tpcds', LOCATION: inject('tpcdsData') } });
    run(s, readFileSync(join(SHARED, 'tpcds/ddl/text/alltables.sql'), 'utf8'));
    d = await duck();
    await mirrorTablesInDuck(d, s.catalog, 'tpcds', true);
  });
  afterAll(() => { s.close(); removeDir(wh); });

  for (const q of QUERIES) {
    it(`query${q}`, async () => { await expectTpcdsQueryLikeDuckDB(s, d, q); });
  }
});
