// Reads Parquet files with hyparquet's synchronous parts: the footer (parquetMetadata)
// and column chunks (readColumn over bytes read with fs), so a scan pulls batches
// without promises. Row groups are skipped by their column statistics; only projected
// columns' chunks are read. Values land in engine vectors: Hive/Impala/Spark layouts
// (decimals as INT32/INT64/FIXED_LEN_BYTE_ARRAY, INT96 and INT64 timestamps, legacy
// lists and maps) are normalised here.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readFully } from '../readFully.js';
import { parquetMetadata, parquetSchema } from 'hyparquet';
import { readColumn } from 'hyparquet/src/column.js';
import { getTreePath } from 'hyparquet/src/schema.js';
import { assembleNested } from 'hyparquet/src/assemble.js';
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { compressors } from 'hyparquet-compressors';
import { DataType, isStringLike } from '../../types/dataType.js';
import { Batch, BATCH_SIZE, Vector, allocFor } from '../../exec/vector.js';
import { ColumnRange, ScanPredicate, rangeMightMatch } from '../scanPredicate.js';
import { POW10, parseValue } from '../../types/values.js';

export class ParquetFormatError extends Error {}

// Minimal shapes of hyparquet's metadata that this reader uses.
interface SchemaElement {
  name: string; type?: string; type_length?: number; repetition_type?: string; converted_type?: string;
  scale?: number; precision?: number; logical_type?: { type: string; unit?: string; bitWidth?: number; isSigned?: boolean; precision?: number; scale?: number };
}
interface SchemaTree { element: SchemaElement; children: SchemaTree[]; path: string[] }
interface ColumnMeta {
  type: string; codec: string; path_in_schema: string[]; num_values: bigint; total_compressed_size: bigint;
  data_page_offset: bigint; dictionary_page_offset?: bigint;
  statistics?: { min_value?: unknown; max_value?: unknown; null_count?: bigint; min?: unknown; max?: unknown };
}
interface RowGroup { num_rows: bigint; columns: { meta_data?: ColumnMeta; file_offset: bigint }[] }
interface FileMetaData { schema: SchemaElement[]; num_rows: bigint; row_groups: RowGroup[]; created_by?: string }

const PARSERS = {
  ...DEFAULT_PARSERS,
  timestampFromMilliseconds: (v: bigint) => Number(v),
  timestampFromMicroseconds: (v: bigint) => Number(v < 0n ? (v - 999n) / 1000n : v / 1000n),
  timestampFromNanoseconds: (v: bigint) => Number(v < 0n ? (v - 999999n) / 1000000n : v / 1000000n),
  dateFromDays: (d: number) => d,
};

export interface ParquetReadStats { bytesRead: number; rowGroupsRead: number; rowGroupsSkipped: number }

export class ParquetFile {
  readonly metadata: FileMetaData;
  readonly schema: SchemaTree;
  /** Top-level fields with their engine types. */
  readonly fields: { name: string; type: DataType; node: SchemaTree }[];
  readonly stats: ParquetReadStats = { bytesRead: 0, rowGroupsRead: 0, rowGroupsSkipped: 0 };
  private fd: number;

  private constructor(readonly path: string, fd: number, metadata: FileMetaData) {
    this.fd = fd;
    this.metadata = metadata;
    this.schema = parquetSchema(metadata as never) as unknown as SchemaTree;
    this.fields = this.schema.children.map((node) => ({ name: node.element.name, type: typeOfNode(node, path), node }));
  }

