// Hash keys for rows, shared by hash aggregation and hash join. One key column is used as
// is (no per-row work). Several columns become one number per row (KeyEncoder), which is
// far cheaper than building a string per row.
import { Vector } from './vector.js';
import { valueKey } from '../types/complexValues.js';
import { IntHashMap } from './intHashMap.js';

export type Key = number | string;

export interface RowKeys {
  keys: ArrayLike<Key>;
  /** 1 where any key column is NULL. */
  nulls: Uint8Array | null;
}

const NULL_VALUE = Symbol('NULL');
const DENSE_LIMIT = 1 << 16;

/** Whether every row of the batch has the same value (or every row is NULL). */
function isUniform(col: Vector, n: number): boolean {
  if (n < 2) return false;
  const nulls = col.nulls;
  if (nulls !== null) {
    const first = nulls[0];
    for (let i = 1; i < n; i++) if (nulls[i] !== first) return false;
    if (first === 1) return true;
  }
  const vals = col.values as ArrayLike<unknown>;
  const v = vals[0];
  if (typeof v === 'object' && v !== null) return false;
  for (let i = 1; i < n; i++) if (vals[i] !== v) return false;
  return true;
}

/** Folds one column's code into a row's running hash. */
const mix = (h: number, code: number): number => Math.imul(h ^ code, 0x9e3779b1) ^ (h >>> 15);
/** A hash's home slot in a table of mask + 1 slots. */
const slotOf = (h: number, mask: number): number => (h ^ (h >>> 16)) & mask;

/**
 * Numbers rows by their key: the same key, the same number, across every batch encoded.
 * Each column's values are first numbered by a dictionary of that column (a Map, which
 * hashes a string once and keeps the hash on it); a row's codes are then hashed into an
 * open-addressing table of the distinct code tuples seen, compared code by code.
 */
export class KeyEncoder {
  private readonly values: Map<unknown, number>[] = [];
  /** Per column, the codes of its 32-bit integer values (a typed-array table is several
   *  times faster than the Map for them), and how many codes the column has given. */
  private readonly ints: IntHashMap[] = [];
  private readonly counts: number[] = [];
  /** Per int column, code + 1 by value for values in [0, DENSE_LIMIT); 0 = not yet seen. */
  private readonly dense: (Int32Array | undefined)[] = [];
  /** The codes of each distinct key (tuple) numbered so far, tuple after tuple (one
   *  tuple's codes side by side: comparing a row with it reads one or two cache lines). */
  private tupleCodes = new Int32Array(0);
  /** Each tuple's hash, to skip other tuples in the table and to rehash it on growth. */
  private tupleHashes = new Int32Array(0);
  private tuples = 0;
  /** Open addressing: tuple number + 1, 0 = empty. */
  private slots = new Int32Array(1 << 10);
  /** Per column, the codes of the last vector it encoded: GROUPING SETS pass the same key
   *  vectors once per set (q67: 9 sets of 8 keys), and a code, once given, never changes.
   *  Kept only when inserting: a probe's "absent" could be inserted later. */
  private readonly lastCodes: ({ values: unknown; nulls: Uint8Array | null; n: number; codes: Int32Array } | undefined)[] = [];

  /** How many distinct keys (tuples) have been numbered: they are 0 .. size - 1. */
  get size(): number { return this.tuples; }

  /**
   * The rows' keys. With `insert` false (a join's probe side) a key never seen is -1 and
   * nothing is added. A NULL key column is a value of its own (aggregation groups NULLs);
   * `nulls` marks the rows that have one (a join skips them).
   */
  encode(cols: Vector[], n: number, insert = true): RowKeys {
    if (cols.length === 1) return { keys: cols[0].values as ArrayLike<Key>, nulls: cols[0].nulls };
    const k = cols.length;
    while (this.values.length < k) { this.values.push(new Map()); this.ints.push(new IntHashMap()); this.counts.push(0); }
    let nulls: Uint8Array | null = null;
    const keys = new Float64Array(n);
    const codes: Int32Array[] = [];
    const hash = new Int32Array(n);
    for (let c = 0; c < k; c++) {
      const col = cols[c];
      const vals = col.values as ArrayLike<unknown>;
      const colNulls = col.nulls;
      const last = this.lastCodes[c];
      if (insert && last !== undefined && last.values === vals && last.nulls === colNulls && last.n === n) {
        const out = last.codes;
        codes.push(out);
        if (colNulls !== null) for (let i = 0; i < n; i++) if (colNulls[i] === 1) (nulls ??= new Uint8Array(n))[i] = 1;
        for (let i = 0; i < n; i++) { const code = out[i]; if (code < 0) keys[i] = -1; else hash[i] = mix(hash[i], code); }
        continue;
      }
      const out = new Int32Array(n);
      codes.push(out);
      this.lastCodes[c] = insert ? { values: vals, nulls: colNulls, n, codes: out } : undefined;
      // Small non-negative integers (years, months, flags, surrogate keys) are numbered
      // through an array instead of the Map.
      const dense = vals instanceof Int32Array || vals instanceof Float64Array ? (this.dense[c] ??= new Int32Array(DENSE_LIMIT)) : null;
      // One value in the whole batch (GROUPING SETS' flags and rolled-up NULL keys, a
      // partition column): looked up once.
      if (isUniform(col, n)) {
        const isNull = colNulls !== null && colNulls[0] === 1;
        if (isNull) (nulls ??= new Uint8Array(n)).fill(1);
        const code = this.codeOf(c, isNull ? NULL_VALUE : vals[0], insert);
        if (code < 0) { out.fill(-1); keys.fill(-1); continue; }
        out.fill(code);
        for (let i = 0; i < n; i++) hash[i] = mix(hash[i], code);
        continue;
      }
      if (colNulls !== null) {
        for (let i = 0; i < n; i++) if (colNulls[i] === 1) (nulls ??= new Uint8Array(n))[i] = 1;
      }
      // One loop per kind of vector: each sees one array type, so V8 compiles its element
      // reads for that type instead of a generic lookup per row.
      if (vals instanceof Int32Array) this.codeInts(c, vals, colNulls, n, dense!, insert, out);
      else if (vals instanceof Float64Array) this.codeNumbers(c, vals, colNulls, n, dense!, insert, out);
      else this.codeValues(c, vals, colNulls, n, insert, out);
      for (let i = 0; i < n; i++) {
        const code = out[i];
        if (code < 0) keys[i] = -1; else hash[i] = mix(hash[i], code);
      }
    }
    for (let i = 0; i < n; i++) {
      if (keys[i] < 0) continue;
      keys[i] = this.find(codes, i, hash[i], insert);
    }
    return { keys, nulls };
  }

