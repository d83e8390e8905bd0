// Scan speed of Sluice's ORC and Parquet readers against DuckDB's read_parquet on the
// same file, in one run: store_sales from the sf1-sample, sorted by ss_sold_date_sk and
// written by Sluice as ORC (zlib) and Parquet (snappy). Two scans: every column, and 3
// columns under a selective date predicate (which statistics can prune).
// Run: npm run bench:scan
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { textTables, time } from './textTables.js';
import { OrcFile } from '../src/formats/orc/orcReader.js';
import { ParquetFile } from '../src/formats/parquet/parquetReader.js';
import { ScanPredicate } from '../src/formats/scanPredicate.js';
import { splitStatements } from '../src/sql/scriptSplitter.js';

const { s, duck, close } = await textTables();
try {
  const exec = (sql: string) => { for (const st of splitStatements(sql)) s.execute(st); };
  exec('set parquet.block.rows=100000');
  for (const f of ['orc', 'parquet']) {
    exec(`create table tpcds.ss_${f} stored as ${f} as select * from tpcds.store_sales order by ss_sold_date_sk`);
  }
  const fileOf = (f: string) => {
    const dir = s.catalog.getTable('tpcds', `ss_${f}`)!.sd.location;
    return join(dir, readdirSync(dir).find((n) => !n.startsWith('.'))!);
  };
  const orcPath = fileOf('orc'), pqPath = fileOf('parquet');
  const columns = s.catalog.getTable('tpcds', 'ss_orc')!.columns.map((c) => c.name);
  const pick = ['ss_sold_date_sk', 'ss_item_sk', 'ss_net_paid'].map((c) => columns.indexOf(c));
  // About 1% of the dates in the sample.
  const lo = 2451500, hi = 2451520;
  const preds: ScanPredicate[] = [{ op: 'ge', column: pick[0], value: lo }, { op: 'le', column: pick[0], value: hi }];

  const drain = (r: { next(): { length: number } | null }) => { let n = 0; for (let b = r.next(); b; b = r.next()) n += b.length; return n; };
  let rows = 0;
  const scans: { name: string; run: () => Promise<number> | number }[] = [
    { name: 'ORC all columns (Sluice)', run: () => { const f = OrcFile.open(orcPath); try { return drain(f.rows()); } finally { f.close(); } } },
    { name: 'Parquet all columns (Sluice)', run: () => { const f = ParquetFile.open(pqPath); try { return drain(f.rows()); } finally { f.close(); } } },
    {
      name: 'Parquet all columns (DuckDB)',
      run: async () => {
        const r = await duck.runAndReadAll(`select count(*), ${columns.map((c) => `max(${c})`).join(', ')} from read_parquet('${pqPath}')`);
        return Number(r.getRowsJS()[0][0]);
      },
    },
    { name: '3 columns, date range (ORC, Sluice)', run: () => { const f = OrcFile.open(orcPath); try { drain(f.rows({ columns: pick, predicates: preds })); return rows; } finally { f.close(); } } },
    { name: '3 columns, date range (Parquet, Sluice)', run: () => { const f = ParquetFile.open(pqPath); try { drain(f.rows({ columns: pick, predicates: preds })); return rows; } finally { f.close(); } } },
    {
      name: '3 columns, date range (Parquet, DuckDB)',
      run: async () => {
        await duck.runAndReadAll(`select ss_sold_date_sk, ss_item_sk, ss_net_paid from read_parquet('${pqPath}') where ss_sold_date_sk between ${lo} and ${hi}`);
        return rows;
      },
    },
  ];
  rows = (await duck.runAndReadAll('select count(*) from store_sales')).getRowsJS()[0][0] as unknown as number;
  rows = Number(rows);
  console.log(`store_sales: ${rows} rows; ORC ${orcPath}, Parquet ${pqPath}`);
  const results = new Map<string, number>();
  for (const sc of scans) {
    await sc.run(); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await time(sc.run));
    const ms = times.sort((a, b) => a - b)[2];
    results.set(sc.name, ms);
    console.log(`${sc.name.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms  ${(rows / ms / 1000).toFixed(2).padStart(7)} M rows/s`);
  }
  const ratio = (a: string, b: string) => (results.get(a)! / results.get(b)!).toFixed(2);
  console.log(`ratio Sluice/DuckDB, all columns: ORC ${ratio('ORC all columns (Sluice)', 'Parquet all columns (DuckDB)')}×, Parquet ${ratio('Parquet all columns (Sluice)', 'Parquet all columns (DuckDB)')}×`);
  console.log(`ratio Sluice/DuckDB, 3 columns + predicate: ORC ${ratio('3 columns, date range (ORC, Sluice)', '3 columns, date range (Parquet, DuckDB)')}×, Parquet ${ratio('3 columns, date range (Parquet, Sluice)', '3 columns, date range (Parquet, DuckDB)')}×`);
  console.log('(rows/s counts every row of the table, read or skipped; DuckDB uses both cores, Sluice one)');
} finally {
  close();
}
