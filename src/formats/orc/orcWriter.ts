// Writes ORC files Hive, Spark, Trino and the ORC tools read: file version 0.12, RLE v2,
// stripes of about orc.stripe.size bytes, a row index entry (positions and statistics)
// every orc.row.index.stride rows, dictionary encoding for string columns where few
// values repeat enough (orc.dictionary.key.threshold), optional bloom filters
// (orc.bloom.filter.columns), statistics per row group, stripe and file, and Hive's type
// names. Timestamps are written as wall clocks in UTC (writer time zone "UTC").
import { closeSync, openSync, writeSync } from 'node:fs';
import { DataType } from '../../types/dataType.js';
import { Batch, Vector } from '../../exec/vector.js';
import { formatDecimal, POW10 } from '../../types/values.js';
import {
  BloomFilterProto, ColumnStatistics, Compression, EncodingKind, StreamKind, TypeKind,
  encodeBloomFilterIndex, encodeFooter, encodeMetadata, encodePostScript, encodeRowIndex, encodeStripeFooter,
} from './orcProto.js';
import { compressStream } from './compression.js';
import { BooleanEncoder, ByteRleEncoder, ByteSink, Encoder, IntRleV2Encoder } from './rleWriters.js';
import { ORC_EPOCH_SECONDS } from './timestampZone.js';
import { bloomAdd, bloomHash } from './bloomFilter.js';

export interface OrcWriterOptions {
  compression: number;
  compressionBlockSize: number;
  stripeSize: number;
  rowIndexStride: number;
  /** Distinct/non-null ratio at or below which a string column is dictionary encoded. */
  dictionaryKeyThreshold: number;
  bloomFilterColumns: Set<string>;
  bloomFilterFpp: number;
}

export const DEFAULT_ORC_OPTIONS: OrcWriterOptions = {
  compression: Compression.ZLIB,
  compressionBlockSize: 256 * 1024,
  stripeSize: 64 * 1024 * 1024,
  rowIndexStride: 10000,
  dictionaryKeyThreshold: 0.8,
  bloomFilterColumns: new Set(),
  bloomFilterFpp: 0.05,
};

/** A stream being built, and the row-index positions recorded into it. */
class OutStream {
  readonly sink = new ByteSink();
  constructor(readonly column: number, readonly kind: number) {}
}

/** A row index position recorded before compression: an uncompressed stream offset (to
 *  resolve into chunk start + offset once compressed) or a plain number. */
type PendingPosition = { stream: OutStream; offset: number } | number;

/** Running statistics of one column over some rows. */
class Stats {
  count = 0;
  hasNull = false;
  min: number | string | undefined;
  max: number | string | undefined;
  sum = 0;
  trues = 0;
  constructor(private readonly type: DataType) {}
  add(v: number | string): void {
    this.count++;
    if (this.type.id === 'boolean') { if (v) this.trues++; return; }
    if (this.min === undefined || v < this.min) this.min = v;
    if (this.max === undefined || v > this.max) this.max = v;
    if (typeof v === 'string') this.sum += Buffer.byteLength(v, this.type.id === 'binary' ? 'latin1' : 'utf8');
    else this.sum += v;
  }
  merge(o: Stats): void {
    this.count += o.count; this.hasNull ||= o.hasNull; this.sum += o.sum; this.trues += o.trues;
    if (o.min !== undefined && (this.min === undefined || o.min < this.min)) this.min = o.min;
    if (o.max !== undefined && (this.max === undefined || o.max > this.max)) this.max = o.max;
  }
  proto(): ColumnStatistics {
    const s: ColumnStatistics = { numberOfValues: this.count, hasNull: this.hasNull };
    const t = this.type;
    const has = this.min !== undefined;
    switch (t.id) {
      case 'tinyint': case 'smallint': case 'int': case 'bigint':
        if (has) s.intStatistics = { minimum: this.min as number, maximum: this.max as number, sum: Number.isSafeInteger(this.sum) ? this.sum : undefined };
        break;
      case 'float': case 'double':
        if (has) s.doubleStatistics = { minimum: this.min as number, maximum: this.max as number, sum: this.sum };
        break;
      case 'string': case 'varchar': case 'char':
        s.stringStatistics = has ? { minimum: this.min as string, maximum: this.max as string, sum: this.sum } : { sum: 0 };
        break;
      case 'binary': s.binaryStatistics = { sum: this.sum }; break;
      case 'boolean': s.bucketStatistics = { count: [this.trues] }; break;
      case 'date': if (has) s.dateStatistics = { minimum: this.min as number, maximum: this.max as number }; break;
      case 'decimal':
        if (has) s.decimalStatistics = { minimum: formatDecimal(this.min as number, t.scale), maximum: formatDecimal(this.max as number, t.scale), sum: formatDecimal(this.sum, t.scale) };
        break;
      case 'timestamp':
        if (has) s.timestampStatistics = { minimum: this.min as number, maximum: this.max as number, minimumUtc: this.min as number, maximumUtc: this.max as number };
        break;
    }
    return s;
  }
}

