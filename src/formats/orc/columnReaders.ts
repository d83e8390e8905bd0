// Decoders from one stripe's streams to engine column vectors, one per ORC type (the
// specification's "Column Encodings"). A reader reads the values of n rows of its column;
// streams hold values for non-null rows only, so nulls come from the PRESENT stream and
// values are spread around them. Complex columns assemble per-row JS values (the engine's
// layout for them); primitive columns fill typed arrays.
import { POW10 } from '../../types/values.js';
import { Vector, getValue } from '../../exec/vector.js';
import { OrcColumn, kindName } from './orcSchema.js';
import { ColumnEncoding, EncodingKind, StreamKind, TypeKind } from './orcProto.js';
import { DecodedStream, OrcFormatError } from './compression.js';
import {
  BooleanDecoder, ByteCursor, ByteRleDecoder, ValueDecoder, intDecoder, readVarInt, readVarUintBigInt, unZigZagBig,
} from './rleReaders.js';
import { wallClockSeconds } from './timestampZone.js';

/** What a column reader needs from its stripe. */
export interface StripeData {
  stream(column: number, kind: number): DecodedStream | undefined;
  encoding(column: number): ColumnEncoding;
  writerTimezone: string;
  /** Files of the pre-2.0 layout (version 1.9999) hold decimals of precision ≤ 18 as
   *  plain RLE v2 integers at the column's scale (ORC-209's decimal64). */
  decimal64: boolean;
  /** The precision the footer gives a column's type (0 for Hive 0.11 decimals). */
  typePrecision(column: number): number;
}

/** A timestamp vector may carry the nanoseconds within each second (the engine keeps ms). */
export type TimestampVector = Vector & { nanos?: Int32Array };

export abstract class ColumnReader {
  protected readonly present: BooleanDecoder | null;
  constructor(readonly column: OrcColumn, protected readonly stripe: StripeData) {
    const p = stripe.stream(column.id, StreamKind.PRESENT);
    this.present = p ? new BooleanDecoder(new ByteCursor(p.bytes, `${this.label} PRESENT`)) : null;
  }

  get label(): string { return `column ${this.column.id} (${kindName(this.column.kind)})`; }

  /** Reads n rows. */
  abstract next(n: number): Vector;

  /** Moves every stream of this column to a row group's start (row index positions). */
  seek(positions: number[]): void {
    let at = 0;
    if (this.present) at = this.seekStream(this.present, StreamKind.PRESENT, positions, at);
    this.seekData(positions, at);
  }
  protected abstract seekData(positions: number[], at: number): number;

  protected cursor(kind: number, required = true): ByteCursor {
    const s = this.stripe.stream(this.column.id, kind);
    if (!s) {
      if (!required) return new ByteCursor(new Uint8Array(0), `${this.label} ${streamName(kind)}`);
      throw new OrcFormatError(`${this.label} has no ${streamName(kind)} stream`);
    }
    return new ByteCursor(s.bytes, `${this.label} ${streamName(kind)}`);
  }

  /** Resolves a stream position (compressed chunk start + offset in it, or a byte offset)
   *  and lets the decoder take its own entries after it. */
  protected seekStream(dec: ValueDecoder | ByteCursor, kind: number, positions: number[], at: number): number {
    const s = this.stripe.stream(this.column.id, kind);
    let offset: number;
    if (s?.chunkStarts) {
      const chunk = s.chunkStarts.get(positions[at]);
      offset = (chunk ?? s.bytes.length) + positions[at + 1];
      at += 2;
    } else {
      offset = positions[at++];
    }
    if (dec instanceof ByteCursor) { dec.pos = offset; return at; }
    return dec.seek(offset, positions, at);
  }

  /** Present bits for n rows as a nulls array (1 = NULL), or null when none is NULL. */
  protected readNulls(n: number): Uint8Array | null {
    if (!this.present) return null;
    const nulls = new Uint8Array(n);
    return this.present.readNulls(nulls, n) ? nulls : null;
  }

