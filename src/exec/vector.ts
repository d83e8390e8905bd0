// Column vectors and batches: the unit of data every operator consumes and produces.
import { DataType, Physical, physicalOf } from '../types/dataType.js';

/** string[] for strings; unknown[] for complex values (see Physical). */
export type Values = Int32Array | Float64Array | Uint8Array | string[] | unknown[];

export interface Vector {
  readonly type: DataType;
  readonly values: Values;
  /** 1 where the row is NULL; null when no row is NULL. */
  readonly nulls: Uint8Array | null;
}

export interface Batch {
  readonly columns: Vector[];
  readonly length: number;
}

/** Rows per batch that scans and builders aim for. */
export const BATCH_SIZE = 4096;

export function allocValues(p: Physical, n: number): Values {
  switch (p) {
    case 'i32': return new Int32Array(n);
    case 'f64': return new Float64Array(n);
    case 'bool': return new Uint8Array(n);
    case 'str': return new Array<string>(n).fill('');
    case 'obj': return new Array<unknown>(n).fill(null);
  }
}

export function allocFor(t: DataType, n: number): Values {
  return allocValues(physicalOf(t), n);
}

/** A vector with the same value in every row (partition columns, literals). */
export function constantVector(t: DataType, value: unknown, n: number): Vector {
  if (value === null || value === undefined) {
    return { type: t, values: allocFor(t, n), nulls: new Uint8Array(n).fill(1) };
  }
  const values = allocFor(t, n);
  if (Array.isArray(values)) (values as unknown[]).fill(value);
  else values.fill(typeof value === 'boolean' ? (value ? 1 : 0) : (value as number));
  return { type: t, values, nulls: null };
}

export function isNull(v: Vector, i: number): boolean {
  return v.nulls !== null && v.nulls[i] === 1;
}

/** The value at row i, or null. Used off the hot paths (printing, planning). */
export function getValue(v: Vector, i: number): unknown {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  const x = v.values[i];
  return v.type.id === 'boolean' ? x === 1 : x;
}

/** Rows at the given indexes, in that order; index -1 gives a NULL row (outer joins). */
export function gather(v: Vector, idx: Int32Array, n = idx.length, missing = hasMissing(idx, n)): Vector {
  const src = v.values;
  const nulls = v.nulls;
  let outNulls: Uint8Array | null = null;
  if (Array.isArray(src)) {
    const out = new Array<unknown>(n);
    const filler = typeof src[0] === 'string' || src.length === 0 ? '' : null;
    for (let i = 0; i < n; i++) { const j = idx[i]; out[i] = j < 0 ? filler : src[j]; }
    outNulls = gatherNulls(nulls, idx, n, missing);
    return { type: v.type, values: out, nulls: outNulls };
  }
  // One loop per array type: a loop shared by all three would read and write elements
  // through V8's generic (polymorphic) path.
  let out: Int32Array | Float64Array | Uint8Array;
  if (src instanceof Int32Array) {
    const o = new Int32Array(n);
    for (let i = 0; i < n; i++) { const j = idx[i]; o[i] = j < 0 ? 0 : src[j]; }
    out = o;
  } else if (src instanceof Float64Array) {
    const o = new Float64Array(n);
    for (let i = 0; i < n; i++) { const j = idx[i]; o[i] = j < 0 ? 0 : src[j]; }
    out = o;
  } else {
    const o = new Uint8Array(n);
    for (let i = 0; i < n; i++) { const j = idx[i]; o[i] = j < 0 ? 0 : src[j]; }
    out = o;
  }
  outNulls = gatherNulls(nulls, idx, n, missing);
  return { type: v.type, values: out, nulls: outNulls };
}

/** Whether any of the first n indexes is -1 (a NULL row). */
function hasMissing(idx: Int32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (idx[i] < 0) return true;
  return false;
}

function gatherNulls(nulls: Uint8Array | null, idx: Int32Array, n: number, missing: boolean): Uint8Array | null {
  if (nulls === null && !missing) return null;
  const out = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    const j = idx[i];
    if (j < 0 || (nulls !== null && nulls[j] === 1)) { out[i] = 1; any = true; }
  }
  return any ? out : null;
}