/** Writes one column (and its children) of one stripe at a time. */
abstract class ColumnWriter {
  readonly children: ColumnWriter[] = [];
  protected present!: BooleanEncoder;
  private presentStream!: OutStream;
  protected streams: OutStream[] = [];
  private encoders: Encoder[] = [];
  protected stats: Stats;
  private stripeStats: Stats;
  readonly fileStats: Stats;
  private nullsInStripe = false;
  private entries: { present: PendingPosition[]; data: PendingPosition[]; stats: ColumnStatistics }[] = [];
  bloom: BloomFilterProto | null = null;
  private blooms: BloomFilterProto[] = [];

  constructor(readonly id: number, readonly type: DataType, protected readonly options: OrcWriterOptions, readonly bloomFamily: 'long' | 'double' | 'string' | null) {
    this.stats = new Stats(type);
    this.stripeStats = new Stats(type);
    this.fileStats = new Stats(type);
  }

  /** Creates this stripe's streams and encoders. */
  startStripe(): void {
    this.presentStream = new OutStream(this.id, StreamKind.PRESENT);
    this.present = new BooleanEncoder(this.presentStream.sink);
    this.nullsInStripe = false;
    this.streams = [];
    this.encoders = [];
    this.entries = [];
    this.blooms = [];
    this.stripeStats = new Stats(this.type);
    this.newBloom();
    this.openStreams();
    for (const c of this.children) c.startStripe();
  }

  private newBloom(): void {
    if (!this.bloomFamily) return;
    // Sized for one row group at the requested false-positive rate, as ORC sizes them.
    const n = this.options.rowIndexStride;
    const bits = Math.max(64, Math.ceil((-n * Math.log(this.options.bloomFilterFpp)) / (Math.log(2) ** 2)));
    const words = Math.ceil(bits / 64) * 2;
    const k = Math.max(1, Math.round((words * 32 / n) * Math.log(2)));
    this.bloom = { numHashFunctions: k, words: new Uint32Array(words) };
  }

  protected stream<E extends Encoder | null>(kind: number, make: (s: ByteSink) => E): { s: OutStream; e: E } {
    const s = new OutStream(this.id, kind);
    this.streams.push(s);
    const e = make(s.sink);
    if (e) this.encoders.push(e);
    return { s, e };
  }

  protected abstract openStreams(): void;
  /** Positions of this column's data streams at the current point (after flushes). */
  protected abstract dataPositions(): PendingPosition[];
  /** Appends a non-null value. */
  protected abstract addValue(v: unknown): void;

  add(v: unknown): void {
    if (v === null || v === undefined) {
      this.present.add(0);
      this.nullsInStripe = true;
      this.stats.hasNull = true;
      return;
    }
    this.present.add(1);
    this.addValue(v);
  }

  protected addBloom(v: number | string): void {
    if (!this.bloom) return;
    const h = bloomHash(v, this.bloomFamily!);
    if (h !== null) bloomAdd(this.bloom, h);
  }

