// Hash keys for rows, shared by hash aggregation and hash join. One key column is used as
// is (no per-row work). Several columns become one number per row (KeyEncoder), which is
// far cheaper than building a string per row.
import { Vector } from './vector.js';
import { valueKey } from '../types/complexValues.js';

export type Key = number | string;

export interface RowKeys {
  keys: ArrayLike<Key>;
  /** 1 where any key column is NULL. */
  nulls: Uint8Array | null;
}

const NULL_VALUE = Symbol('NULL');

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
  /** Per column, the code of each distinct key (tuple) numbered so far. */
  private tupleCodes: Int32Array[] = [];
  private tuples = 0;
  /** Open addressing: tuple number + 1, 0 = empty. */
  private slots = new Int32Array(1 << 10);

  /**
   * The rows' keys. With `insert` false (a join's probe side) a key never seen is -1 and
   * nothing is added. A NULL key column is a value of its own (aggregation groups NULLs);
   * `nulls` marks the rows that have one (a join skips them).
   */
  encode(cols: Vector[], n: number, insert = true): RowKeys {
    if (cols.length === 1) return { keys: cols[0].values as ArrayLike<Key>, nulls: cols[0].nulls };
    const k = cols.length;
    while (this.values.length < k) { this.values.push(new Map()); this.tupleCodes.push(new Int32Array(1024)); }
    let nulls: Uint8Array | null = null;
    const keys = new Float64Array(n);
    const codes: Int32Array[] = [];
    const hash = new Int32Array(n);
    for (let c = 0; c < k; c++) {
      const col = cols[c];
      const vals = col.values as ArrayLike<unknown>;
      const colNulls = col.nulls;
      const dict = this.values[c];
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        let v: unknown;
        if (colNulls !== null && colNulls[i] === 1) {
          (nulls ??= new Uint8Array(n))[i] = 1;
          v = NULL_VALUE;
        } else {
          v = vals[i];
          // Arrays, maps and structs are keys by content.
          if (typeof v === 'object' && v !== null) v = valueKey(v);
        }
        let code = dict.get(v);
        if (code === undefined) {
          if (!insert) { out[i] = -1; keys[i] = -1; continue; }
          code = dict.size;
          dict.set(v, code);
        }
        out[i] = code;
        hash[i] = mix(hash[i], code);
      }
      codes.push(out);
    }
    for (let i = 0; i < n; i++) {
      if (keys[i] < 0) continue;
      keys[i] = this.find(codes, i, hash[i], insert);
    }
    return { keys, nulls };
  }

  /** The tuple number of row i's codes; -1 if absent and not inserting. */
  private find(codes: Int32Array[], i: number, h: number, insert: boolean): number {
    const k = codes.length;
    const mask = this.slots.length - 1;
    let s = slotOf(h, mask);
    for (;;) {
      const t = this.slots[s] - 1;
      if (t < 0) break;
      let same = true;
      for (let c = 0; c < k; c++) if (this.tupleCodes[c][t] !== codes[c][i]) { same = false; break; }
      if (same) return t;
      s = (s + 1) & mask;
    }
    if (!insert) return -1;
    const t = this.tuples++;
    if (t >= this.tupleCodes[0].length) {
      this.tupleCodes = this.tupleCodes.map((a) => { const b = new Int32Array(a.length * 2); b.set(a); return b; });
    }
    for (let c = 0; c < k; c++) this.tupleCodes[c][t] = codes[c][i];
    this.slots[s] = t + 1;
    if (this.tuples * 2 > this.slots.length) this.grow(k);
    return t;
  }

  private grow(k: number): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let t = 0; t < this.tuples; t++) {
      let h = 0;
      for (let c = 0; c < k; c++) h = mix(h, this.tupleCodes[c][t]);
      let s = slotOf(h, mask);
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = t + 1;
    }
    this.slots = slots;
  }
}
