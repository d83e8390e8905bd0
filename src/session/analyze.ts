// ANALYZE TABLE t [PARTITION (…)] COMPUTE STATISTICS [FOR COLUMNS]: Hive's basic statistics
// (numRows, numFiles, totalSize, rawDataSize, COLUMN_STATS_ACCURATE) into the table's or
// each partition's parameters, and column statistics (nulls, distinct values, min/max,
// lengths, true/false counts) into the catalog — all computed by one aggregate query run
// through the engine, grouped by the partition keys (for ORC and Parquet without FOR
// COLUMNS, the row counts come from the file footers instead).
import { formatOfStorage } from '../formats/storageFormat.js';
import { statSync } from 'node:fs';
import * as A from '../sql/ast.js';
import type { Session } from './session.js';
import { ColumnStatistics, Partition, Table } from '../catalog/catalog.js';
import { getValue } from '../exec/vector.js';
import { listDataFiles } from '../warehouse/dataFiles.js';
import { parseTypeString } from '../types/dataType.js';
import { partitionName } from '../warehouse/partitionPath.js';
import { validationError } from '../errors.js';

const quote = (s: string) => '`' + s.replace(/`/g, '``') + '`';
const sqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

type ColumnKind = 'numeric' | 'date' | 'string' | 'boolean' | 'binary' | 'other';

function kindOf(type: string): ColumnKind {
  const t = parseTypeString(type);
  switch (t.id) {
    case 'tinyint': case 'smallint': case 'int': case 'bigint': case 'float': case 'double': case 'decimal': return 'numeric';
    case 'date': return 'date';
    case 'string': case 'varchar': case 'char': return 'string';
    case 'boolean': return 'boolean';
    case 'binary': return 'binary';
    default: return 'other';
  }
}

/** The aggregates whose results make one column's statistics, in order. */
function aggregates(c: string, kind: ColumnKind): string[] {
  const q = quote(c);
  const base = [`count(*) - count(${q})`];
  switch (kind) {
    case 'numeric': case 'date': return [...base, `approx_count_distinct(${q})`, `cast(min(${q}) as string)`, `cast(max(${q}) as string)`];
    case 'string': return [...base, `approx_count_distinct(${q})`, `avg(length(${q}))`, `max(length(${q}))`];
    case 'boolean': return [...base, `sum(case when ${q} then 1 else 0 end)`, `sum(case when ${q} then 0 else 1 end) - (count(*) - count(${q}))`];
    default: return base;
  }
}

function statistics(c: { name: string; type: string }, kind: ColumnKind, v: unknown[]): ColumnStatistics {
  const n = (x: unknown) => (x === null || x === undefined ? 0 : Number(x));
  const s: ColumnStatistics = { column: c.name, type: c.type, nullCount: n(v[0]) };
  if (kind === 'numeric' || kind === 'date') {
    s.ndv = n(v[1]);
    if (v[2] !== null) s.min = kind === 'date' ? String(v[2]) : Number(v[2]);
    if (v[3] !== null) s.max = kind === 'date' ? String(v[3]) : Number(v[3]);
  } else if (kind === 'string') {
    s.ndv = n(v[1]); s.avgLength = n(v[2]); s.maxLength = n(v[3]);
  } else if (kind === 'boolean') {
    s.trueCount = n(v[1]); s.falseCount = n(v[2]);
  }
  return s;
}

function basicStats(dir: string, rows: number, columnCount: number): Record<string, string> {
  let files = 0, bytes = 0, compressed = false;
  for (const f of listDataFiles(dir)) { files++; bytes += statSync(f).size; if (f.endsWith('.gz')) compressed = true; }
  // Text rows take their field bytes plus one delimiter or newline per field.
  const raw = compressed ? bytes : Math.max(0, bytes - rows * columnCount);
  return { numRows: String(rows), numFiles: String(files), totalSize: String(bytes), rawDataSize: String(raw) };
}

function accurate(columns: string[] | null): string {
  const o: Record<string, unknown> = { BASIC_STATS: 'true' };
  if (columns) o.COLUMN_STATS = Object.fromEntries(columns.map((c) => [c, 'true']));
  return JSON.stringify(o);
}

export function analyzeTable(session: Session, st: A.Statement & { kind: 'analyze' }): string {
  const t: Table = session.getTable(st.table);
  if (t.type === 'VIRTUAL_VIEW') throw validationError(`cannot analyze view ${t.db}.${t.name}`, st.pos);
  const catalog = session.catalogOf(t);
  const keys = t.partitionKeys.map((k) => k.name);
  if (st.partition && !keys.length) throw validationError(`Table ${t.name} is not a partitioned table`, st.pos);
  const spec: Record<string, string> = {};
  for (const p of st.partition ?? []) {
    if (!keys.includes(p.name)) throw validationError(`${p.name} is not a partition column of ${t.db}.${t.name}`, p.pos);
    if (p.value !== undefined && p.value !== null) spec[p.name] = p.value;
  }
  const partitions: Partition[] = keys.length ? catalog.listPartitionsBySpec(t.db, t.name, spec) : [];
  if (keys.length && st.partition && !partitions.length) throw validationError(`no partition of ${t.db}.${t.name} matches the PARTITION clause`, st.pos);

  const cols = st.forColumns ? t.columns.filter((c) => kindOf(c.type) !== 'other') : [];
  const kinds = cols.map((c) => kindOf(c.type));
  const select = [...keys.map(quote), 'count(*)', ...cols.flatMap((c, i) => aggregates(c.name, kinds[i]))];
  const where = Object.entries(spec).map(([k, v]) => `${quote(k)} = ${sqlString(v)}`);
  const sql = `SELECT ${select.join(', ')} FROM ${quote(catalog.name)}.${quote(t.db)}.${quote(t.name)}`
    + (where.length ? ` WHERE ${where.join(' AND ')}` : '') + (keys.length ? ` GROUP BY ${keys.map(quote).join(', ')}` : '');
  // Without column statistics, ORC and Parquet footers already hold the row counts.
  const format = formatOfStorage(t.sd, { action: 'reading', table: `${t.db}.${t.name}` });
  const footerRows = !st.forColumns && format.rowCount
    ? (dir: string) => listDataFiles(dir).reduce((n, f) => n + format.rowCount!(f), 0) : null;
  const r = footerRows ? null : session.executeSql(sql);
  const results = new Map<string, unknown[]>();
  if (r?.kind === 'rows') {
    for (const b of r.batches) {
      for (let i = 0; i < b.length; i++) {
        const row = b.columns.map((c) => getValue(c, i));
        const values = row.slice(0, keys.length).map((v) => (v === null ? '__HIVE_DEFAULT_PARTITION__' : String(v)));
        results.set(partitionName(keys, values), row.slice(keys.length));
      }
    }
  }
  const columnStats = (row: unknown[]) => {
    let at = 1;
    return cols.map((c, i) => {
      const n = aggregates(c.name, kinds[i]).length;
      const s = statistics(c, kinds[i], row.slice(at, at + n));
      at += n;
      return s;
    });
  };
  const names = st.forColumns ? cols.map((c) => c.name) : null;
  if (!keys.length) {
    const row = results.get('') ?? [0];
    const rows = footerRows ? footerRows(t.sd.location) : Number(row[0] ?? 0);
    const params: Record<string, string> = { ...t.params, ...basicStats(t.sd.location, rows, t.columns.length), COLUMN_STATS_ACCURATE: accurate(names) };
    catalog.alterTable({ ...t, params });
    if (st.forColumns) catalog.updateTableColumnStatistics(t.db, t.name, columnStats(row));
    return `Table ${t.db}.${t.name} stats: [numFiles=${params.numFiles}, numRows=${rows}, totalSize=${params.totalSize}, rawDataSize=${params.rawDataSize}]`;
  }
  const altered: Partition[] = [];
  const lines: string[] = [];
  for (const p of partitions) {
    const name = partitionName(keys, p.values);
    const row = results.get(name) ?? [0];
    const rows = footerRows ? footerRows(p.location) : Number(row[0] ?? 0);
    const params: Record<string, string> = { ...p.params, ...basicStats(p.location, rows, t.columns.length), COLUMN_STATS_ACCURATE: accurate(names) };
    altered.push({ ...p, params });
    lines.push(`Partition ${t.db}.${t.name}{${keys.map((k, i) => `${k}=${p.values[i]}`).join(', ')}} stats: [numFiles=${params.numFiles}, numRows=${rows}, totalSize=${params.totalSize}, rawDataSize=${params.rawDataSize}]`);
    if (st.forColumns) catalog.updatePartitionColumnStatistics(t.db, t.name, name, columnStats(row));
  }
  catalog.commitChanges({ alterPartitions: altered });
  return lines.join('\n');
}
