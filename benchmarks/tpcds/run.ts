// The TPC-DS benchmark: hive-testbench's flow through a Sluice session — text external
// tables over a dsdgen-layout folder, INSERT OVERWRITE into partitioned ORC (or Parquet)
// tables, ANALYZE … COMPUTE STATISTICS FOR COLUMNS — then each query after a warm-up,
// timed, with its result checked against DuckDB on the same data in the same process
// (DuckDB tables loaded from the same text files). Writes a markdown report and an SVG
// chart to benchmarks/tpcds/results/.
//
// Usage: npm run bench:tpcds -- [--data DIR] [--format orc|parquet|text] [--slots N]
//          [--memory 256mb] [--name NAME] [--no-analyze] [--statistics-effect] [--scale SF] [queries…]
// With --scale it generates the data (sluice tpcds gen); without --data or --scale it
// unpacks ../shared/tpcds/sf1-sample.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Session } from '../../src/session/session.js';
import { splitStatements } from '../../src/sql/scriptSplitter.js';
import { resultRows } from '../../src/client/format.js';
import { differences, duck, duckRows, forDuckDB, limitedDifferences, mirrorTablesInDuck } from '../../test/oracle.js';
import { chartSvg } from './chart.js';
import { generateTpcds } from '../../src/tpcds/generate.js';
import { loadPartitioned, queryStatements } from '../../test/tpcdsWorkload.js';

/** The repository's root: this file runs from benchmarks/tpcds (tsx) or bundled from dist/. */
const REPO = (() => {
  for (let d = import.meta.dirname; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error(`no package.json above ${import.meta.dirname}`);
  }
})();
const SHARED = join(REPO, '..', 'shared', 'tpcds');
const argv = process.argv.slice(2);
const opt = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv.splice(i, 2)[1] : undefined; };
const flag = (name: string) => { const i = argv.indexOf(`--${name}`); if (i >= 0) argv.splice(i, 1); return i >= 0; };
const format = opt('format') ?? 'orc';
const slots = opt('slots') ?? '2';
const memory = opt('memory') ?? '512mb';
const scaleFactor = opt('scale');
const name = opt('name') ?? (scaleFactor ? `generated-sf${scaleFactor}-${format}` : `sf1-sample-${format}`);
let data = opt('data');
const analyze = !flag('no-analyze');
// Also time each query before ANALYZE, to show what statistics buy (same data, same run).
const statisticsEffect = flag('statistics-effect');
const queries = argv.map(Number).filter(Boolean);
const QUERIES = queries.length ? queries : Array.from({ length: 99 }, (_, i) => i + 1);

const work = mkdtempSync(join(tmpdir(), 'sluice-tpcds-bench-'));
const dataSteps: string[] = [];
if (!data && scaleFactor) {
  data = join(work, 'data');
  const t = performance.now();
  const tables = generateTpcds(Number(scaleFactor), data);
  dataSteps.push(`generated scale ${scaleFactor} (sluice tpcds gen): ${tables.reduce((a, x) => a + x.rows, 0)} rows in ${((performance.now() - t) / 1000).toFixed(1)} s`);
} else if (!data) {
  data = join(work, 'data');
  for (const f of readdirSync(join(SHARED, 'sf1-sample')).filter((n) => n.endsWith('.dat.gz'))) {
    const t = f.replace('.dat.gz', '');
    mkdirSync(join(data, t), { recursive: true });
    writeFileSync(join(data, t, `${t}.dat`), gunzipSync(readFileSync(join(SHARED, 'sf1-sample', f))));
  }
}

const s = new Session({ warehouse: join(work, 'warehouse'), hivevars: { LOCATION: data } });
s.config.set('taskmanager.numberOfTaskSlots', slots);
s.config.set('taskmanager.memory.managed.size', memory);
const exec = (sql: string, vars: Record<string, string> = {}) => {
  Object.assign(s.hivevars, vars);
  let last;
  for (const st of splitStatements(sql)) last = s.execute(st);
  return last;
};
const rssSoFar = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`;
const seconds = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s (peak RSS so far ${rssSoFar()})`;

