// Engine batches as Arrow record batches and back, for shuffle and spill files. Each
// physical layout maps to one Arrow type: i32 → Int32, f64 → Float64, bool → Bool,
// str → Utf8 (Dictionary<Int32, Utf8> for few distinct values), complex values → Binary
// (one v8-serialized value per row, since Arrow has no place for our JS Map/array values
// without a schema per nesting). The Hive type travels
// in the field metadata ('hive.type'), so a reader outside Sluice knows what a Float64
// holding a scaled decimal means.
import * as A from 'apache-arrow';
import { deserialize, serialize } from 'node:v8';
import { DataType, physicalOf, typeToString } from '../types/dataType.js';
import { Batch, Vector } from '../exec/vector.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The file's schema; `dictionary[i]` makes string column i dictionary-encoded (Arrow's
 *  Dictionary<Int32, Utf8>, one dictionary per record batch). */
export function arrowSchema(types: DataType[], dictionary: boolean[] = []): A.Schema {
  return new A.Schema(types.map((t, i) => new A.Field(`c${i}`, dictionary[i] ? new A.Dictionary(new A.Utf8(), new A.Int32(), i) : arrowType(t), true,
    new Map([['hive.type', typeToString(t)]]))));
}

/** Which string columns of a batch to dictionary-encode: those with at most half as many
 *  distinct values as rows (categories, brands, names after a join). The reader then
 *  gives every row of one value the same string, whose hash V8 computes once, so hash
 *  keys downstream cost one hash per distinct value instead of one per row; the file
 *  holds each value once. */
export function dictionaryColumns(b: Batch): boolean[] {
  return b.columns.map((c) => physicalOf(c.type) === 'str' && distinctAtMost(c.values as string[], b.length, b.length >> 1));
}

function distinctAtMost(values: string[], n: number, limit: number): boolean {
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    seen.add(values[i] ?? '');
    if (seen.size > limit) return false;
  }
  return true;
}

function arrowType(t: DataType): A.DataType {
  switch (physicalOf(t)) {
    case 'i32': return new A.Int32();
    case 'f64': return new A.Float64();
    case 'bool': return new A.Bool();
    case 'str': return new A.Utf8();
    case 'obj': return new A.Binary();
  }
}

/** Arrow's validity bitmap (1 = valid) from our null mask (1 = NULL). */
function validity(nulls: Uint8Array | null, n: number): Uint8Array | undefined {
  if (nulls === null) return undefined;
  const bits = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (nulls[i] === 0) bits[i >> 3] |= 1 << (i & 7);
  return bits;
}

function nullCount(nulls: Uint8Array | null, n: number): number {
  if (nulls === null) return 0;
  let c = 0;
  for (let i = 0; i < n; i++) c += nulls[i];
  return c;
}

function toArrowData(v: Vector, n: number, field: A.Field): A.Data {
  const type = arrowType(v.type);
  const nulls = nullCount(v.nulls, n);
  // Arrow writes no bitmap for a column without a NULL, so none is built for one.
  const common = { length: n, nullCount: nulls, nullBitmap: nulls === 0 ? undefined : validity(v.nulls, n) };
  if (A.DataType.isDictionary(field.type)) {
    const values = v.values as string[];
    const codes = new Map<string, number>();
    const distinct: string[] = [];
    const indices = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const s = values[i] ?? '';
      let code = codes.get(s);
      if (code === undefined) { code = distinct.length; codes.set(s, code); distinct.push(s); }
      indices[i] = code;
    }
    const { offsets, data } = encodeStrings(distinct, distinct.length);
    const dictionary = A.makeVector(A.makeData({ type: new A.Utf8(), length: distinct.length, nullCount: 0, valueOffsets: offsets, data }));
    return A.makeData({ ...common, type: field.type as A.Dictionary<A.Utf8, A.Int32>, data: indices, dictionary });
  }
  switch (physicalOf(v.type)) {
    case 'i32': return A.makeData({ ...common, type: type as A.Int32, data: (v.values as Int32Array).subarray(0, n) });
    case 'f64': return A.makeData({ ...common, type: type as A.Float64, data: (v.values as Float64Array).subarray(0, n) });
    case 'bool': {
      const src = v.values as Uint8Array;
      const bits = new Uint8Array((n + 7) >> 3);
      for (let i = 0; i < n; i++) if (src[i]) bits[i >> 3] |= 1 << (i & 7);
      return A.makeData({ ...common, type: type as A.Bool, data: bits });
    }
    case 'str': {
      const { offsets, data } = encodeStrings(v.values as string[], n);
      return A.makeData({ ...common, type: type as A.Utf8, valueOffsets: offsets, data });
    }
    case 'obj': {
      const src = v.values as unknown[];
      const parts = new Array<Uint8Array>(n);
      const offsets = new Int32Array(n + 1);
      let total = 0;
      for (let i = 0; i < n; i++) {
        parts[i] = v.nulls !== null && v.nulls[i] === 1 ? new Uint8Array(0) : serialize(src[i]);
        offsets[i] = total; total += parts[i].length;
      }
      offsets[n] = total;
      const data = new Uint8Array(total);
      for (let i = 0; i < n; i++) data.set(parts[i], offsets[i]);
      return A.makeData({ ...common, type: type as A.Binary, valueOffsets: offsets, data });
    }
  }
}