  /** Records where the row group that starts now begins, and the last one's statistics. */
  markRowGroup(first: boolean): void {
    if (!first) this.closeRowGroup();
    this.present.flush();
    for (const e of this.encoders) e.flush();
    // A string column fills its data positions in when it encodes at the stripe's end.
    const present: PendingPosition[] = [{ stream: this.presentStream, offset: this.presentStream.sink.length }, 0, this.present.bits];
    this.entries.push({ present, data: this.dataPositions(), stats: {} });
    for (const c of this.children) c.markRowGroup(first);
  }

  private closeRowGroup(): void {
    const e = this.entries[this.entries.length - 1];
    if (e) e.stats = this.stats.proto();
    this.stripeStats.merge(this.stats);
    this.stats = new Stats(this.type);
    if (this.bloom) { this.blooms.push(this.bloom); this.newBloom(); }
  }

  /** Ends the stripe; returns its streams (index first), encodings and statistics. */
  finishStripe(out: StripeParts): void {
    this.closeRowGroup();
    this.present.finish();
    this.finishStreams();
    this.fileStats.merge(this.stripeStats);
    const hasPresent = this.nullsInStripe;
    const data = hasPresent ? [this.presentStream, ...this.streams] : this.streams;
    const compressed = new Map<OutStream, { bytes: Uint8Array; chunkStarts: number[] }>();
    for (const s of data) compressed.set(s, compressWithStarts(s.sink.view(), this.options));
    const resolve = (p: PendingPosition): number[] => {
      if (typeof p === 'number') return [p];
      if (this.options.compression === Compression.NONE) return [p.offset];
      const c = compressed.get(p.stream)!;
      const chunk = Math.floor(p.offset / this.options.compressionBlockSize);
      const start = chunk < c.chunkStarts.length ? c.chunkStarts[chunk] : c.bytes.length;
      return [start, p.offset - chunk * this.options.compressionBlockSize];
    };
    const entries = this.entries.map((e) => {
      // Without a PRESENT stream its positions are left out, as ORC's writers do.
      const ps = hasPresent ? [...e.present, ...e.data] : e.data;
      return { positions: ps.flatMap(resolve), statistics: e.stats };
    });
    out.index.push({ column: this.id, kind: StreamKind.ROW_INDEX, bytes: storeUncompressed(encodeRowIndex({ entry: entries }), this.options) });
    if (this.bloomFamily) {
      out.index.push({ column: this.id, kind: StreamKind.BLOOM_FILTER_UTF8, bytes: compressWithStarts(encodeBloomFilterIndex(this.blooms), this.options).bytes });
    }
    for (const s of data) out.data.push({ column: this.id, kind: s.kind, bytes: compressed.get(s)!.bytes });
    out.encodings[this.id] = this.encoding();
    out.stats[this.id] = this.stripeStats.proto();
    for (const c of this.children) c.finishStripe(out);
  }

  protected finishStreams(): void { for (const e of this.encoders) e.flush(); }
  protected encoding(): { kind: number; dictionarySize?: number } {
    // Only columns with integer RLE streams have a version to declare.
    const direct = ['boolean', 'tinyint', 'float', 'double', 'struct'].includes(this.type.id);
    return { kind: direct ? EncodingKind.DIRECT : EncodingKind.DIRECT_V2 };
  }

  /** Bytes buffered in this stripe so far (to decide when to end it). */
  bufferedBytes(): number {
    let n = this.presentStream.sink.length;
    for (const s of this.streams) n += s.sink.length;
    for (const c of this.children) n += c.bufferedBytes();
    return n + this.extraBytes();
  }
  protected extraBytes(): number { return 0; }
}

export interface StripeParts {
  index: { column: number; kind: number; bytes: Uint8Array }[];
  data: { column: number; kind: number; bytes: Uint8Array }[];
  encodings: { kind: number; dictionarySize?: number }[];
  stats: ColumnStatistics[];
}