  protected intVersion(): 1 | 2 {
    const k = this.stripe.encoding(this.column.id).kind;
    return k === EncodingKind.DIRECT_V2 || k === EncodingKind.DICTIONARY_V2 ? 2 : 1;
  }
}

const STREAM_NAMES = Object.fromEntries(Object.entries(StreamKind).map(([k, v]) => [v, k]));
const streamName = (k: number) => STREAM_NAMES[k] ?? `kind ${k}`;

const countNulls = (nulls: Uint8Array | null, n: number): number => {
  if (!nulls) return 0;
  let c = 0;
  for (let i = 0; i < n; i++) c += nulls[i];
  return c;
};

/** Spreads k dense values over n rows around the NULLs, in place from the back. */
function spreadTyped<A extends Int32Array | Float64Array | Uint8Array>(values: A, nulls: Uint8Array, n: number): A {
  let j = n - countNulls(nulls, n) - 1;
  for (let i = n - 1; i >= 0; i--) values[i] = nulls[i] ? 0 : values[j--];
  return values;
}

function spreadArray<T>(dense: T[], nulls: Uint8Array | null, n: number, fill: T): T[] {
  if (!nulls) return dense;
  const out = new Array<T>(n);
  let j = 0;
  for (let i = 0; i < n; i++) out[i] = nulls[i] ? fill : dense[j++];
  return out;
}

/** Integers of every width, dates, and booleans/bytes through their own decoders. */
class NumberColumnReader extends ColumnReader {
  private readonly data: ValueDecoder;
  constructor(column: OrcColumn, stripe: StripeData, private readonly make: (n: number) => Int32Array | Float64Array | Uint8Array) {
    super(column, stripe);
    const c = this.cursor(StreamKind.DATA, false);
    switch (column.kind) {
      case TypeKind.BOOLEAN: this.data = new BooleanDecoder(c); break;
      case TypeKind.BYTE: this.data = new ByteRleDecoder(c, true); break;
      default: this.data = intDecoder(c, true, this.intVersion());
    }
  }
  next(n: number): Vector {
    const nulls = this.readNulls(n);
    const values = this.make(n);
    this.data.read(values, 0, n - countNulls(nulls, n));
    return { type: this.column.type, values: nulls ? spreadTyped(values, nulls, n) : values, nulls };
  }
  protected seekData(positions: number[], at: number): number {
    return this.seekStream(this.data, StreamKind.DATA, positions, at);
  }
}

class FloatColumnReader extends ColumnReader {
  private readonly data: ByteCursor;
  private readonly width: number;
  constructor(column: OrcColumn, stripe: StripeData) {
    super(column, stripe);
    this.data = this.cursor(StreamKind.DATA, false);
    this.width = column.kind === TypeKind.FLOAT ? 4 : 8;
  }
  next(n: number): Vector {
    const nulls = this.readNulls(n);
    const k = n - countNulls(nulls, n);
    const c = this.data;
    c.need(k * this.width);
    // Copy to an aligned buffer: the stream offset need not be a multiple of the width.
    const raw = new Uint8Array(k * this.width);
    raw.set(c.bytes.subarray(c.pos, c.pos + k * this.width));
    c.pos += k * this.width;
    const values = new Float64Array(n);
    if (this.width === 4) values.set(new Float32Array(raw.buffer, 0, k)); else values.set(new Float64Array(raw.buffer, 0, k));
    return { type: this.column.type, values: nulls ? spreadTyped(values, nulls, n) : values, nulls };
  }
  protected seekData(positions: number[], at: number): number {
    return this.seekStream(this.data, StreamKind.DATA, positions, at);
  }
}

/** Strings, varchar, char and binary, direct or dictionary encoded. */
class StringColumnReader extends ColumnReader {
  private readonly dictionary: string[] | null = null;
  private readonly data: ValueDecoder | ByteCursor;
  private readonly lengths: ValueDecoder | null = null;
  private readonly binary: boolean;
  private readonly stripChar: boolean;
  private lengthBuf = new Int32Array(0);

