// Reads an ORC file: the tail (postscript, footer, metadata) once, then stripe by stripe
// only the byte ranges of the streams the projected columns need. Predicates skip whole
// stripes by their statistics and row groups (orc.row.index.stride rows) by the row
// index's statistics and bloom filters; readers seek past skipped row groups. Memory is
// bounded by one stripe's projected streams.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readFully } from '../readFully.js';
import { POOLED_FILE_BYTES, borrowBuffer, releaseBuffer } from '../bufferPool.js';
import { Batch, BATCH_SIZE } from '../../exec/vector.js';
import {
  ColumnStatistics, ReadFooter, Metadata, PostScript, RowIndex, StreamKind, StripeFooter, StripeInformation, TypeKind,
  decodeBloomFilterIndex, decodeFooter, decodeMetadata, decodePostScript, decodeRowIndex, decodeStripeFooter, BloomFilterProto,
} from './orcProto.js';
import { DecodedStream, OrcFormatError, decompressStream } from './compression.js';
import { OrcColumn, orcSchema, topLevelColumns } from './orcSchema.js';
import { ColumnReader, StripeData, columnReader } from './columnReaders.js';
import { ColumnRange, ScanPredicate, lookupValues, rangeMightMatch } from '../scanPredicate.js';
import { bloomHash, bloomMightContain } from './bloomFilter.js';
import { parseDecimal } from '../../types/values.js';
import { DataType } from '../../types/dataType.js';

export interface OrcReadOptions {
  /** Indexes of the top-level columns to read, in output order; all when omitted. */
  columns?: number[];
  /** Conjuncts over top-level column indexes used to skip stripes and row groups. */
  predicates?: ScanPredicate[];
  batchSize?: number;
  /** Only stripes whose start offset falls in [start, end) (an input split); with `rows`,
   *  only those rows [from, to) of them, on row-group boundaries. */
  split?: { start: number; end: number; rows?: [number, number] };
}

/** What a read skipped and read, for tests and metrics. */
export interface OrcReadStats {
  bytesRead: number;
  stripesRead: number;
  stripesSkipped: number;
  rowGroupsRead: number;
  rowGroupsSkipped: number;
}

const TAIL_GUESS = 16 * 1024;
/** Files up to this size are read with one call (their tail is most of them anyway). */
const WHOLE_FILE_BYTES = POOLED_FILE_BYTES;
const MAX_POSTSCRIPT = 255;

export class OrcFile {
  readonly root: OrcColumn;
  readonly fields: { name: string; column: OrcColumn }[];
  readonly stats: OrcReadStats = { bytesRead: 0, stripesRead: 0, stripesSkipped: 0, rowGroupsRead: 0, rowGroupsSkipped: 0 };
  private metadataCache: Metadata | null | undefined;

  /** The whole file, for small files; null: stripes are read from the file. */
  private contents: Uint8Array | null = null;

  private constructor(
    readonly path: string,
    private fd: number,
    readonly size: number,
    readonly postscript: PostScript,
    readonly footer: ReadFooter,
    private readonly metadataBytes: Uint8Array | null,
  ) {
    this.root = orcSchema(footer.types);
    this.fields = topLevelColumns(this.root);
  }

  static open(path: string): OrcFile {
    return OrcFile.openUnlessEmpty(path) ?? withFileContext(path, () => { throw new OrcFormatError('empty file (0 bytes), not an ORC file'); });
  }

