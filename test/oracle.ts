// DuckDB as the oracle for query results: a connection with Hive's NULL order, the few
// rewrites DuckDB needs to parse HiveQL, tables over the same text files, and a row
// comparison with a numeric tolerance. No vitest here, so benchmarks use it too.
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { Catalog } from '../src/catalog/catalog.js';

/** A DuckDB connection that orders NULLs as Hive does (first ascending, last descending). */
export async function duck(): Promise<DuckDBConnection> {
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  await c.run("SET default_null_order = 'nulls_first_on_asc_last_on_desc'");
  return c;
}

/** The few HiveQL spellings DuckDB does not parse or means otherwise, rewritten for the
 *  oracle only: backquoted identifiers, `date + 30 days`, reserved aliases, and q54's
 *  `cast((revenue/50) as int)` — Hive's decimal quotient truncates to int, DuckDB's double
 *  quotient rounds. */
export function forDuckDB(hiveSql: string): string {
  return hiveSql.replace(/`([^`]+)`/g, '"$1"').replace(/([+-])\s*(\d+)\s+days\b/gi, '$1 interval $2 days')
    .replace(/\)\s+at\s*,/g, ') "at",') // AT is reserved in DuckDB (q90's alias)
    .replace(/(?<![\w.])returns(?!\w)/g, '"returns"') // and RETURNS (q77's alias)
    .replace(/cast\(\((\w+)\/(\d+)\) as int\)/gi, 'cast(trunc($1/$2) as int)');
}

export async function duckRows(c: DuckDBConnection, sql: string): Promise<unknown[][]> {
  const r = await c.runAndReadAll(sql);
  return r.getRowsJS() as unknown[][];
}

const duckType = (hive: string): string => {
  const t = hive.toLowerCase();
  if (t.startsWith('char') || t.startsWith('varchar') || t === 'string') return 'VARCHAR';
  if (t === 'int') return 'INTEGER';
  return t.toUpperCase();
};

/** DuckDB views over the same text files with Hive's LazySimpleSerDe semantics: \N is NULL,
 *  a field that does not parse as its type is NULL, an empty string field stays '',
 *  CHAR values compare without trailing spaces. */
export async function mirrorTablesInDuck(c: DuckDBConnection, catalog: Catalog, db: string, materialize = false): Promise<void> {
  for (const name of catalog.listTables(db)) {
    const t = catalog.getTable(db, name)!;
    const delim = t.sd.serde.params['field.delim'] ?? '\u0001';
    const cols = t.columns.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ');
    const exprs = t.columns.map((col, i) => {
      const raw = `c${i}`;
      const dt = duckType(col.type);
      if (dt === 'VARCHAR') return `${col.type.startsWith('char') ? `rtrim(${raw}, ' ')` : raw} AS ${col.name}`;
      return `TRY_CAST(${raw} AS ${dt}) AS ${col.name}`;
    }).join(', ');
    await c.run(`CREATE OR REPLACE ${materialize ? 'TABLE' : 'VIEW'} ${name} AS SELECT ${exprs} FROM read_csv('${t.sd.location}/*', delim='${delim}', header=false, quote='', escape='', nullstr='\\N', columns={${cols}}, null_padding=true)`);
  }
}

function normalize(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v !== null && 'toString' in v) {
    const s = String(v);
    return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
  }
  return String(v);
}

/** Compares Sluice rows (CLI text) with DuckDB rows: numbers within tolerance
 *  max(1e-4, 1e-9·|x|), everything else exactly. With ordered=true, rows must come in the
 *  same order — except that rows tied on the ORDER BY keys may be in either order, which
 *  shows as the same multiset of rows (TPC-DS q65 orders by a column with many ''). */
export function differences(actual: (string | null)[][], expected: unknown[][], ordered = true): string | null {
  if (!ordered) return compareRows(actual, expected, false);
  const inOrder = compareRows(actual, expected, true);
  if (inOrder === null) return null;
  return compareRows(actual, expected, false) === null ? null : inOrder;
}

/** For `ORDER BY … LIMIT n` whose limit cuts through rows tied on the ORDER BY keys (q59
 *  at scale 1: a store's type-2 versions × seven days a week), either engine may keep
 *  different tied rows. Then it is enough that Sluice returns n rows that are all rows of
 *  the query without its LIMIT (`full`, from DuckDB), counted as a multiset. */
export function limitedDifferences(actual: (string | null)[][], expected: unknown[][], full: unknown[][]): string | null {
  const d = differences(actual, expected, true);
  if (d === null || actual.length !== expected.length) return d;
  const key = (r: unknown[]) => JSON.stringify(r.map((x) => {
    const v = normalize(x);
    const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null;
    return n !== null ? Math.round(n * 100) / 100 : v;
  }));
  const pool = new Map<string, number>();
  for (const r of full) pool.set(key(r), (pool.get(key(r)) ?? 0) + 1);
  for (const r of actual) {
    const k = key(r.map((c) => (c === null ? null : c)));
    const n = pool.get(k) ?? 0;
    if (n === 0) return d;
    pool.set(k, n - 1);
  }
  return null;
}

function compareRows(actual: (string | null)[][], expected: unknown[][], ordered: boolean): string | null {
  const exp = expected.map((r) => r.map(normalize));
  const act = actual.map((r, ri) => r.map((c, i) => {
    const numeric = exp.some((er) => typeof er[i] === 'number') || typeof exp[ri]?.[i] === 'number';
    return c !== null && numeric && c !== '' && Number.isFinite(Number(c)) ? Number(c) : c;
  }));
  const key = (r: (string | number | null)[]) => JSON.stringify(r.map((x) => (typeof x === 'number' ? Math.round(x * 100) / 100 : x)));
  const a = ordered ? act : [...act].sort((x, y) => key(x).localeCompare(key(y)));
  const e = ordered ? exp : [...exp].sort((x, y) => key(x).localeCompare(key(y)));
  if (a.length !== e.length) return `row count: ${a.length} rows, expected ${e.length}`;
  for (let i = 0; i < e.length; i++) {
    if (a[i].length !== e[i].length) return `row ${i} width: ${a[i].length}, expected ${e[i].length}`;
    for (let j = 0; j < e[i].length; j++) {
      const x = a[i][j], y = e[i][j];
      if (typeof y === 'number' && typeof x === 'number') {
        if (Math.abs(x - y) > Math.max(1e-4, 1e-9 * Math.abs(y))) return `row ${i} column ${j}: ${x} != ${y}\nactual ${JSON.stringify(a[i])}\nexpected ${JSON.stringify(e[i])}`;
      } else if (x !== y) return `row ${i} column ${j}: ${JSON.stringify(x)} != ${JSON.stringify(y)}\nactual ${JSON.stringify(a[i])}\nexpected ${JSON.stringify(e[i])}`;
    }
  }
  return null;
}