  constructor(column: OrcColumn, stripe: StripeData) {
    super(column, stripe);
    this.binary = column.kind === TypeKind.BINARY;
    // The engine holds CHAR values without their padding, as Hive compares them.
    this.stripChar = column.kind === TypeKind.CHAR;
    const enc = stripe.encoding(column.id).kind;
    if (enc === EncodingKind.DICTIONARY || enc === EncodingKind.DICTIONARY_V2) {
      const size = stripe.encoding(column.id).dictionarySize ?? 0;
      const lengths = new Int32Array(size);
      intDecoder(this.cursor(StreamKind.LENGTH, size > 0), false, this.intVersion()).read(lengths, 0, size);
      const blob = this.cursor(StreamKind.DICTIONARY_DATA, false);
      this.dictionary = this.decodeStrings(blob, lengths, size);
      this.data = intDecoder(this.cursor(StreamKind.DATA, false), false, this.intVersion());
    } else {
      this.data = this.cursor(StreamKind.DATA, false);
      this.lengths = intDecoder(this.cursor(StreamKind.LENGTH, false), false, this.intVersion());
    }
  }

  private decodeStrings(c: ByteCursor, lengths: Int32Array, k: number): string[] {
    let total = 0;
    for (let i = 0; i < k; i++) {
      if (lengths[i] < 0) throw new OrcFormatError(`${this.label}: negative string length ${lengths[i]}`);
      total += lengths[i];
    }
    c.need(total);
    const buf = Buffer.from(c.bytes.buffer, c.bytes.byteOffset + c.pos, total);
    c.pos += total;
    const out = new Array<string>(k);
    let ascii = !this.binary;
    if (ascii) for (let i = 0; i < total; i++) if (buf[i] > 127) { ascii = false; break; }
    if (this.binary || ascii) {
      // One latin1 decode of the whole range; substrings share its storage.
      const all = buf.toString('latin1', 0, total);
      let p = 0;
      for (let i = 0; i < k; i++) { out[i] = all.substring(p, p + lengths[i]); p += lengths[i]; }
    } else {
      let p = 0;
      for (let i = 0; i < k; i++) { out[i] = buf.toString('utf8', p, p + lengths[i]); p += lengths[i]; }
    }
    if (this.stripChar) for (let i = 0; i < k; i++) out[i] = out[i].replace(/ +$/, '');
    return out;
  }

  next(n: number): Vector {
    const nulls = this.readNulls(n);
    const k = n - countNulls(nulls, n);
    let dense: string[];
    if (this.dictionary) {
      if (this.lengthBuf.length < k) this.lengthBuf = new Int32Array(k);
      const idx = this.lengthBuf;
      (this.data as ValueDecoder).read(idx, 0, k);
      const dict = this.dictionary;
      dense = new Array<string>(k);
      for (let i = 0; i < k; i++) {
        const s = dict[idx[i]];
        if (s === undefined) throw new OrcFormatError(`${this.label}: dictionary index ${idx[i]} out of range (size ${dict.length})`);
        dense[i] = s;
      }
    } else {
      if (this.lengthBuf.length < k) this.lengthBuf = new Int32Array(k);
      this.lengths!.read(this.lengthBuf, 0, k);
      dense = this.decodeStrings(this.data as ByteCursor, this.lengthBuf, k);
    }
    return { type: this.column.type, values: spreadArray(dense, nulls, n, ''), nulls };
  }

  protected seekData(positions: number[], at: number): number {
    if (this.dictionary) return this.seekStream(this.data as ValueDecoder, StreamKind.DATA, positions, at);
    at = this.seekStream(this.data as ByteCursor, StreamKind.DATA, positions, at);
    return this.seekStream(this.lengths!, StreamKind.LENGTH, positions, at);
  }
}

/** Decimals: unbounded zigzag varints with a scale per value (SECONDARY), or for
 *  decimal64 (precision ≤ 18 in newer writers) integers at the column's scale. */