/** The sections a reader decodes to find its way — the file footer, the metadata (stripe
 *  statistics), stripe footers and row indexes — are stored as original chunks: they are a
 *  few hundred bytes each, and an inflate call costs ~11 µs whatever its size, paid on
 *  every open of the file (a scan of a TPC-DS fact table opens ~1,800 files). The format
 *  allows any chunk to be original, and readers decode it as any other. */
function storeUncompressed(raw: Uint8Array, o: OrcWriterOptions): Uint8Array {
  if (o.compression === Compression.NONE) return raw.slice();
  return compressStream(o.compression, o.compressionBlockSize, raw, true);
}

function compressWithStarts(raw: Uint8Array, o: OrcWriterOptions): { bytes: Uint8Array; chunkStarts: number[] } {
  if (o.compression === Compression.NONE) return { bytes: raw.slice(), chunkStarts: [] };
  const chunkStarts: number[] = [];
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let pos = 0; pos < raw.length; pos += o.compressionBlockSize) {
    chunkStarts.push(total);
    const c = compressStream(o.compression, o.compressionBlockSize, raw.subarray(pos, Math.min(raw.length, pos + o.compressionBlockSize)));
    parts.push(c);
    total += c.length;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return { bytes, chunkStarts };
}

const streamPos = (s: OutStream): PendingPosition => ({ stream: s, offset: s.sink.length });

class BooleanWriter extends ColumnWriter {
  private data!: { s: OutStream; e: BooleanEncoder };
  protected openStreams(): void { this.data = this.stream(StreamKind.DATA, (s) => new BooleanEncoder(s)); }
  protected dataPositions(): PendingPosition[] { return [streamPos(this.data.s), 0, this.data.e.bits]; }
  protected addValue(v: unknown): void { const b = v === true || v === 1; this.data.e.add(b); this.stats.add(b ? 1 : 0); }
  protected override finishStreams(): void { this.data.e.finish(); }
}

class ByteWriter extends ColumnWriter {
  private data!: { s: OutStream; e: ByteRleEncoder };
  protected openStreams(): void { this.data = this.stream(StreamKind.DATA, (s) => new ByteRleEncoder(s)); }
  protected dataPositions(): PendingPosition[] { return [streamPos(this.data.s), 0]; }
  protected addValue(v: unknown): void { this.data.e.add(v as number); this.stats.add(v as number); this.addBloom(v as number); }
}

class IntWriter extends ColumnWriter {
  private data!: { s: OutStream; e: IntRleV2Encoder };
  protected openStreams(): void { this.data = this.stream(StreamKind.DATA, (s) => new IntRleV2Encoder(s, true)); }
  protected dataPositions(): PendingPosition[] { return [streamPos(this.data.s), 0]; }
  protected addValue(v: unknown): void { this.data.e.add(v as number); this.stats.add(v as number); this.addBloom(v as number); }
}

class FloatWriter extends ColumnWriter {
  private data!: { s: OutStream; e: null };
  private readonly scratch = new DataView(new ArrayBuffer(8));
  protected openStreams(): void { this.data = this.stream(StreamKind.DATA, () => null); }
  protected dataPositions(): PendingPosition[] { return [streamPos(this.data.s)]; }
  protected addValue(v: unknown): void {
    const x = v as number;
    const four = this.type.id === 'float';
    if (four) this.scratch.setFloat32(0, x, true); else this.scratch.setFloat64(0, x, true);
    this.data.s.sink.write(new Uint8Array(this.scratch.buffer, 0, four ? 4 : 8));
    if (!Number.isNaN(x)) this.stats.add(x);
    else this.stats.count++;
    this.addBloom(x);
  }
}

/** Strings: values are kept for the stripe and encoded at its end, as a dictionary when
 *  distinct values are few enough, else directly. Row positions are kept as value counts
 *  and turned into stream offsets then. */