  /** Codes of an int column, small non-negative values through the dense array. */
  private codeInts(c: number, vals: Int32Array, nulls: Uint8Array | null, n: number, dense: Int32Array, insert: boolean, out: Int32Array): void {
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) { out[i] = this.codeOf(c, NULL_VALUE, insert); continue; }
      const v = vals[i];
      const d = v >= 0 && v < DENSE_LIMIT ? dense[v] - 1 : -1;
      out[i] = d >= 0 ? d : this.codeOf(c, v, insert);
    }
  }

  /** Codes of a double column (bigint surrogate keys are doubles here): as codeInts, in a
   *  loop of its own so that each sees one array type. */
  private codeNumbers(c: number, vals: Float64Array, nulls: Uint8Array | null, n: number, dense: Int32Array, insert: boolean, out: Int32Array): void {
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) { out[i] = this.codeOf(c, NULL_VALUE, insert); continue; }
      const v = vals[i];
      const d = v >= 0 && v < DENSE_LIMIT && (v | 0) === v ? dense[v] - 1 : -1;
      out[i] = d >= 0 ? d : this.codeOf(c, v, insert);
    }
  }

  /** Codes of any other column (strings, complex values). */
  private codeValues(c: number, vals: ArrayLike<unknown>, nulls: Uint8Array | null, n: number, insert: boolean, out: Int32Array): void {
    for (let i = 0; i < n; i++) out[i] = this.codeOf(c, nulls !== null && nulls[i] === 1 ? NULL_VALUE : vals[i], insert);
  }

  /** Column c's code for value v (numbered on first sight when inserting); -1 if absent.
   *  Arrays, maps and structs are keys by content. */
  private codeOf(c: number, v: unknown, insert: boolean): number {
    if (typeof v === 'number' && (v | 0) === v) {
      const ints = this.ints[c];
      let code = ints.get(v);
      if (code < 0) {
        if (!insert) return -1;
        code = this.counts[c]++;
        ints.set(v, code);
      }
      const dense = this.dense[c];
      if (dense !== undefined && v >= 0 && v < DENSE_LIMIT) dense[v] = code + 1;
      return code;
    }
    if (typeof v === 'object' && v !== null) v = valueKey(v);
    const dict = this.values[c];
    let code = dict.get(v);
    if (code === undefined) {
      if (!insert) return -1;
      code = this.counts[c]++;
      dict.set(v, code);
    }
    return code;
  }

  /** The tuple number of row i's codes; -1 if absent and not inserting. */
  private find(codes: Int32Array[], i: number, h: number, insert: boolean): number {
    const k = codes.length;
    const mask = this.slots.length - 1;
    const tc = this.tupleCodes, th = this.tupleHashes;
    let s = slotOf(h, mask);
    for (;;) {
      const t = this.slots[s] - 1;
      if (t < 0) break;
      // The stored hash rejects most other tuples without reading their codes.
      if (th[t] === h) {
        const base = t * k;
        let same = true;
        for (let c = 0; c < k; c++) if (tc[base + c] !== codes[c][i]) { same = false; break; }
        if (same) return t;
      }
      s = (s + 1) & mask;
    }
    if (!insert) return -1;
    const t = this.tuples++;
    if (t >= this.tupleHashes.length) {
      const capacity = Math.max(1024, this.tupleHashes.length * 2);
      const codes2 = new Int32Array(capacity * k);
      codes2.set(this.tupleCodes);
      this.tupleCodes = codes2;
      const hashes2 = new Int32Array(capacity);
      hashes2.set(this.tupleHashes);
      this.tupleHashes = hashes2;
    }
    const base = t * k;
    for (let c = 0; c < k; c++) this.tupleCodes[base + c] = codes[c][i];
    this.tupleHashes[t] = h;
    this.slots[s] = t + 1;
    if (this.tuples * 2 > this.slots.length) this.grow();
    return t;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let t = 0; t < this.tuples; t++) {
      let s = slotOf(this.tupleHashes[t], mask);
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = t + 1;
    }
    this.slots = slots;
  }
}