class DecimalColumnReader extends ColumnReader {
  private readonly data: ByteCursor | ValueDecoder;
  private readonly scales: ValueDecoder | null;
  private readonly scale: number;
  private readonly truncate: boolean;
  private scaleBuf = new Int32Array(0);
  constructor(column: OrcColumn, stripe: StripeData) {
    super(column, stripe);
    this.scale = column.type.id === 'decimal' ? column.type.scale : 0;
    this.truncate = !stripe.typePrecision(column.id);
    const enc = stripe.encoding(column.id).kind;
    const precision = column.type.id === 'decimal' ? column.type.precision : 38;
    if (enc === 4 /* DECIMAL_64 */ || (stripe.decimal64 && precision <= 18)) {
      this.data = intDecoder(this.cursor(StreamKind.DATA, false), true, 2);
      this.scales = null;
    } else {
      this.data = this.cursor(StreamKind.DATA, false);
      this.scales = intDecoder(this.cursor(StreamKind.SECONDARY, false), true, this.intVersion());
    }
  }
  next(n: number): Vector {
    const nulls = this.readNulls(n);
    const k = n - countNulls(nulls, n);
    const values = new Float64Array(n);
    if (!this.scales) {
      (this.data as ValueDecoder).read(values, 0, k);
    } else {
      if (this.scaleBuf.length < k) this.scaleBuf = new Int32Array(k);
      this.scales.read(this.scaleBuf, 0, k);
      const c = this.data as ByteCursor;
      const bytes = c.bytes, scales = this.scaleBuf, scale = this.scale;
      let i = 0, pos = c.pos;
      // Values of up to four varint bytes (|v| < 2^27: every decimal(9,x) and most money
      // columns) at the column's own scale are decoded in int arithmetic here; the rest,
      // and the stream's last few bytes, take the general path below.
      for (; i < k && pos + 4 < bytes.length; i++) {
        if (scales[i] !== scale) break;
        let b = bytes[pos], u = b & 0x7f, len = 1;
        if (b & 0x80) {
          b = bytes[pos + 1]; u |= (b & 0x7f) << 7; len = 2;
          if (b & 0x80) {
            b = bytes[pos + 2]; u |= (b & 0x7f) << 14; len = 3;
            if (b & 0x80) {
              b = bytes[pos + 3]; u |= (b & 0x7f) << 21; len = 4;
              if (b & 0x80) break;
            }
          }
        }
        values[i] = (u >>> 1) ^ -(u & 1);
        pos += len;
      }
      c.pos = pos;
      for (; i < k; i++) {
        const start = c.pos;
        let v: number;
        // Short varints (the usual case) stay in doubles; long ones go through BigInt.
        let len = 0;
        while (len < 8 && start + len < c.bytes.length && c.bytes[start + len] & 0x80) len++;
        if (len < 7) v = readVarInt(c);
        else v = Number(unZigZagBig(readVarUintBigInt(c)));
        const d = this.scale - this.scaleBuf[i];
        values[i] = d === 0 ? v : d > 0 ? v * POW10[d] : this.truncate ? Math.trunc(v / POW10[-d]) : roundHalfUp(v / POW10[-d]);
      }
    }
    return { type: this.column.type, values: nulls ? spreadTyped(values, nulls, n) : values, nulls };
  }
  protected seekData(positions: number[], at: number): number {
    if (!this.scales) return this.seekStream(this.data as ValueDecoder, StreamKind.DATA, positions, at);
    at = this.seekStream(this.data as ByteCursor, StreamKind.DATA, positions, at);
    return this.seekStream(this.scales, StreamKind.SECONDARY, positions, at);
  }
}

const roundHalfUp = (x: number) => (x < 0 ? -Math.round(-x) : Math.round(x));

/** Timestamps: seconds from 2015-01-01 in the writer's zone (DATA) and nanoseconds with
 *  their trailing zeros folded into the low 3 bits (SECONDARY). */
