// The sf1-sample text tables from ../shared/tpcds, defined in a Sluice session (the
// hive-testbench DDL) and as DuckDB views over the same files, for benchmarks that time
// both engines in one run. Both read the text files on every query.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { Session } from '../src/session/session.js';
import { splitStatements } from '../src/sql/scriptSplitter.js';

export const SHARED = join(import.meta.dirname, '..', '..', 'shared', 'tpcds');

export async function textTables(): Promise<{ s: Session; duck: DuckDBConnection; close(): void }> {
  const data = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  for (const f of readdirSync(join(SHARED, 'sf1-sample')).filter((n) => n.endsWith('.dat.gz'))) {
    const t = f.replace('.dat.gz', '');
    mkdirSync(join(data, t));
    writeFileSync(join(data, t, `${t}.dat`), gunzipSync(readFileSync(join(SHARED, 'sf1-sample', f))));
  }
  const s = new Session({ warehouse: join(data, '_warehouse'), hivevars: { DB: 'tpcds', LOCATION: data } });
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
    await duck.run(`CREATE VIEW ${name} AS SELECT ${exprs} FROM read_csv('${t.sd.location}/*', delim='|', header=false, quote='', escape='', nullstr='\\N', columns={${cols}}, null_padding=true)`);
  }
  return { s, duck, close() { s.close(); rmSync(data, { recursive: true, force: true }); } };
}

export const time = async (f: () => unknown | Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
};
