// Times TPC-DS queries on the sf1-sample text tables in Sluice and in DuckDB (same files,
// same process), after one warm-up run each, and prints the ratio.
// Usage: npm run bench:tpcds-text [-- 3 7 19]
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { splitStatements } from '../../src/sql/scriptSplitter.js';
import { SHARED, textTables, time } from '../textTables.js';

const queries = process.argv.slice(2).map(Number).filter(Boolean);
const QUERIES = queries.length ? queries : [3, 7, 19, 42, 52, 55, 96];
const { s, duck, close } = await textTables();

const rowsOut: string[] = [];
let totalS = 0, totalD = 0, logSum = 0;
for (const q of QUERIES) {
  const sql = readFileSync(join(SHARED, `queries/query${q}.sql`), 'utf8');
  const run = () => { for (const st of splitStatements(sql)) s.execute(st); };
  const duckSql = sql.replace(/;\s*(--[^\n]*\s*)*$/, '');
  run(); await duck.runAndReadAll(duckSql); // warm-up
  const ts = await time(run);
  const td = await time(() => duck.runAndReadAll(duckSql));
  totalS += ts; totalD += td; logSum += Math.log(ts / td);
  rowsOut.push(`| q${q} | ${ts.toFixed(0)} | ${td.toFixed(0)} | ${(ts / td).toFixed(1)}× |`);
}
console.log(`TPC-DS sf1-sample, text tables, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Sluice single-threaded, DuckDB default threads`);
console.log('| query | Sluice ms | DuckDB ms | Sluice/DuckDB |\n| --- | --- | --- | --- |');
console.log(rowsOut.join('\n'));
console.log(`| total | ${totalS.toFixed(0)} | ${totalD.toFixed(0)} | ${(totalS / totalD).toFixed(1)}× |`);
console.log(`geometric mean of ratios: ${Math.exp(logSum / QUERIES.length).toFixed(1)}×`);
close();