class TimestampColumnReader extends ColumnReader {
  private readonly seconds: ValueDecoder;
  private readonly nanosDec: ValueDecoder;
  private readonly instant: boolean;
  private secBuf = new Float64Array(0);
  private nanoBuf = new Float64Array(0);
  constructor(column: OrcColumn, stripe: StripeData) {
    super(column, stripe);
    this.seconds = intDecoder(this.cursor(StreamKind.DATA, false), true, this.intVersion());
    this.nanosDec = intDecoder(this.cursor(StreamKind.SECONDARY, false), false, this.intVersion());
    this.instant = column.kind === TypeKind.TIMESTAMP_INSTANT;
  }
  next(n: number): TimestampVector {
    const nulls = this.readNulls(n);
    const k = n - countNulls(nulls, n);
    if (this.secBuf.length < k) { this.secBuf = new Float64Array(k); this.nanoBuf = new Float64Array(k); }
    this.seconds.read(this.secBuf, 0, k);
    this.nanosDec.read(this.nanoBuf, 0, k);
    const values = new Float64Array(n);
    const nanos = new Int32Array(n);
    const zone = this.instant ? 'UTC' : this.stripe.writerTimezone;
    for (let i = 0; i < k; i++) {
      const enc = this.nanoBuf[i];
      const zeros = enc % 8;
      let ns = Math.floor(enc / 8);
      if (zeros !== 0) ns *= POW10[zeros + 1];
      let secs = wallClockSeconds(this.secBuf[i], zone);
      // Writers truncate toward zero before 1970; the reader takes that second back.
      if (secs < 0 && ns > 999999) secs -= 1;
      values[i] = secs * 1000 + Math.floor(ns / 1e6);
      nanos[i] = ns;
    }
    const v: TimestampVector = { type: this.column.type, values: nulls ? spreadTyped(values, nulls, n) : values, nulls, nanos: nulls ? spreadTyped(nanos, nulls, n) : nanos };
    return v;
  }
  protected seekData(positions: number[], at: number): number {
    at = this.seekStream(this.seconds, StreamKind.DATA, positions, at);
    return this.seekStream(this.nanosDec, StreamKind.SECONDARY, positions, at);
  }
}

class ListColumnReader extends ColumnReader {
  private readonly lengths: ValueDecoder;
  private lenBuf = new Int32Array(0);
  constructor(column: OrcColumn, stripe: StripeData, private readonly children: ColumnReader[]) {
    super(column, stripe);
    this.lengths = intDecoder(this.cursor(StreamKind.LENGTH, false), false, this.intVersion());
  }
  next(n: number): Vector {
    const nulls = this.readNulls(n);
    const k = n - countNulls(nulls, n);
    if (this.lenBuf.length < k) this.lenBuf = new Int32Array(k);
    this.lengths.read(this.lenBuf, 0, k);
    let total = 0;
    for (let i = 0; i < k; i++) {
      if (this.lenBuf[i] < 0) throw new OrcFormatError(`${this.label}: negative length ${this.lenBuf[i]}`);
      total += this.lenBuf[i];
    }
    const kids = this.children.map((c) => c.next(total));
    const dense = new Array<unknown>(k);
    let p = 0;
    const isMap = this.column.kind === TypeKind.MAP;
    for (let i = 0; i < k; i++) {
      const len = this.lenBuf[i];
      if (isMap) {
        const m = new Map<unknown, unknown>();
        for (let j = 0; j < len; j++) m.set(getValue(kids[0], p + j), getValue(kids[1], p + j));
        dense[i] = m;
      } else {
        const a = new Array<unknown>(len);
        for (let j = 0; j < len; j++) a[j] = getValue(kids[0], p + j);
        dense[i] = a;
      }
      p += len;
    }
    return { type: this.column.type, values: spreadArray(dense, nulls, n, null), nulls };
  }
  protected seekData(positions: number[], at: number): number {
    return this.seekStream(this.lengths, StreamKind.LENGTH, positions, at);
  }
}