  static open(path: string): ParquetFile {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size < 12) throw new ParquetFormatError(`Parquet file ${path}: ${size} bytes is too small to be a Parquet file`);
      const trailer = readFully(fd, size - 8, 8);
      if (Buffer.from(trailer.subarray(4)).toString('latin1') !== 'PAR1') throw new ParquetFormatError(`Parquet file ${path}: no PAR1 magic at the end, not a Parquet file`);
      const metaLen = new DataView(trailer.buffer, trailer.byteOffset, 8).getUint32(0, true);
      if (metaLen + 8 > size - 4) throw new ParquetFormatError(`Parquet file ${path}: footer length ${metaLen} exceeds the file (${size} bytes)`);
      const tail = readFully(fd, size - 8 - metaLen, metaLen + 8);
      let metadata: FileMetaData;
      try { metadata = parquetMetadata(tail, { parsers: PARSERS } as never) as unknown as FileMetaData; } catch (e) {
        throw new ParquetFormatError(`Parquet file ${path}: unreadable footer: ${(e as Error).message}`);
      }
      return new ParquetFile(path, fd, metadata);
    } catch (e) {
      closeSync(fd);
      if (e instanceof ParquetFormatError) throw e;
      throw new ParquetFormatError(`Parquet file ${path}: ${(e as Error).message}`);
    }
  }

  get numberOfRows(): number { return Number(this.metadata.num_rows); }
  get rowGroups(): RowGroup[] { return this.metadata.row_groups; }

  readBytes(offset: number, length: number): Uint8Array {
    this.stats.bytesRead += length;
    return readFully(this.fd, offset, length);
  }

  /** decodeAs: the type wanted for each read column; only decides whether unannotated
   *  byte arrays are text (string-like) or bytes. */
  rows(options: { columns?: number[]; predicates?: ScanPredicate[]; batchSize?: number; rowGroups?: number[]; decodeAs?: DataType[] } = {}): ParquetRowReader {
    const columns = options.columns ?? this.fields.map((_, i) => i);
    const types = columns.map((c, i) => {
      const t = this.fields[c]?.type;
      const want = options.decodeAs?.[i];
      return t && t.id === 'binary' && want && isStringLike(want) ? want : t;
    });
    return new ParquetRowReader(this, columns, types, options.predicates ?? [], options.batchSize ?? BATCH_SIZE, options.rowGroups);
  }

  close(): void {
    if (this.fd >= 0) { closeSync(this.fd); this.fd = -1; }
  }
}

/** The engine type of a Parquet schema node, by Hive's, Impala's and Spark's conventions. */
export function typeOfNode(node: SchemaTree, path = ''): DataType {
  const e = node.element;
  const lt = e.logical_type;
  const ct = e.converted_type;
  if (node.children.length === 0) {
    const decimal = (): DataType => ({ id: 'decimal', precision: e.precision ?? lt?.precision ?? 38, scale: e.scale ?? lt?.scale ?? 0 });
    const base: DataType = (() => {
      switch (e.type) {
        case 'BOOLEAN': return { id: 'boolean' };
        case 'INT32':
          if (ct === 'DECIMAL' || lt?.type === 'DECIMAL') return decimal();
          if (ct === 'DATE' || lt?.type === 'DATE') return { id: 'date' };
          if (ct === 'INT_8') return { id: 'tinyint' };
          if (ct === 'INT_16') return { id: 'smallint' };
          if (ct === 'UINT_32') return { id: 'bigint' };
          return { id: 'int' };
        case 'INT64':
          if (ct === 'DECIMAL' || lt?.type === 'DECIMAL') return decimal();
          if (ct === 'TIMESTAMP_MILLIS' || ct === 'TIMESTAMP_MICROS' || lt?.type === 'TIMESTAMP') return { id: 'timestamp' };
          return { id: 'bigint' };
        case 'INT96': return { id: 'timestamp' };
        case 'FLOAT': return { id: 'float' };
        case 'DOUBLE': return { id: 'double' };
        case 'BYTE_ARRAY':
          if (ct === 'DECIMAL' || lt?.type === 'DECIMAL') return decimal();
          if (ct === 'UTF8' || ct === 'ENUM' || ct === 'JSON' || lt?.type === 'STRING') return { id: 'string' };
          return { id: 'binary' };
        case 'FIXED_LEN_BYTE_ARRAY':
          if (ct === 'DECIMAL' || lt?.type === 'DECIMAL') return decimal();
          return { id: 'binary' };
        default: throw new ParquetFormatError(`Parquet file ${path}: column ${e.name} has unsupported type ${e.type}`);
      }
    })();
    // A repeated primitive outside a LIST group is a legacy one-level list.
    return e.repetition_type === 'REPEATED' ? { id: 'array', element: base } : base;
  }
  if (ct === 'LIST' || lt?.type === 'LIST') {
    const rep = node.children[0];
    // Legacy two-level lists: the repeated node is the element itself when it is not a
    // single-field group (or is named "array" or "<name>_tuple", as old writers name it).
    const elementNode = rep.children.length === 1 && rep.element.name !== 'array' && rep.element.name !== `${e.name}_tuple` ? rep.children[0] : rep;
    const elementType = elementNode === rep ? typeOfNode({ ...rep, element: { ...rep.element, repetition_type: 'OPTIONAL' } }, path) : typeOfNode(elementNode, path);
    return { id: 'array', element: elementType };
  }
  if (ct === 'MAP' || ct === 'MAP_KEY_VALUE' || lt?.type === 'MAP') {
    const kv = node.children[0];
    return { id: 'map', key: typeOfNode(kv.children[0], path), value: kv.children[1] ? typeOfNode(kv.children[1], path) : { id: 'void' } };
  }
  return { id: 'struct', fields: node.children.map((c) => ({ name: c.element.name, type: typeOfNode(c, path) })) };
}