// ---------------------------------------------------------------- load (hive-testbench)
let t0 = performance.now();
exec(readFileSync(join(SHARED, 'ddl/text/alltables.sql'), 'utf8'), { DB: 'tpcds_text' });
const loadSteps: string[] = [...dataSteps, `text tables: ${seconds(t0)}`];
const db = format === 'text' ? 'tpcds_text' : 'tpcds';
if (format !== 'text') {
  t0 = performance.now();
  loadPartitioned(SHARED, exec, db, 'tpcds_text', format);
  loadSteps.push(`INSERT OVERWRITE into partitioned ${format}: ${seconds(t0)}`);
}
const withoutStatistics = new Map<number, number>();
if (statisticsEffect && analyze) {
  exec(`use ${db};`);
  for (const q of QUERIES) {
    let ms = 0;
    for (const st of queryStatements(SHARED, q)) { exec(st); const t = performance.now(); exec(st); ms += performance.now() - t; }
    withoutStatistics.set(q, ms);
    console.log(`q${q} before ANALYZE: ${ms.toFixed(0)} ms`);
  }
}
if (analyze) {
  t0 = performance.now();
  exec(`use ${db};`);
  for (const t of s.catalog.listTables(db)) exec(`analyze table ${t} compute statistics for columns;`);
  loadSteps.push(`ANALYZE … FOR COLUMNS: ${seconds(t0)}`);
}
exec(`use ${db};`);

// ---------------------------------------------------------------- queries: Sluice
// Sluice runs every query before DuckDB loads anything, so the peak memory recorded
// below is Sluice's own (load, ANALYZE and all queries, with their worker threads).
interface Row { q: number; sluice: number; duck: number; rows: number; ok: boolean; note: string }
const results: Row[] = [];
const answers = new Map<number, { statements: string[]; rows: (string | null)[][][] }>();
const time = async (f: () => unknown) => { const t = performance.now(); await f(); return performance.now() - t; };
for (const q of QUERIES) {
  const statements = queryStatements(SHARED, q);
  const row: Row = { q, sluice: 0, duck: 0, rows: 0, ok: true, note: '' };
  const rows: (string | null)[][][] = [];
  try {
    for (const st of statements) {
      exec(st); // warm-up
      let result: ReturnType<typeof exec>;
      row.sluice += await time(() => { result = exec(st); });
      rows.push(result!.kind === 'rows' ? [...resultRows(result!)].map((r) => r.map((c) => (c === 'NULL' ? null : c))) : []);
    }
  } catch (e) { row.ok = false; row.note = (e as Error).message.split('\n')[0]; }
  row.rows = rows.reduce((a, r) => a + r.length, 0);
  results.push(row);
  answers.set(q, { statements, rows });
  console.log(`q${q}: ${row.ok ? '' : 'FAILED '}${row.rows} rows, Sluice ${row.sluice.toFixed(0)} ms${row.note ? ` — ${row.note}` : ''}`);
}
const peakRss = process.resourceUsage().maxRSS * 1024;