class StructColumnReader extends ColumnReader {
  constructor(column: OrcColumn, stripe: StripeData, private readonly children: ColumnReader[]) { super(column, stripe); }
  next(n: number): Vector {
    const nulls = this.readNulls(n);
    const k = n - countNulls(nulls, n);
    const kids = this.children.map((c) => c.next(k));
    const dense = new Array<unknown>(k);
    for (let i = 0; i < k; i++) dense[i] = kids.map((v) => getValue(v, i));
    return { type: this.column.type, values: spreadArray(dense, nulls, n, null), nulls };
  }
  protected seekData(_positions: number[], at: number): number { return at; }
}

class UnionColumnReader extends ColumnReader {
  private readonly tags: ByteRleDecoder;
  constructor(column: OrcColumn, stripe: StripeData, private readonly children: ColumnReader[]) {
    super(column, stripe);
    this.tags = new ByteRleDecoder(this.cursor(StreamKind.DATA, false));
  }
  next(n: number): Vector {
    const nulls = this.readNulls(n);
    const k = n - countNulls(nulls, n);
    const tags = new Uint8Array(k);
    this.tags.read(tags, 0, k);
    const counts = new Array<number>(this.children.length).fill(0);
    for (let i = 0; i < k; i++) {
      if (tags[i] >= this.children.length) throw new OrcFormatError(`${this.label}: union tag ${tags[i]} out of range`);
      counts[tags[i]]++;
    }
    const kids = this.children.map((c, j) => c.next(counts[j]));
    const seen = new Array<number>(this.children.length).fill(0);
    const dense = new Array<unknown>(k);
    for (let i = 0; i < k; i++) {
      const t = tags[i];
      const row = new Array<unknown>(this.children.length + 1).fill(null);
      row[0] = t;
      row[t + 1] = getValue(kids[t], seen[t]++);
      dense[i] = row;
    }
    return { type: this.column.type, values: spreadArray(dense, nulls, n, null), nulls };
  }
  protected seekData(positions: number[], at: number): number {
    return this.seekStream(this.tags, StreamKind.DATA, positions, at);
  }
}

/** A reader for a column and its whole subtree; every reader made is recorded in
 *  `made` by column id, so row-group seeks can reach nested columns. */
export function columnReader(column: OrcColumn, stripe: StripeData, made: Map<number, ColumnReader>): ColumnReader {
  const r = makeReader(column, stripe, made);
  made.set(column.id, r);
  return r;
}

function makeReader(column: OrcColumn, stripe: StripeData, made: Map<number, ColumnReader>): ColumnReader {
  const kids = () => column.children.map((c) => columnReader(c, stripe, made));
  switch (column.kind) {
    case TypeKind.BOOLEAN: return new NumberColumnReader(column, stripe, (n) => new Uint8Array(n));
    case TypeKind.BYTE: case TypeKind.SHORT: case TypeKind.INT: case TypeKind.DATE:
      return new NumberColumnReader(column, stripe, (n) => new Int32Array(n));
    case TypeKind.LONG: return new NumberColumnReader(column, stripe, (n) => new Float64Array(n));
    case TypeKind.FLOAT: case TypeKind.DOUBLE: return new FloatColumnReader(column, stripe);
    case TypeKind.STRING: case TypeKind.VARCHAR: case TypeKind.CHAR: case TypeKind.BINARY:
      return new StringColumnReader(column, stripe);
    case TypeKind.DECIMAL: return new DecimalColumnReader(column, stripe);
    case TypeKind.TIMESTAMP: case TypeKind.TIMESTAMP_INSTANT: return new TimestampColumnReader(column, stripe);
    case TypeKind.LIST: case TypeKind.MAP: return new ListColumnReader(column, stripe, kids());
    case TypeKind.STRUCT: return new StructColumnReader(column, stripe, kids());
    case TypeKind.UNION: return new UnionColumnReader(column, stripe, kids());
    default: throw new OrcFormatError(`column ${column.id}: unknown type kind ${column.kind}`);
  }
}

/** All column ids of a subtree, for stream selection. */
export function subtreeIds(column: OrcColumn): number[] {
  const out: number[] = [];
  for (let i = column.id; i <= column.maxId; i++) out.push(i);
  return out;
}