class StringWriter extends ColumnWriter {
  private values: string[] = [];
  private groupStarts: number[] = [];
  private dictionary = false;
  private dictSize = 0;
  private data!: OutStream;
  private lengths!: OutStream;
  private dictData!: OutStream;
  private groupPositions: PendingPosition[][] = [];
  private valueBytes = 0;
  private readonly enc: BufferEncoding;
  constructor(id: number, type: DataType, options: OrcWriterOptions, bloom: 'string' | null) {
    super(id, type, options, bloom);
    this.enc = type.id === 'binary' ? 'latin1' : 'utf8';
  }
  protected openStreams(): void { this.values = []; this.groupStarts = []; this.valueBytes = 0; }
  protected dataPositions(): PendingPosition[] {
    this.groupStarts.push(this.values.length);
    const slot: PendingPosition[] = [];
    this.groupPositions.push(slot);
    return slot;
  }
  protected addValue(v: unknown): void {
    let s = v as string;
    if (this.type.id === 'char') s = s.padEnd(this.type.length, ' ');
    this.values.push(s);
    this.valueBytes += s.length;
    this.stats.add(this.type.id === 'char' ? (v as string) : s);
    if (this.bloom) this.addBloom(s);
  }
  protected override extraBytes(): number { return this.valueBytes; }