  /** Opens the file; null for an empty one (Hive writes those for empty buckets). */
  static openUnlessEmpty(path: string): OrcFile | null {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size === 0) { closeSync(fd); return null; }
      return withFileContext(path, () => OrcFile.readTail(path, fd, size));
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  private static readTail(path: string, fd: number, size: number): OrcFile {
    if (size < 4) throw new OrcFormatError(`file of ${size} bytes is too small to be an ORC file`);
    // A small file (one partition of a partitioned table) is read whole with one call;
    // its stripes are then served from memory.
    // The buffer goes back to the pool at close(): nothing decoded from the file keeps a
    // view of its bytes (strings and numbers are copied out of the streams).
    const whole = size <= WHOLE_FILE_BYTES ? readFully(fd, 0, size, borrowBuffer(size)) : null;
    const tailLen = Math.min(size, TAIL_GUESS);
    let tail = whole ?? readFully(fd, size - tailLen, tailLen);
    const psLen = tail[tail.length - 1];
    if (psLen === 0 || psLen + 1 > size || psLen > MAX_POSTSCRIPT) throw new OrcFormatError(`bad postscript length ${psLen}`);
    const psBytes = tail.subarray(tail.length - 1 - psLen, tail.length - 1);
    let ps: PostScript;
    try { ps = decodePostScript(psBytes); } catch (e) { throw new OrcFormatError(`unreadable postscript: ${(e as Error).message}`); }
    if (ps.magic !== 'ORC') {
      // Hive 0.11 files lack the magic in the postscript; they start with it instead.
      const head = readFully(fd, 0, 3);
      if (Buffer.from(head).toString('latin1') !== 'ORC') throw new OrcFormatError('not an ORC file (no ORC magic in the postscript or header)');
    }
    const [major = 0, minor = 12] = ps.version;
    // 0.11 and 0.12 are released versions; 1.9999 marks the pre-2.0 development layout
    // (decimal64), which this reader also decodes.
    if (major > 1 || (major === 0 && minor > 12) || (major === 1 && minor !== 9999)) {
      throw new OrcFormatError(`ORC file version ${ps.version.join('.')} is not one this reader understands (0.11, 0.12, 1.9999)`);
    }
    const footerLen = ps.footerLength, metaLen = ps.metadataLength;
    const need = 1 + psLen + footerLen + metaLen;
    if (need > size) throw new OrcFormatError(`footer (${footerLen} bytes) and metadata (${metaLen} bytes) do not fit in the file (${size} bytes)`);
    if (need > tail.length) tail = readFully(fd, size - need, need);
    const end = tail.length - 1 - psLen;
    const block = ps.compressionBlockSize || 256 * 1024;
    const footerRaw = decompressStream(ps.compression, block, tail.subarray(end - footerLen, end)).bytes;
    let footer: ReadFooter;
    try { footer = decodeFooter(footerRaw); } catch (e) { throw new OrcFormatError(`unreadable footer: ${(e as Error).message}`); }
    const metaRaw = metaLen > 0 ? tail.slice(end - footerLen - metaLen, end - footerLen) : null;
    for (const s of footer.stripes) {
      if (s.offset + s.indexLength + s.dataLength + s.footerLength > size) throw new OrcFormatError(`stripe at offset ${s.offset} extends past the end of the file`);
    }
    const file = new OrcFile(path, fd, size, ps, footer, metaRaw);
    file.contents = whole;
    return file;
  }

  get numberOfRows(): number { return this.footer.numberOfRows; }
  get stripes(): StripeInformation[] { return this.footer.stripes; }
  get compressionBlockSize(): number { return this.postscript.compressionBlockSize || 256 * 1024; }

  /** Per-stripe column statistics from the metadata section; null when absent. */
  stripeStatistics(): ColumnStatistics[][] | null {
    if (this.metadataCache === undefined) {
      this.metadataCache = null;
      if (this.metadataBytes) {
        try {
          this.metadataCache = decodeMetadata(decompressStream(this.postscript.compression, this.compressionBlockSize, this.metadataBytes).bytes);
        } catch { this.metadataCache = null; } // statistics are an optimisation: read without them
      }
    }
    return this.metadataCache ? this.metadataCache.stripeStats.map((s) => s.colStats) : null;
  }

  readBytes(offset: number, length: number): Uint8Array {
    this.stats.bytesRead += length;
    if (this.contents) {
      if (offset + length > this.contents.length) throw new OrcFormatError(`read of ${length} bytes at offset ${offset} past the end of the file (${this.contents.length} bytes)`);
      return this.contents.subarray(offset, offset + length);
    }
    return readFully(this.fd, offset, length);
  }

  decompress(bytes: Uint8Array): DecodedStream {
    return decompressStream(this.postscript.compression, this.compressionBlockSize, bytes);
  }

  rows(options: OrcReadOptions = {}): OrcRowReader {
    return new OrcRowReader(this, options);
  }