// ---------------------------------------------------------------- queries: DuckDB
const d = await duck();
t0 = performance.now();
await mirrorTablesInDuck(d, s.catalog, 'tpcds_text', true);
loadSteps.push(`DuckDB tables from the text files: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
s.close();
console.log(loadSteps.join('\n'));
for (const row of results) {
  if (!row.ok) continue;
  const { statements, rows } = answers.get(row.q)!;
  try {
    for (let i = 0; i < statements.length; i++) {
      const dsql = forDuckDB(statements[i]);
      await duckRows(d, dsql);
      let expected: unknown[][] = [];
      row.duck += await time(async () => { expected = await duckRows(d, dsql); });
      let diff = differences(rows[i], expected, true);
      const unlimited = statements[i].replace(/\blimit\s+\d+\s*$/i, '');
      if (diff && unlimited !== statements[i]) diff = limitedDifferences(rows[i], expected, await duckRows(d, forDuckDB(unlimited)));
      if (diff) { row.ok = false; row.note = diff.split('\n')[0]; }
    }
  } catch (e) { row.ok = false; row.note = `DuckDB: ${(e as Error).message.split('\n')[0]}`; }
  console.log(`q${row.q}: ${row.ok ? 'ok' : 'WRONG'} Sluice ${row.sluice.toFixed(0)} ms, DuckDB ${row.duck.toFixed(0)} ms${row.note ? ` — ${row.note}` : ''}`);
}

// ---------------------------------------------------------------- report
const timed = results.filter((r) => r.ok && r.duck > 0);
const total = (k: 'sluice' | 'duck') => timed.reduce((a, r) => a + r[k], 0);
const geo = Math.exp(timed.reduce((a, r) => a + Math.log(Math.max(r.sluice, 0.1) / Math.max(r.duck, 0.1)), 0) / Math.max(1, timed.length));
const correct = results.filter((r) => r.ok).length;
const slowest = [...timed].sort((a, b) => b.sluice - a.sluice).slice(0, 5);
const md = [
  `# TPC-DS ${name}`,
  '',
  `${new Date().toISOString().slice(0, 10)}; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}.`,
  `Sluice: ${format} tables (hive-testbench partitioned DDL), ${slots} task slots, managed memory ${memory}, statistics ${analyze ? 'from ANALYZE … FOR COLUMNS' : 'not gathered'}. DuckDB: in-memory tables loaded from the same text files, default threads.`,
  `Each query ran once to warm up, then once timed; results compared with DuckDB's (numbers within max(1e-4, 1e-9·|x|), ties on ORDER BY keys in any order; where LIMIT cuts through tied rows, Sluice's rows must be rows of DuckDB's unlimited result).`,
  '',
  loadSteps.map((l) => `- ${l}`).join('\n'),
  `- peak process memory (RSS) over Sluice's load, ANALYZE and queries: ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  '',
  `**${correct}/${results.length} correct.** Total ${(total('sluice') / 1000).toFixed(1)} s vs ${(total('duck') / 1000).toFixed(1)} s (${(total('sluice') / total('duck')).toFixed(1)}×); geometric mean of per-query ratios ${geo.toFixed(1)}×.`,
  '',
  `Slowest in Sluice: ${slowest.map((r) => `q${r.q} (${r.sluice.toFixed(0)} ms)`).join(', ')}.`,
  ...(withoutStatistics.size ? ['', `Statistics: ${results.map((r) => `q${r.q} ${withoutStatistics.get(r.q)?.toFixed(0)} ms before ANALYZE → ${r.sluice.toFixed(0)} ms after`).join('; ')}.`] : []),
  '',
  `| query | rows | Sluice ms |${withoutStatistics.size ? ' Sluice ms before ANALYZE |' : ''} DuckDB ms | Sluice/DuckDB | result |`,
  `| --- | --- | --- |${withoutStatistics.size ? ' --- |' : ''} --- | --- | --- |`,
  ...results.map((r) => `| q${r.q} | ${r.rows} | ${r.sluice.toFixed(0)} |${withoutStatistics.size ? ` ${withoutStatistics.get(r.q)?.toFixed(0) ?? '-'} |` : ''} ${r.duck.toFixed(0)} | ${r.duck > 0 ? (r.sluice / r.duck).toFixed(1) + '×' : '-'} | ${r.ok ? 'ok' : `wrong: ${r.note.replace(/\|/g, '\\|')}`} |`),
  '',
  `![per-query time](${name}.svg)`,
].join('\n');
const out = join(REPO, 'benchmarks', 'tpcds', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, `${name}.md`), md + '\n');
writeFileSync(join(out, `${name}.svg`), chartSvg(results.map((r) => ({ label: `q${r.q}`, a: r.sluice, b: r.duck })), 'Sluice', 'DuckDB', `TPC-DS ${name}: ms per query`));
console.log(md);
rmSync(work, { recursive: true, force: true });
process.exit(correct === results.length ? 0 : 1);