/** A column chunk's statistics as a range in the engine's representation. */
function chunkRange(meta: ColumnMeta | undefined, type: DataType, numRows: number): ColumnRange | undefined {
  const s = meta?.statistics;
  if (!s) return undefined;
  const nulls = s.null_count === undefined ? undefined : Number(s.null_count);
  const range: ColumnRange = { hasNull: nulls === undefined ? undefined : nulls > 0, valueCount: nulls === undefined ? undefined : numRows - nulls };
  let min = s.min_value ?? s.min, max = s.max_value ?? s.max;
  const norm = (v: unknown): number | string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'number' && !Number.isNaN(v)) return v;
    if (typeof v === 'string') return v;
    return undefined;
  };
  switch (type.id) {
    case 'tinyint': case 'smallint': case 'int': case 'bigint': case 'float': case 'double': case 'date': case 'string': case 'varchar':
      break;
    case 'decimal':
      // hyparquet converts decimal statistics to doubles: scale back to integers.
      if (typeof min === 'number' && typeof max === 'number') { min = Math.floor(min * POW10[type.scale]); max = Math.ceil(max * POW10[type.scale]); }
      else return range;
      break;
    default: return range;
  }
  const lo = norm(min), hi = norm(max);
  if (lo !== undefined && hi !== undefined) { range.min = lo; range.max = hi; }
  return range;
}

interface LoadedGroup { vectors: Vector[]; rows: number; at: number }

export class ParquetRowReader {
  private group = 0;
  private current: LoadedGroup | null = null;
  private readonly groups: number[];

  constructor(
    private readonly file: ParquetFile,
    private readonly columns: number[],
    readonly types: DataType[],
    private readonly predicates: ScanPredicate[],
    private readonly batchSize: number,
    rowGroups?: number[],
  ) {
    for (const c of columns) if (!file.fields[c]) throw new ParquetFormatError(`Parquet file ${file.path}: no column ${c}`);
    this.groups = rowGroups ?? file.rowGroups.map((_, i) => i);
  }

  next(): Batch | null {
    try {
      return this.nextBatch();
    } catch (e) {
      if (e instanceof ParquetFormatError) throw e;
      throw new ParquetFormatError(`Parquet file ${this.file.path}: ${(e as Error).message}`);
    }
  }

  private nextBatch(): Batch | null {
    for (;;) {
      if (!this.current) {
        if (this.group >= this.groups.length) return null;
        const g = this.groups[this.group++];
        this.current = this.loadGroup(g);
        if (!this.current) { this.file.stats.rowGroupsSkipped++; continue; }
        this.file.stats.rowGroupsRead++;
      }
      const cur = this.current;
      if (cur.at >= cur.rows) { this.current = null; continue; }
      const n = Math.min(this.batchSize, cur.rows - cur.at);
      const start = cur.at;
      cur.at += n;
      if (start === 0 && n === cur.rows) return { columns: cur.vectors, length: n };
      return {
        columns: cur.vectors.map((v) => ({ type: v.type, values: Array.isArray(v.values) ? v.values.slice(start, start + n) : v.values.subarray(start, start + n), nulls: v.nulls ? v.nulls.subarray(start, start + n) : null })),
        length: n,
      };
    }
  }