  protected override finishStreams(): void {
    const slots = this.groupPositions;
    this.groupPositions = [];
    const distinct = new Map<string, number>();
    for (const v of this.values) if (!distinct.has(v)) distinct.set(v, distinct.size);
    this.dictionary = this.values.length > 0 && distinct.size <= this.values.length * this.options.dictionaryKeyThreshold;
    this.streams = [];
    if (this.dictionary) {
      this.data = new OutStream(this.id, StreamKind.DATA);
      this.dictData = new OutStream(this.id, StreamKind.DICTIONARY_DATA);
      this.lengths = new OutStream(this.id, StreamKind.LENGTH);
      // The dictionary is written sorted, as ORC's writers do.
      const sorted = [...distinct.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const rank = new Map<string, number>();
      sorted.forEach((s, i) => rank.set(s, i));
      const lens = new IntRleV2Encoder(this.lengths.sink, false);
      for (const s of sorted) { const b = Buffer.from(s, this.enc); this.dictData.sink.write(b); lens.add(b.length); }
      lens.flush();
      const idx = new IntRleV2Encoder(this.data.sink, false);
      this.writeGroups(slots, (i) => idx.add(rank.get(this.values[i])!), () => { idx.flush(); return [streamPos(this.data), 0]; });
      idx.flush();
      this.dictSize = sorted.length;
      this.streams = [this.data, this.dictData, this.lengths];
    } else {
      this.data = new OutStream(this.id, StreamKind.DATA);
      this.lengths = new OutStream(this.id, StreamKind.LENGTH);
      const lens = new IntRleV2Encoder(this.lengths.sink, false);
      this.writeGroups(slots, (i) => { const b = Buffer.from(this.values[i], this.enc); this.data.sink.write(b); lens.add(b.length); },
        () => { lens.flush(); return [streamPos(this.data), streamPos(this.lengths), 0]; });
      lens.flush();
      this.streams = [this.data, this.lengths];
    }
    this.values = [];
  }

  private writeGroups(slots: PendingPosition[][], write: (i: number) => void, mark: () => PendingPosition[]): void {
    let g = 0;
    for (let i = 0; i <= this.values.length; i++) {
      while (g < this.groupStarts.length && this.groupStarts[g] === i) { slots[g].push(...mark()); g++; }
      if (i < this.values.length) write(i);
    }
  }

  protected override encoding() {
    return this.dictionary ? { kind: EncodingKind.DICTIONARY_V2, dictionarySize: this.dictSize } : { kind: EncodingKind.DIRECT_V2 };
  }
}

class DecimalWriter extends ColumnWriter {
  private data!: { s: OutStream; e: null };
  private scales!: { s: OutStream; e: IntRleV2Encoder };
  protected openStreams(): void {
    this.data = this.stream(StreamKind.DATA, () => null);
    this.scales = this.stream(StreamKind.SECONDARY, (s) => new IntRleV2Encoder(s, true));
  }
  protected dataPositions(): PendingPosition[] { return [streamPos(this.data.s), streamPos(this.scales.s), 0]; }
  protected addValue(v: unknown): void {
    const x = v as number;
    this.data.s.sink.varInt(x);
    this.scales.e.add((this.type as { scale: number }).scale);
    this.stats.add(x);
  }
}

class DateWriter extends IntWriter {}

class TimestampWriter extends ColumnWriter {
  private secs!: { s: OutStream; e: IntRleV2Encoder };
  private nanos!: { s: OutStream; e: IntRleV2Encoder };
  /** Nanoseconds within the second for the next value, when the source has them. */
  nextNanos: number | undefined;
  protected openStreams(): void {
    this.secs = this.stream(StreamKind.DATA, (s) => new IntRleV2Encoder(s, true));
    this.nanos = this.stream(StreamKind.SECONDARY, (s) => new IntRleV2Encoder(s, false));
  }
  protected dataPositions(): PendingPosition[] { return [streamPos(this.secs.s), 0, streamPos(this.nanos.s), 0]; }
  protected addValue(v: unknown): void {
    const ms = v as number;
    const floorSec = Math.floor(ms / 1000);
    const ns = this.nextNanos ?? (ms - floorSec * 1000) * 1e6;
    // Java's writers truncate toward zero; readers add the second back for negatives.
    const secs = ms < 0 && ns > 999999 ? floorSec + 1 : floorSec;
    this.secs.e.add(secs - ORC_EPOCH_SECONDS);
    this.nanos.e.add(encodeNanos(ns));
    this.stats.add(ms);
  }
}

function encodeNanos(ns: number): number {
  if (ns === 0) return 0;
  let zeros = 0;
  while (ns % 10 === 0 && zeros < 8) { ns /= 10; zeros++; }
  return zeros >= 2 ? ns * 8 + (zeros - 1) : ns * POW10[zeros] * 8;
}

class ListWriter extends ColumnWriter {
  private lengths!: { s: OutStream; e: IntRleV2Encoder };
  protected openStreams(): void { this.lengths = this.stream(StreamKind.LENGTH, (s) => new IntRleV2Encoder(s, false)); }
  protected dataPositions(): PendingPosition[] { return [streamPos(this.lengths.s), 0]; }
  protected addValue(v: unknown): void {
    if (this.type.id === 'map') {
      const m = v as Map<unknown, unknown>;
      this.lengths.e.add(m.size);
      for (const [k, x] of m) { this.children[0].add(k); this.children[1].add(x); }
    } else {
      const a = v as unknown[];
      this.lengths.e.add(a.length);
      for (const x of a) this.children[0].add(x);
    }
    this.stats.count++;
  }
}

class StructWriter extends ColumnWriter {
  /** A row of the root struct: its fields are added directly by the file writer. */
  addRow(): void { this.present.add(1); this.stats.count++; }
  protected openStreams(): void {}
  protected dataPositions(): PendingPosition[] { return []; }
  protected addValue(v: unknown): void {
    const a = v as unknown[];
    this.children.forEach((c, i) => c.add(a[i]));
    this.stats.count++;
  }
}

/** ORC's type list entries (pre-order) and the writers for a schema. */
function buildWriters(names: string[], types: DataType[], options: OrcWriterOptions) {
  const orcTypes: object[] = [];
  const make = (t: DataType, name: string | null): ColumnWriter => {
    const id = orcTypes.length;
    const entry: { kind: number; subtypes: number[]; fieldNames: string[]; maximumLength?: number; precision?: number; scale?: number } = { kind: 0, subtypes: [], fieldNames: [] };
    orcTypes.push(entry);
    const bloom = name !== null && options.bloomFilterColumns.has(name.toLowerCase());
    let w: ColumnWriter;
    switch (t.id) {
      case 'boolean': entry.kind = TypeKind.BOOLEAN; w = new BooleanWriter(id, t, options, null); break;
      case 'tinyint': entry.kind = TypeKind.BYTE; w = new ByteWriter(id, t, options, bloom ? 'long' : null); break;
      case 'smallint': entry.kind = TypeKind.SHORT; w = new IntWriter(id, t, options, bloom ? 'long' : null); break;
      case 'int': entry.kind = TypeKind.INT; w = new IntWriter(id, t, options, bloom ? 'long' : null); break;
      case 'bigint': entry.kind = TypeKind.LONG; w = new IntWriter(id, t, options, bloom ? 'long' : null); break;
      case 'float': entry.kind = TypeKind.FLOAT; w = new FloatWriter(id, t, options, bloom ? 'double' : null); break;
      case 'double': entry.kind = TypeKind.DOUBLE; w = new FloatWriter(id, t, options, bloom ? 'double' : null); break;
      case 'string': entry.kind = TypeKind.STRING; w = new StringWriter(id, t, options, bloom ? 'string' : null); break;
      case 'varchar': entry.kind = TypeKind.VARCHAR; entry.maximumLength = t.length; w = new StringWriter(id, t, options, bloom ? 'string' : null); break;
      case 'char': entry.kind = TypeKind.CHAR; entry.maximumLength = t.length; w = new StringWriter(id, t, options, null); break;
      case 'binary': entry.kind = TypeKind.BINARY; w = new StringWriter(id, t, options, null); break;
      case 'decimal': entry.kind = TypeKind.DECIMAL; entry.precision = t.precision; entry.scale = t.scale; w = new DecimalWriter(id, t, options, null); break;
      case 'date': entry.kind = TypeKind.DATE; w = new DateWriter(id, t, options, bloom ? 'long' : null); break;
      case 'timestamp': entry.kind = TypeKind.TIMESTAMP; w = new TimestampWriter(id, t, options, null); break;
      case 'array':
        entry.kind = TypeKind.LIST; w = new ListWriter(id, t, options, null);
        entry.subtypes.push(orcTypes.length); w.children.push(make(t.element, null));
        break;
      case 'map':
        entry.kind = TypeKind.MAP; w = new ListWriter(id, t, options, null);
        entry.subtypes.push(orcTypes.length); w.children.push(make(t.key, null));
        entry.subtypes.push(orcTypes.length); w.children.push(make(t.value, null));
        break;
      case 'struct':
        entry.kind = TypeKind.STRUCT; w = new StructWriter(id, t, options, null);
        for (const f of t.fields) { entry.subtypes.push(orcTypes.length); entry.fieldNames.push(f.name); w.children.push(make(f.type, null)); }
        break;
      default: throw new Error(`cannot write ${t.id} columns to ORC`);
    }
    return w;
  };
  const rootType: DataType = { id: 'struct', fields: names.map((n, i) => ({ name: n, type: types[i] })) };
  const root = new StructWriter(0, rootType, options, null);
  const rootEntry: { kind: number; subtypes: number[]; fieldNames: string[] } = { kind: TypeKind.STRUCT, subtypes: [], fieldNames: [] };
  orcTypes.push(rootEntry);
  types.forEach((t, i) => {
    rootEntry.subtypes.push(orcTypes.length);
    rootEntry.fieldNames.push(names[i]);
    root.children.push(make(t, names[i]));
  });
  return { orcTypes, root };
}

export class OrcFileWriter {
  private fd: number;
  private offset = 3;
  private readonly root: StructWriter;
  private readonly writers: ColumnWriter[];
  private readonly orcTypes: object[];
  private readonly stripes: object[] = [];
  private readonly stripeStats: { colStats: ColumnStatistics[] }[] = [];
  private rowsInStripe = 0;
  private rowsInGroup = 0;
  private totalRows = 0;
  private readonly options: OrcWriterOptions;

