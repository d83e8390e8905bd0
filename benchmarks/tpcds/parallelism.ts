// Issue 6's benchmark: TPC-DS queries on the sf1-sample text tables with 1 and 2 task
// slots (parallelism 1 and 2), and DuckDB on the same files in the same run, each after a
// warm-up. Prints per-query times, the 2-slot speedup and the ratios to DuckDB.
// Usage: npm run bench:parallel [-- 3 7 19]
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { splitStatements } from '../../src/sql/scriptSplitter.js';
import { SHARED, textTables, time } from '../textTables.js';

const args = process.argv.slice(2).map(Number).filter(Boolean);
const QUERIES = args.length ? args : [3, 7, 19, 42, 52, 55, 96];
const { s, duck, close } = await textTables();

const setSlots = (n: number) => {
  s.config.set('taskmanager.numberOfTaskSlots', String(n));
  s.config.set('table.exec.resource.default-parallelism', String(n));
};
const lines: string[] = [];
const totals = { p1: 0, p2: 0, duck: 0 };
let logSpeedup = 0, logRatio = 0;
for (const q of QUERIES) {
  const sql = readFileSync(join(SHARED, `queries/query${q}.sql`), 'utf8');
  const runQ = () => { for (const st of splitStatements(sql)) s.execute(st); };
  const duckSql = sql.replace(/;\s*(--[^\n]*\s*)*$/, '');
  const timed = async (slots: number) => { setSlots(slots); runQ(); return time(runQ); };
  const p1 = await timed(1);
  const p2 = await timed(2);
  const shuffled = s.runtime.lastJob ? (s.runtime.lastJob.shuffleBytesWritten / 1e6).toFixed(1) : '-';
  await duck.runAndReadAll(duckSql);
  const td = await time(() => duck.runAndReadAll(duckSql));
  totals.p1 += p1; totals.p2 += p2; totals.duck += td;
  logSpeedup += Math.log(p1 / p2); logRatio += Math.log(p2 / td);
  lines.push(`| q${q} | ${p1.toFixed(0)} | ${p2.toFixed(0)} | ${(p1 / p2).toFixed(2)}× | ${shuffled} | ${td.toFixed(0)} | ${(p2 / td).toFixed(1)}× |`);
}
console.log(`TPC-DS sf1-sample, text tables, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; DuckDB default threads; managed memory ${s.config.get('taskmanager.memory.managed.size')}`);
console.log('| query | Sluice 1 slot ms | Sluice 2 slots ms | speedup | shuffle MB (2 slots) | DuckDB ms | Sluice(2)/DuckDB |\n| --- | --- | --- | --- | --- | --- | --- |');
console.log(lines.join('\n'));
console.log(`| total | ${totals.p1.toFixed(0)} | ${totals.p2.toFixed(0)} | ${(totals.p1 / totals.p2).toFixed(2)}× | | ${totals.duck.toFixed(0)} | ${(totals.p2 / totals.duck).toFixed(1)}× |`);
console.log(`geometric mean: speedup ${Math.exp(logSpeedup / QUERIES.length).toFixed(2)}×, Sluice(2)/DuckDB ${Math.exp(logRatio / QUERIES.length).toFixed(1)}×`);
close();
process.exit(0);