  close(): void {
    if (this.fd >= 0) { closeSync(this.fd); this.fd = -1; }
    if (this.contents) { releaseBuffer(this.contents); this.contents = null; }
  }
}

/** Runs f, turning any failure into an error that names the file. */
export function withFileContext<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof OrcFormatError && e.path) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new OrcFormatError(`ORC file ${path}: ${msg}`, path);
  }
}

interface OpenStripe {
  readers: ColumnReader[];
  made: Map<number, ColumnReader>;
  rowIndex: Map<number, RowIndex>;
  /** Row ranges [start, end) within the stripe still to read. */
  ranges: [number, number][];
  rangeIdx: number;
  row: number;
}

export class OrcRowReader {
  private stripeIdx = 0;
  private current: OpenStripe | null = null;
  private readonly columns: number[];
  private readonly batchSize: number;
  private readonly stride: number;

  constructor(private readonly file: OrcFile, private readonly options: OrcReadOptions) {
    this.columns = options.columns ?? file.fields.map((_, i) => i);
    for (const c of this.columns) if (!file.fields[c]) throw new OrcFormatError(`ORC file ${file.path}: no column ${c} (the file has ${file.fields.length})`);
    this.batchSize = options.batchSize ?? BATCH_SIZE;
    this.stride = file.footer.rowIndexStride ?? 0;
  }

  /** The DataTypes of the columns this reader produces, in order. */
  get types(): DataType[] { return this.columns.map((c) => this.file.fields[c].column.type); }

  next(): Batch | null {
    return withFileContext(this.file.path, () => this.nextBatch());
  }

  private nextBatch(): Batch | null {
    for (;;) {
      if (!this.current) {
        const stripes = this.file.stripes;
        if (this.stripeIdx >= stripes.length) return null;
        const i = this.stripeIdx++;
        const s = stripes[i];
        const split = this.options.split;
        if (split && (s.offset < split.start || s.offset >= split.end)) continue;
        this.current = this.openStripe(i);
        if (!this.current) { this.file.stats.stripesSkipped++; continue; }
        this.file.stats.stripesRead++;
        continue;
      }
      const cur = this.current;
      if (cur.rangeIdx >= cur.ranges.length) { this.current = null; continue; }
      const [, end] = cur.ranges[cur.rangeIdx];
      const n = Math.min(this.batchSize, end - cur.row);
      const columns = cur.readers.map((r) => r.next(n));
      cur.row += n;
      if (cur.row >= end) {
        cur.rangeIdx++;
        if (cur.rangeIdx < cur.ranges.length) this.seekTo(cur, cur.ranges[cur.rangeIdx][0]);
      }
      return { columns, length: n };
    }
  }

  private seekTo(cur: OpenStripe, row: number): void {
    const group = Math.floor(row / this.stride);
    for (const [id, reader] of cur.made) {
      const entry = cur.rowIndex.get(id)?.entry[group];
      if (!entry) throw new OrcFormatError(`column ${id} has no row index entry for row group ${group}`);
      reader.seek(entry.positions);
    }
    cur.row = row;
  }

  private predicateColumn(p: ScanPredicate): OrcColumn { return this.file.fields[p.column].column; }