  constructor(readonly path: string, names: string[], types: DataType[], options: Partial<OrcWriterOptions> = {}) {
    this.options = { ...DEFAULT_ORC_OPTIONS, ...options };
    const built = buildWriters(names, types, this.options);
    this.root = built.root;
    this.writers = built.root.children;
    this.orcTypes = built.orcTypes;
    this.fd = openSync(path, 'w');
    writeSync(this.fd, Buffer.from('ORC', 'latin1'));
    this.startStripe();
  }

  private startStripe(): void {
    this.root.startStripe();
    this.rowsInStripe = 0;
    this.rowsInGroup = 0;
    this.root.markRowGroup(true);
  }

  write(batch: Batch): void {
    const cols = batch.columns as (Vector & { nanos?: Int32Array })[];
    const timestamps = this.writers.map((w) => (w instanceof TimestampWriter ? w : null));
    const booleans = cols.map((v) => v.type.id === 'boolean');
    for (let r = 0; r < batch.length; r++) {
      if (this.rowsInGroup === this.options.rowIndexStride) {
        this.rowsInGroup = 0;
        if (this.estimatedStripeBytes() >= this.options.stripeSize) { this.flushStripe(); this.startStripe(); }
        else this.root.markRowGroup(false);
      }
      this.root.addRow();
      for (let c = 0; c < cols.length; c++) {
        const v = cols[c];
        const ts = timestamps[c];
        if (ts) ts.nextNanos = v.nanos?.[r];
        this.writers[c].add(v.nulls && v.nulls[r] ? null : booleans[c] ? v.values[r] === 1 : v.values[r]);
      }
      this.rowsInGroup++;
      this.rowsInStripe++;
      this.totalRows++;
    }
  }

