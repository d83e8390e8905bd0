// Times TPC-DS queries on the sf1-sample text tables in Sluice and in DuckDB (same files,
// same process), after one warm-up run each, and prints the ratio.
// Usage: npm run bench:tpcds-text [-- 3 7 19]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { Session } from '../../src/session/session.js';
import { splitStatements } from '../../src/sql/scriptSplitter.js';

const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'tpcds');
const queries = process.argv.slice(2).map(Number).filter(Boolean);
const QUERIES = queries.length ? queries : [3, 7, 19, 42, 52, 55, 96];

const data = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
for (const f of readdirSync(join(SHARED, 'sf1-sample')).filter((n) => n.endsWith('.dat.gz'))) {
  const t = f.replace('.dat.gz', '');
  mkdirSync(join(data, t));
  writeFileSync(join(data, t, `${t}.dat`), gunzipSync(readFileSync(join(SHARED, 'sf1-sample', f))));
}
const wh = join(data, '_warehouse');
const s = new Session({ warehouse: wh, hivevars: { DB: 'tpcds', LOCATION: data } });
for (const st of splitStatements(readFileSync(join(SHARED, 'ddl/text/alltables.sql'), 'utf8'))) s.execute(st);

const duck = await (await DuckDBInstance.create(':memory:')).connect();
for (const name of s.catalog.listTables('tpcds')) {
  const t = s.catalog.getTable('tpcds', name)!;
  const cols = t.columns.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const exprs = t.columns.map((c, i) => {
    const ty = c.type.toLowerCase();
    if (ty.startsWith('char') || ty.startsWith('varchar') || ty === 'string') return `${ty.startsWith('char') ? `rtrim(c${i}, ' ')` : `c${i}`} AS ${c.name}`;
    return `TRY_CAST(c${i} AS ${ty === 'int' ? 'INTEGER' : ty.toUpperCase()}) AS ${c.name}`;
  }).join(', ');
  // Both engines read the text files on every query: a view, not a loaded table.
  await duck.run(`CREATE VIEW ${name} AS SELECT ${exprs} FROM read_csv('${t.sd.location}/*', delim='|', header=false, quote='', escape='', nullstr='\\N', columns={${cols}}, null_padding=true)`);
}

const time = async (f: () => unknown | Promise<unknown>) => { const t0 = performance.now(); await f(); return performance.now() - t0; };
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
s.close();
rmSync(data, { recursive: true, force: true });