  private openStripe(index: number): OpenStripe | null {
    const file = this.file;
    const info = file.stripes[index];
    const predicates = this.options.predicates ?? [];
    if (predicates.length) {
      const stats = file.stripeStatistics()?.[index];
      if (stats && !predicates.every((p) => rangeMightMatch(p, columnRange(this.predicateColumn(p), stats[this.predicateColumn(p).id])))) return null;
    }
    const footerOffset = info.offset + info.indexLength + info.dataLength;
    let footer: StripeFooter;
    try { footer = decodeStripeFooter(file.decompress(file.readBytes(footerOffset, info.footerLength)).bytes); } catch (e) {
      throw new OrcFormatError(`stripe ${index}: unreadable stripe footer: ${(e as Error).message}`);
    }
    // Where each stream lies: streams follow each other from the stripe's start.
    const located: { kind: number; column: number; offset: number; length: number }[] = [];
    let pos = info.offset;
    for (const s of footer.streams) { located.push({ kind: s.kind, column: s.column, offset: pos, length: s.length }); pos += s.length; }
    if (pos > footerOffset) throw new OrcFormatError(`stripe ${index}: streams (${pos - info.offset} bytes) overrun the stripe's index and data (${footerOffset - info.offset} bytes)`);
    if (footer.columns.length < file.footer.types.length) throw new OrcFormatError(`stripe ${index}: the stripe footer has ${footer.columns.length} column encodings for ${file.footer.types.length} columns`);

    const needed = new Set<number>();
    for (const c of this.columns) { const col = file.fields[c].column; for (let id = col.id; id <= col.maxId; id++) needed.add(id); }
    // A stripe of one row group was judged by its stripe statistics already; its row index
    // would only be decoded to say the same (a partition's small file is one row group).
    const hasIndex = this.stride > 0 && located.some((s) => s.kind === StreamKind.ROW_INDEX);
    const usePredicates = predicates.length > 0 && hasIndex && info.numberOfRows > this.stride;
    // A split of part of the stripe seeks to its first row group by the row index; without
    // one, the part that starts at row 0 reads the whole stripe and the others nothing.
    let window = this.options.split?.rows;
    if (window && !hasIndex) { if (window[0] > 0) return null; window = undefined; }
    const seeks = window !== undefined && window[0] > 0;
    const indexColumns = new Set<number>(usePredicates || seeks ? [...needed, ...predicates.map((p) => this.predicateColumn(p).id)] : []);
    const bloomColumns = new Set<number>(usePredicates ? predicates.filter((p) => lookupValues(p)).map((p) => this.predicateColumn(p).id) : []);

    const rowIndex = new Map<number, RowIndex>();
    const blooms = new Map<number, BloomFilterProto[]>();
    for (const s of located) {
      if (s.kind === StreamKind.ROW_INDEX && indexColumns.has(s.column)) {
        rowIndex.set(s.column, decodeRowIndex(file.decompress(file.readBytes(s.offset, s.length)).bytes));
      } else if ((s.kind === StreamKind.BLOOM_FILTER_UTF8 || s.kind === StreamKind.BLOOM_FILTER) && bloomColumns.has(s.column)) {
        // Prefer the UTF-8 variant; the original one hashed strings in the platform charset.
        if (s.kind === StreamKind.BLOOM_FILTER && (blooms.has(s.column) || file.footer.types[s.column].kind === TypeKind.STRING)) continue;
        blooms.set(s.column, decodeBloomFilterIndex(file.decompress(file.readBytes(s.offset, s.length)).bytes));
      }
    }

    const [from, to] = window ?? [0, info.numberOfRows];
    let ranges: [number, number][] = [[from, Math.min(to, info.numberOfRows)]];
    if (usePredicates) {
      // Only the split's row groups: the others are another split's.
      const first = Math.floor(from / this.stride), last = Math.min(Math.ceil(info.numberOfRows / this.stride), Math.ceil(to / this.stride));
      const keep = new Array<boolean>(last).fill(true);
      for (const p of predicates) {
        const col = this.predicateColumn(p);
        const idx = rowIndex.get(col.id);
        const bloom = blooms.get(col.id);
        const hashes = bloom ? lookupHashes(p, col) : null;
        for (let g = first; g < last; g++) {
          if (!keep[g]) continue;
          const st = idx?.entry[g]?.statistics;
          if (st && !rangeMightMatch(p, columnRange(col, st))) { keep[g] = false; continue; }
          if (hashes && bloom![g] && !hashes.some((h) => bloomMightContain(bloom![g], h))) keep[g] = false;
        }
      }
      ranges = [];
      for (let g = first; g < last; g++) {
        if (!keep[g]) { file.stats.rowGroupsSkipped++; continue; }
        file.stats.rowGroupsRead++;
        const start = g * this.stride, end = Math.min(info.numberOfRows, start + this.stride);
        const last = ranges[ranges.length - 1];
        if (last && last[1] === start) last[1] = end; else ranges.push([start, end]);
      }
      if (ranges.length === 0) return null;
    }

    // Read the data streams of the needed columns, merging adjacent ranges into one read.
    const streams = new Map<string, DecodedStream>();
    const wanted = located.filter((s) => needed.has(s.column) && s.kind !== StreamKind.ROW_INDEX && s.kind !== StreamKind.BLOOM_FILTER && s.kind !== StreamKind.BLOOM_FILTER_UTF8 && s.length > 0);
    for (let i = 0; i < wanted.length;) {
      let j = i + 1;
      while (j < wanted.length && wanted[j].offset === wanted[j - 1].offset + wanted[j - 1].length) j++;
      const start = wanted[i].offset;
      const bytes = file.readBytes(start, wanted[j - 1].offset + wanted[j - 1].length - start);
      for (let k = i; k < j; k++) {
        const s = wanted[k];
        streams.set(`${s.column}:${s.kind}`, file.decompress(bytes.subarray(s.offset - start, s.offset - start + s.length)));
      }
      i = j;
    }
    const stripe: StripeData = {
      stream: (column, kind) => streams.get(`${column}:${kind}`),
      encoding: (column) => footer.columns[column],
      writerTimezone: footer.writerTimezone ?? 'UTC',
      decimal64: file.postscript.version[0] === 1,
      typePrecision: (column) => file.footer.types[column].precision ?? 0,
    };
    const made = new Map<number, ColumnReader>();
    const readers = this.columns.map((c) => columnReader(file.fields[c].column, stripe, made));
    const open: OpenStripe = { readers, made, rowIndex, ranges, rangeIdx: 0, row: 0 };
    if (ranges[0][0] > 0) this.seekTo(open, ranges[0][0]);
    return open;
  }
}