  private loadGroup(index: number): LoadedGroup | null {
    const file = this.file;
    const rg = file.rowGroups[index];
    const rows = Number(rg.num_rows);
    const leafMeta = (path: string[]) => rg.columns.find((c) => c.meta_data && c.meta_data.path_in_schema.join('.') === path.join('.'))?.meta_data;
    for (const p of this.predicates) {
      const f = file.fields[p.column];
      if (f.node.children.length) continue;
      if (!rangeMightMatch(p, chunkRange(leafMeta([f.name]), f.type, rows))) return null;
    }
    const vectors = this.columns.map((c, ci) => {
      const f = { ...file.fields[c], type: this.types[ci] };
      const leaves = rg.columns.filter((x) => x.meta_data && x.meta_data.path_in_schema[0] === f.name).map((x) => x.meta_data!);
      const data = new Map<string, unknown[]>();
      for (const meta of leaves) data.set(meta.path_in_schema.join('.'), this.readLeaf(meta, rows, f.type));
      let values: unknown[];
      if (f.node.children.length === 0 && f.node.element.repetition_type !== 'REPEATED') values = data.get(f.name) ?? new Array(rows).fill(null);
      else {
        assembleNested(data as never, f.node as never, PARSERS as never);
        values = data.get(f.name) ?? [];
      }
      if (values.length !== rows) throw new ParquetFormatError(`column ${f.name} has ${values.length} values in row group ${index} of ${rows} rows`);
      return toVector(values, f.type);
    });
    return { vectors, rows, at: 0 };
  }

  private readLeaf(meta: ColumnMeta, rows: number, topType: DataType): unknown[] {
    const start = Number(meta.dictionary_page_offset && meta.dictionary_page_offset > 0n && meta.dictionary_page_offset < meta.data_page_offset ? meta.dictionary_page_offset : meta.data_page_offset);
    const bytes = this.file.readBytes(start, Number(meta.total_compressed_size));
    const schemaPath = getTreePath(this.file.schema as never, meta.path_in_schema) as unknown as SchemaTree[];
    const element = schemaPath[schemaPath.length - 1].element;
    // Byte arrays decode as UTF-8 unless the column is binary (Impala writes strings unannotated).
    const leafType = topType.id === 'binary' ? 'binary' : 'other';
    const decoder = {
      pathInSchema: meta.path_in_schema, element, schemaPath, type: meta.type, codec: meta.codec,
      parsers: PARSERS, compressors, utf8: leafType !== 'binary',
    };
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
    const { data } = readColumn(reader as never, { groupStart: 0, selectStart: 0, selectEnd: rows, groupRows: rows } as never, decoder as never);
    const chunks = data as ArrayLike<unknown>[];
    if (chunks.length === 1 && Array.isArray(chunks[0])) return chunks[0] as unknown[];
    const out: unknown[] = [];
    for (const c of chunks) for (let i = 0; i < c.length; i++) out.push(c[i]);
    return out;
  }
}

/** Engine value of one decoded Parquet value of type t (nested values recursively). */
function engineValue(v: unknown, t: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (t.id) {
    case 'boolean': return v === true || v === 1;
    case 'bigint': case 'int': case 'smallint': case 'tinyint': case 'date': return typeof v === 'bigint' ? Number(v) : v;
    case 'timestamp': return v instanceof Date ? v.getTime() : Number(v);
    case 'decimal': return typeof v === 'bigint' ? Number(v) : Math.round((v as number) * POW10[t.scale]);
    case 'binary': return v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1') : String(v);
    case 'string': case 'varchar': case 'char': return v instanceof Uint8Array ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8') : String(v);
    case 'array': return (v as unknown[]).map((x) => engineValue(x, t.element));
    case 'map': {
      const m = new Map<unknown, unknown>();
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(engineValue(t.key.id === 'string' ? k : parseValue(k, t.key), t.key), engineValue(x, t.value));
      return m;
    }
    case 'struct': {
      const o = v as Record<string, unknown>;
      return t.fields.map((f) => engineValue(o[f.name], f.type));
    }
    default: return v;
  }
}

function toVector(values: ArrayLike<unknown>, type: DataType): Vector {
  const n = values.length;
  const out = allocFor(type, n);
  let nulls: Uint8Array | null = null;
  const simple = type.id === 'int' || type.id === 'double' || type.id === 'float' || type.id === 'date' || type.id === 'smallint' || type.id === 'tinyint';
  for (let i = 0; i < n; i++) {
    const raw = values[i];
    if (raw === null || raw === undefined) { nulls ??= new Uint8Array(n); nulls[i] = 1; continue; }
    const v = simple ? raw : engineValue(raw, type);
    (out as unknown[])[i] = type.id === 'boolean' ? (v ? 1 : 0) : v;
  }
  return { type, values: out, nulls };
}
