// Sluice's catalog objects to and from the metastore's Thrift objects, following Hive's
// conventions: Hive type strings in FieldSchema, the table comment and EXTERNAL=TRUE in the
// parameters, partition values as strings, column statistics in the union of typed
// statistics structs Hive uses for each column type.
import { CatalogFunction, ColumnStatistics, Database, FieldSchema, Partition, Table } from '../catalog.js';
import { TValue } from './thriftCodec.js';
import { parseTypeString } from '../../types/dataType.js';

export interface ObjectShim {
  /** Hive 3.x objects name their catalog; 2.x peers do not know the field. */
  catalogName?: string;
}

const fields = (cols: TValue[] | undefined): FieldSchema[] =>
  (cols ?? []).map((c) => ({ name: c.name, type: c.type, ...(c.comment ? { comment: c.comment } : {}) }));
const toFields = (cols: FieldSchema[]) => cols.map((c) => ({ name: c.name, type: c.type, comment: c.comment }));

export function toThriftDatabase(d: Database, shim: ObjectShim): TValue {
  return { name: d.name, description: d.comment, locationUri: d.location, parameters: d.params, ownerType: 1, catalogName: shim.catalogName };
}

export function fromThriftDatabase(d: TValue): Database {
  return { name: d.name, location: String(d.locationUri ?? '').replace(/^file:/, ''), comment: d.description || undefined, params: d.parameters ?? {} };
}

function sd(t: { sd: Table['sd'] }, cols: FieldSchema[], location: string | undefined): TValue {
  return {
    cols: toFields(cols), location, inputFormat: t.sd.inputFormat, outputFormat: t.sd.outputFormat, compressed: false, numBuckets: -1,
    serdeInfo: { name: '', serializationLib: t.sd.serde.lib, parameters: t.sd.serde.params }, bucketCols: [], sortCols: [], parameters: {},
    skewedInfo: { skewedColNames: [], skewedColValues: [], skewedColValueLocationMaps: new Map() }, storedAsSubDirectories: false,
  };
}

export function toThriftTable(t: Table, shim: ObjectShim): TValue {
  const params = { ...t.params };
  if (t.type === 'EXTERNAL_TABLE') params.EXTERNAL = 'TRUE';
  if (t.comment !== undefined) params.comment = t.comment;
  return {
    tableName: t.name, dbName: t.db, owner: t.owner ?? '', createTime: t.createTime, lastAccessTime: 0, retention: 0,
    sd: sd(t, t.columns, t.type === 'VIRTUAL_VIEW' ? undefined : t.sd.location), partitionKeys: toFields(t.partitionKeys), parameters: params,
    viewOriginalText: t.viewOriginalText, viewExpandedText: t.viewExpandedText, tableType: t.type, catName: shim.catalogName,
  };
}

export function fromThriftTable(t: TValue): Table {
  const serde = t.sd?.serdeInfo ?? {};
  return {
    db: t.dbName, name: t.tableName, type: t.tableType ?? 'MANAGED_TABLE', owner: t.owner || undefined, createTime: t.createTime ?? 0,
    columns: fields(t.sd?.cols), partitionKeys: fields(t.partitionKeys),
    sd: {
      location: String(t.sd?.location ?? '').replace(/^file:/, ''), inputFormat: t.sd?.inputFormat ?? '', outputFormat: t.sd?.outputFormat ?? '',
      serde: { lib: serde.serializationLib ?? '', params: serde.parameters ?? {} },
    },
    params: t.parameters ?? {}, comment: t.parameters?.comment,
    ...(t.viewOriginalText ? { viewOriginalText: t.viewOriginalText, viewExpandedText: t.viewExpandedText } : {}),
  };
}

export function toThriftPartition(p: Partition, table: Table, shim: ObjectShim): TValue {
  return {
    values: p.values, dbName: p.db, tableName: p.table, createTime: p.createTime, lastAccessTime: 0,
    sd: sd(table, table.columns, p.location), parameters: p.params, catName: shim.catalogName,
  };
}

export function fromThriftPartition(p: TValue): Partition {
  return {
    db: p.dbName, table: p.tableName, values: p.values ?? [], location: String(p.sd?.location ?? '').replace(/^file:/, ''),
    params: p.parameters ?? {}, createTime: p.createTime ?? 0,
  };
}

export function toThriftFunction(f: CatalogFunction, shim: ObjectShim): TValue {
  return {
    functionName: f.name, dbName: f.db, className: f.className, ownerName: f.owner ?? '', ownerType: 1, createTime: f.createTime,
    functionType: 1, resourceUris: f.resources.map((uri) => ({ resourceType: 2, uri })), catName: shim.catalogName,
  };
}