  private estimatedStripeBytes(): number {
    const n = this.root.bufferedBytes();
    // Compression shrinks what is buffered; zlib on warehouse data about 4×.
    return this.options.compression === Compression.NONE ? n : n / 4;
  }

  private flushStripe(): void {
    if (this.rowsInStripe === 0) return;
    const parts: StripeParts = { index: [], data: [], encodings: [], stats: [] };
    this.root.finishStripe(parts);
    const start = this.offset;
    const streams: object[] = [];
    let indexLength = 0, dataLength = 0;
    for (const s of parts.index) { this.append(s.bytes); indexLength += s.bytes.length; streams.push({ kind: s.kind, column: s.column, length: s.bytes.length }); }
    for (const s of parts.data) { this.append(s.bytes); dataLength += s.bytes.length; streams.push({ kind: s.kind, column: s.column, length: s.bytes.length }); }
    const footer = storeUncompressed(encodeStripeFooter({ streams, columns: parts.encodings, writerTimezone: 'UTC' }), this.options);
    this.append(footer);
    this.stripes.push({ offset: start, indexLength, dataLength, footerLength: footer.length, numberOfRows: this.rowsInStripe });
    this.stripeStats.push({ colStats: parts.stats });
  }

  private append(bytes: Uint8Array): void {
    writeSync(this.fd, bytes);
    this.offset += bytes.length;
  }

  close(): void {
    if (this.fd < 0) return;
    try {
      this.flushStripe();
      const metadata = storeUncompressed(encodeMetadata({ stripeStats: this.stripeStats }), this.options);
      this.append(metadata);
      const fileStats: ColumnStatistics[] = [];
      const collect = (w: ColumnWriter) => { fileStats[w.id] = w.fileStats.proto(); w.children.forEach(collect); };
      collect(this.root);
      const footer = storeUncompressed(encodeFooter({
        headerLength: 3, contentLength: this.offset - metadata.length, stripes: this.stripes, types: this.orcTypes,
        metadata: [], numberOfRows: this.totalRows, statistics: fileStats, rowIndexStride: this.options.rowIndexStride,
        softwareVersion: 'Sluice',
      }), this.options);
      this.append(footer);
      const ps = encodePostScript({
        footerLength: footer.length, compression: this.options.compression, compressionBlockSize: this.options.compressionBlockSize,
        version: [0, 12], metadataLength: metadata.length, writerVersion: 6, magic: 'ORC',
      });
      this.append(ps);
      this.append(Uint8Array.of(ps.length));
    } finally {
      closeSync(this.fd);
      this.fd = -1;
    }
  }

  /** Abandons the file (the caller deletes it). */
  abort(): void {
    if (this.fd >= 0) { closeSync(this.fd); this.fd = -1; }
  }
}