export function gatherBatch(b: Batch, idx: Int32Array, n = idx.length): Batch {
  const missing = hasMissing(idx, n);
  return { columns: b.columns.map((c) => gather(c, idx, n, missing)), length: n };
}

/** The rows at idx of the given columns of b only. */
export function gatherColumns(b: Batch, columns: readonly number[], idx: Int32Array): Vector[] {
  const missing = hasMissing(idx, idx.length);
  return columns.map((c) => gather(b.columns[c], idx, idx.length, missing));
}

export function sliceVector(v: Vector, start: number, end: number): Vector {
  const values = Array.isArray(v.values) ? v.values.slice(start, end) : v.values.subarray(start, end);
  return { type: v.type, values, nulls: v.nulls ? v.nulls.subarray(start, end) : null };
}

export function sliceBatch(b: Batch, start: number, end: number): Batch {
  return { columns: b.columns.map((c) => sliceVector(c, start, end)), length: end - start };
}

/** Concatenates vectors of one type into one. */
export function concatVectors(type: DataType, parts: Vector[], total: number): Vector {
  const values = allocFor(type, total);
  let nulls: Uint8Array | null = null;
  let off = 0;
  for (const p of parts) {
    const len = p.values.length;
    if (Array.isArray(values)) {
      const src = p.values as unknown[];
      for (let i = 0; i < len; i++) values[off + i] = src[i];
    } else {
      (values as Float64Array).set(p.values as Float64Array, off);
    }
    if (p.nulls) {
      nulls ??= new Uint8Array(total);
      nulls.set(p.nulls, off);
    }
    off += len;
  }
  return { type, values, nulls };
}

export function concatBatches(types: DataType[], batches: Batch[]): Batch {
  const total = batches.reduce((s, b) => s + b.length, 0);
  const columns = types.map((t, c) => concatVectors(t, batches.map((b) => b.columns[c]), total));
  return { columns, length: total };
}

export function emptyBatch(types: DataType[]): Batch {
  return { columns: types.map((t) => ({ type: t, values: allocFor(t, 0), nulls: null })), length: 0 };
}

/** Appends values one at a time into growing typed arrays; used where the row count is
 *  not known in advance (text parsing, aggregation results). */
export class VectorBuilder {
  private values: Values;
  private nulls: Uint8Array | null = null;
  length = 0;
  constructor(readonly type: DataType, capacity = BATCH_SIZE) {
    this.values = allocFor(type, capacity);
  }
  private grow(): void {
    const cap = Math.max(16, this.values.length * 2);
    if (Array.isArray(this.values)) { this.values.length = cap; }
    else {
      const next = new (this.values.constructor as { new(n: number): Int32Array })(cap);
      next.set(this.values as Int32Array);
      this.values = next;
    }
    if (this.nulls) { const n = new Uint8Array(cap); n.set(this.nulls); this.nulls = n; }
  }
  append(v: unknown): void {
    if (this.length === this.values.length) this.grow();
    if (v === null || v === undefined) {
      if (!this.nulls) this.nulls = new Uint8Array(this.values.length);
      this.nulls[this.length++] = 1;
      return;
    }
    (this.values as unknown[])[this.length++] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }
  /** Appends rows `rows[0 .. count)` of `v`, a vector of this builder's type. */
  appendRows(v: Vector, rows: Int32Array, count: number): void {
    while (this.length + count > this.values.length) this.grow();
    const src = v.values as ArrayLike<unknown>, dst = this.values as unknown[], base = this.length;
    for (let j = 0; j < count; j++) dst[base + j] = src[rows[j]];
    const srcNulls = v.nulls;
    if (srcNulls !== null) {
      for (let j = 0; j < count; j++) {
        if (srcNulls[rows[j]] === 1) (this.nulls ??= new Uint8Array(this.values.length))[base + j] = 1;
      }
    }
    this.length += count;
  }
  finish(): Vector {
    const n = this.length;
    const values = Array.isArray(this.values) ? this.values.slice(0, n) : this.values.slice(0, n);
    let nulls: Uint8Array | null = null;
    if (this.nulls) {
      nulls = this.nulls.slice(0, n);
      if (!nulls.includes(1)) nulls = null;
    }
    return { type: this.type, values, nulls };
  }
}