export function fromThriftFunction(f: TValue): CatalogFunction {
  return {
    db: f.dbName, name: f.functionName, className: f.className, owner: f.ownerName || undefined, createTime: f.createTime ?? 0,
    resources: (f.resourceUris ?? []).map((r: TValue) => r.uri),
  };
}

// ----------------------------------------------------------------- statistics
const DAY_MS = 86_400_000;

function decimalBytes(v: number, scale: number): Buffer {
  // Hive's Decimal: the unscaled value as big-endian two's complement bytes.
  let n = BigInt(Math.round(v * 10 ** scale));
  const bytes: number[] = [];
  const neg = n < 0n;
  do { bytes.unshift(Number(n & 0xffn)); n >>= 8n; } while (neg ? n !== -1n || (bytes[0] & 0x80) === 0 : n !== 0n || (bytes[0] & 0x80) !== 0);
  return Buffer.from(bytes);
}

function decimalValue(d: TValue): number {
  const b = Buffer.from(d.unscaled ?? []);
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  if (b.length && b[0] & 0x80) n -= 1n << BigInt(8 * b.length);
  return Number(n) / 10 ** (d.scale ?? 0);
}

const dayOf = (s: string) => Math.round(Date.parse(`${s}T00:00:00Z`) / DAY_MS);
const dateOf = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

export function toThriftStatsObj(s: ColumnStatistics): TValue {
  const t = parseTypeString(s.type);
  const common = { numNulls: s.nullCount ?? 0 };
  let statsData: TValue;
  switch (t.id) {
    case 'boolean': statsData = { booleanStats: { numTrues: s.trueCount ?? 0, numFalses: s.falseCount ?? 0, ...common } }; break;
    case 'tinyint': case 'smallint': case 'int': case 'bigint': case 'timestamp':
      statsData = { longStats: { lowValue: s.min as number | undefined, highValue: s.max as number | undefined, numDVs: s.ndv ?? 0, ...common } }; break;
    case 'float': case 'double':
      statsData = { doubleStats: { lowValue: s.min as number | undefined, highValue: s.max as number | undefined, numDVs: s.ndv ?? 0, ...common } }; break;
    case 'decimal': {
      const scale = t.scale ?? 0;
      const dec = (v: number | string | undefined) => (v === undefined ? undefined : { scale, unscaled: decimalBytes(Number(v), scale) });
      statsData = { decimalStats: { lowValue: dec(s.min), highValue: dec(s.max), numDVs: s.ndv ?? 0, ...common } }; break;
    }
    case 'date': {
      const d = (v: number | string | undefined) => (v === undefined ? undefined : { daysSinceEpoch: dayOf(String(v)) });
      statsData = { dateStats: { lowValue: d(s.min), highValue: d(s.max), numDVs: s.ndv ?? 0, ...common } }; break;
    }
    case 'binary': statsData = { binaryStats: { maxColLen: s.maxLength ?? 0, avgColLen: s.avgLength ?? 0, ...common } }; break;
    default: statsData = { stringStats: { maxColLen: s.maxLength ?? 0, avgColLen: s.avgLength ?? 0, numDVs: s.ndv ?? 0, ...common } };
  }
  return { colName: s.column, colType: s.type, statsData };
}

export function fromThriftStatsObj(o: TValue): ColumnStatistics {
  const d = o.statsData ?? {};
  const out: ColumnStatistics = { column: o.colName, type: o.colType };
  const x = d.booleanStats ?? d.longStats ?? d.doubleStats ?? d.stringStats ?? d.binaryStats ?? d.decimalStats ?? d.dateStats ?? {};
  out.nullCount = x.numNulls;
  if (x.numDVs !== undefined) out.ndv = x.numDVs;
  if (d.booleanStats) { out.trueCount = x.numTrues; out.falseCount = x.numFalses; }
  if (d.longStats || d.doubleStats) { if (x.lowValue !== undefined) out.min = x.lowValue; if (x.highValue !== undefined) out.max = x.highValue; }
  if (d.decimalStats) { if (x.lowValue) out.min = decimalValue(x.lowValue); if (x.highValue) out.max = decimalValue(x.highValue); }
  if (d.dateStats) { if (x.lowValue) out.min = dateOf(x.lowValue.daysSinceEpoch); if (x.highValue) out.max = dateOf(x.highValue.daysSinceEpoch); }
  if (d.stringStats || d.binaryStats) { out.maxLength = x.maxColLen; out.avgLength = x.avgColLen; }
  return out;
}