/** UTF-8 of all values with their offsets. ASCII-only columns (the common case) are
 *  encoded with one TextEncoder call over the joined text. */
function encodeStrings(values: string[], n: number): { offsets: Int32Array; data: Uint8Array } {
  const offsets = new Int32Array(n + 1);
  const joined = n === values.length ? values.join('') : values.slice(0, n).join('');
  const data = encoder.encode(joined);
  if (data.length === joined.length) {
    let off = 0;
    for (let i = 0; i < n; i++) { offsets[i] = off; off += (values[i] ?? '').length; }
    offsets[n] = off;
    return { offsets, data };
  }
  const parts = new Array<Uint8Array>(n);
  let total = 0;
  for (let i = 0; i < n; i++) { parts[i] = encoder.encode(values[i] ?? ''); offsets[i] = total; total += parts[i].length; }
  offsets[n] = total;
  const out = new Uint8Array(total);
  for (let i = 0; i < n; i++) out.set(parts[i], offsets[i]);
  return { offsets, data: out };
}

export function toRecordBatch(b: Batch, schema: A.Schema): A.RecordBatch {
  const children = b.columns.map((c, i) => toArrowData(c, b.length, schema.fields[i]));
  const struct = A.makeData({ type: new A.Struct(schema.fields), length: b.length, nullCount: 0, children });
  return new A.RecordBatch(schema, struct);
}

export function fromRecordBatch(rb: A.RecordBatch, types: DataType[]): Batch {
  const n = rb.numRows;
  const columns = types.map((t, c) => fromArrowData(rb.data.children[c], t, n));
  return { columns, length: n };
}

function fromArrowData(d: A.Data, t: DataType, n: number): Vector {
  let nulls: Uint8Array | null = null;
  if (d.nullCount > 0 && d.nullBitmap) {
    nulls = new Uint8Array(n);
    const bits = d.nullBitmap, off = d.offset;
    for (let i = 0; i < n; i++) { const j = i + off; if (((bits[j >> 3] >> (j & 7)) & 1) === 0) nulls[i] = 1; }
  }
  switch (physicalOf(t)) {
    case 'i32': return { type: t, values: ownValues(d.values as Int32Array, n), nulls };
    case 'f64': return { type: t, values: ownValues(d.values as Float64Array, n), nulls };
    case 'bool': {
      const out = new Uint8Array(n), bits = d.values as Uint8Array, off = d.offset;
      for (let i = 0; i < n; i++) { const j = i + off; out[i] = (bits[j >> 3] >> (j & 7)) & 1; }
      return { type: t, values: out, nulls };
    }
    case 'str': {
      if (A.DataType.isDictionary(d.type)) {
        const dict = d.dictionary!.data[0];
        const strings = decodeStrings(dict.valueOffsets as Int32Array, dict.values as Uint8Array, dict.length);
        const idx = d.values as Int32Array, out = new Array<string>(n);
        for (let i = 0; i < n; i++) out[i] = strings[idx[i]];
        return { type: t, values: out, nulls };
      }
      return { type: t, values: decodeStrings(d.valueOffsets as Int32Array, d.values as Uint8Array, n), nulls };
    }
    case 'obj': {
      const offs = d.valueOffsets as Int32Array, data = d.values as Uint8Array;
      const out = new Array<unknown>(n);
      for (let i = 0; i < n; i++) out[i] = nulls !== null && nulls[i] === 1 ? null : deserialize(data.subarray(offs[i], offs[i + 1]));
      return { type: t, values: out, nulls };
    }
  }
}

/** The first n values, as a view when the array is the whole of its own buffer (a
 *  decompressed body buffer, made for this batch alone); otherwise a copy, so that the
 *  batch does not keep the file's read chunk alive. */
function ownValues<T extends Int32Array | Float64Array>(values: T, n: number): T {
  if (values.byteOffset === 0 && values.buffer.byteLength === values.byteLength) return values.subarray(0, n) as T;
  return values.slice(0, n) as T;
}

function decodeStrings(offsets: Int32Array, data: Uint8Array, n: number): string[] {
  const out = new Array<string>(n);
  const base = offsets[0];
  const bytes = data.subarray(base, offsets[n]);
  const text = decoder.decode(bytes);
  if (text.length === bytes.length) {
    for (let i = 0; i < n; i++) out[i] = text.substring(offsets[i] - base, offsets[i + 1] - base);
  } else {
    for (let i = 0; i < n; i++) out[i] = decoder.decode(data.subarray(offsets[i], offsets[i + 1]));
  }
  return out;
}