/** A column's statistics as a range in the engine's representation of its type. */
export function columnRange(col: OrcColumn, s: ColumnStatistics | undefined): ColumnRange | undefined {
  if (!s) return undefined;
  const r: ColumnRange = { valueCount: s.numberOfValues, hasNull: s.hasNull };
  const t = col.type;
  switch (col.kind) {
    case TypeKind.BYTE: case TypeKind.SHORT: case TypeKind.INT: case TypeKind.LONG:
      if (s.intStatistics && s.intStatistics.minimum !== undefined) { r.min = s.intStatistics.minimum; r.max = s.intStatistics.maximum; }
      break;
    case TypeKind.FLOAT: case TypeKind.DOUBLE:
      if (s.doubleStatistics && s.doubleStatistics.minimum !== undefined && !Number.isNaN(s.doubleStatistics.minimum) && !Number.isNaN(s.doubleStatistics.maximum)) {
        r.min = s.doubleStatistics.minimum; r.max = s.doubleStatistics.maximum;
      }
      break;
    case TypeKind.STRING: case TypeKind.VARCHAR:
      if (s.stringStatistics?.minimum !== undefined && s.stringStatistics.maximum !== undefined) { r.min = s.stringStatistics.minimum; r.max = s.stringStatistics.maximum; }
      break;
    case TypeKind.DATE:
      if (s.dateStatistics?.minimum !== undefined) { r.min = s.dateStatistics.minimum; r.max = s.dateStatistics.maximum; }
      break;
    case TypeKind.DECIMAL:
      if (t.id === 'decimal' && s.decimalStatistics?.minimum && s.decimalStatistics.maximum) {
        const lo = parseDecimal(s.decimalStatistics.minimum, 38, t.scale), hi = parseDecimal(s.decimalStatistics.maximum, 38, t.scale);
        if (lo !== null && hi !== null) { r.min = lo; r.max = hi; }
      }
      break;
    // Timestamps (zone-dependent statistics), booleans, binary and char: no range.
  }
  return r;
}

function lookupHashes(p: ScanPredicate, col: OrcColumn): bigint[] | null {
  const values = lookupValues(p);
  if (!values) return null;
  let family: 'long' | 'double' | 'string';
  switch (col.kind) {
    case TypeKind.BYTE: case TypeKind.SHORT: case TypeKind.INT: case TypeKind.LONG: case TypeKind.DATE: family = 'long'; break;
    case TypeKind.FLOAT: case TypeKind.DOUBLE: family = 'double'; break;
    case TypeKind.STRING: case TypeKind.VARCHAR: family = 'string'; break;
    default: return null;
  }
  const hashes: bigint[] = [];
  for (const v of values) {
    const h = bloomHash(v, family);
    if (h === null) return null; // a value we cannot hash: keep every group
    hashes.push(h);
  }
  return hashes;
}
