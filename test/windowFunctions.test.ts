// Window functions against DuckDB on the same rows: ranking, offset and aggregate windows,
// ROWS and RANGE frames (value offsets included), PARTITION BY and ORDER BY with ties and
// NULLs. Both engines order NULLs first ascending, last descending (Hive's default).
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DuckDBConnection } from '@duckdb/node-api';
import { Session } from '../src/session/session.js';
import { duck, duckRows, expectSameRows, removeDir, rows, run, tempDir } from './helpers.js';

const ROWS = [
  ['a', 1, 10.0, '1.50'], ['a', 2, 20.0, '2.25'], ['a', 2, 5.0, '3.00'], ['a', 4, null, '4.75'], ['a', null, 7.0, null],
  ['b', 1, 1.0, '0.10'], ['b', 3, 3.0, '0.20'], ['b', 6, 6.0, '0.30'], ['b', 7, null, '0.40'], ['b', 10, 10.0, '0.50'],
  ['c', 5, 2.5, '9.99'], [null, 1, 100.0, '1.00'],
];

let dir: string;
let s: Session;
let c: DuckDBConnection;

beforeAll(async () => {
  dir = tempDir();
  s = new Session({ warehouse: dir });
  const values = ROWS.map((r) => `(${r.map((x, i) => (x === null ? 'NULL' : i === 0 ? `'${x}'` : i === 3 ? `CAST(${x} AS decimal(5,2))` : String(x))).join(', ')})`).join(', ');
  run(s, `CREATE TABLE w (g string, o int, v double, d decimal(5,2)); INSERT INTO w VALUES ${values}`);
  c = await duck();
  await c.run(`CREATE TABLE w (g VARCHAR, o INTEGER, v DOUBLE, d DECIMAL(5,2)); INSERT INTO w VALUES ${values}`);
});
afterAll(() => { s.close(); removeDir(dir); c?.closeSync(); });

/** Each query returns the row's identity (g, o, v) and window results; compared unordered. */
const QUERIES: [string, string][] = [
  ['ranking', 'row_number() OVER (PARTITION BY g ORDER BY o, v), rank() OVER (PARTITION BY g ORDER BY o), dense_rank() OVER (PARTITION BY g ORDER BY o)'],
  ['percent_rank and cume_dist', 'percent_rank() OVER (PARTITION BY g ORDER BY o), cume_dist() OVER (PARTITION BY g ORDER BY o)'],
  ['ntile', 'ntile(3) OVER (ORDER BY o, v, g), ntile(2) OVER (PARTITION BY g ORDER BY v DESC)'],
  ['lag and lead', 'lag(v) OVER (PARTITION BY g ORDER BY o, v), lead(v, 2) OVER (PARTITION BY g ORDER BY o, v), lag(o, 1, -1) OVER (ORDER BY g, o, v)'],
  ['first_value and last_value', 'first_value(v) OVER (PARTITION BY g ORDER BY o, v), last_value(v) OVER (PARTITION BY g ORDER BY o, v ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)'],
  ['whole-partition aggregates', 'sum(v) OVER (PARTITION BY g), count(*) OVER (PARTITION BY g), avg(v) OVER (PARTITION BY g), min(o) OVER (PARTITION BY g), max(v) OVER ()'],
  ['running (default RANGE) frame with ties', 'sum(v) OVER (PARTITION BY g ORDER BY o), count(v) OVER (PARTITION BY g ORDER BY o)'],
  ['ROWS frames', 'sum(v) OVER (PARTITION BY g ORDER BY o, v ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), avg(v) OVER (ORDER BY g, o, v ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), max(v) OVER (PARTITION BY g ORDER BY o, v ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)'],
  ['RANGE frames with value offsets', 'sum(v) OVER (PARTITION BY g ORDER BY o RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER (PARTITION BY g ORDER BY o RANGE BETWEEN 3 PRECEDING AND CURRENT ROW), min(v) OVER (PARTITION BY g ORDER BY o DESC RANGE BETWEEN 2 PRECEDING AND CURRENT ROW)'],
  ['calls sharing key ranks and one sort', 'sum(v) OVER (PARTITION BY o, g), row_number() OVER (PARTITION BY g, o ORDER BY v), rank() OVER (PARTITION BY g ORDER BY o DESC, v), avg(d) OVER (PARTITION BY g, o ORDER BY v DESC), count(v) OVER (PARTITION BY g, o ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)'],
  ['RANGE on a decimal key', 'sum(v) OVER (ORDER BY d RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)'],
  ['statistical aggregates over windows', 'stddev_samp(v) OVER (PARTITION BY g), var_pop(v) OVER (PARTITION BY g ORDER BY o, v ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)'],
  ['running and sliding min/max (frames that only move forward)', 'max(v) OVER (PARTITION BY g ORDER BY o, v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), min(v) OVER (PARTITION BY g ORDER BY o, v ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), max(o) OVER (ORDER BY g, o, v ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING), min(g) OVER (ORDER BY v ROWS BETWEEN 2 FOLLOWING AND 4 FOLLOWING), max(v) OVER (PARTITION BY g ORDER BY o RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING), min(d) OVER (ORDER BY o, v, g)'],
  ['decimal sums and averages', 'sum(d) OVER (PARTITION BY g ORDER BY o, v), avg(d) OVER (PARTITION BY g)'],
];

describe('window functions equal DuckDB', () => {
  for (const [name, exprs] of QUERIES) {
    it(name, async () => {
      const sql = `SELECT g, o, v, ${exprs} FROM w`;
      expectSameRows(rows(s, sql), await duckRows(c, sql), false);
    });
  }
});
