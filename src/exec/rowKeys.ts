// Hash keys for rows, shared by hash aggregation and hash join. One key column is used as
// is (no per-row work). Several columns become one number per row: each column's value is
// numbered by a dictionary, and the numbers are folded left to right, (prefix, next) →
// number, through one more dictionary per column. Map lookups on numbers and on the
// column's own (hash-cached) strings are far cheaper than building a string per row.
import { Vector } from './vector.js';
import { valueKey } from '../types/complexValues.js';

export type Key = number | string;

export interface RowKeys {
  keys: ArrayLike<Key>;
  /** 1 where any key column is NULL. */
  nulls: Uint8Array | null;
}

/** Folded numbers stay below this, so prefix · WIDTH + code is an exact float64. */
const WIDTH = 2 ** 26;
const NULL_VALUE = Symbol('NULL');

export class KeyEncoder {
  private readonly values: Map<unknown, number>[] = [];
  private readonly prefixes: Map<number, number>[] = [];

  /**
   * The rows' keys. With `insert` false (a join's probe side) a key never seen is -1 and
   * nothing is added. A NULL key column is a value of its own (aggregation groups NULLs);
   * `nulls` marks the rows that have one (a join skips them).
   */
  encode(cols: Vector[], n: number, insert = true): RowKeys {
    if (cols.length === 1) return { keys: cols[0].values as ArrayLike<Key>, nulls: cols[0].nulls };
    while (this.values.length < cols.length) { this.values.push(new Map()); this.prefixes.push(new Map()); }
    const keys = new Float64Array(n);
    let nulls: Uint8Array | null = null;
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c];
      const vals = col.values as ArrayLike<unknown>;
      const colNulls = col.nulls;
      const dict = this.values[c];
      const fold = this.prefixes[c];
      for (let i = 0; i < n; i++) {
        const prefix = keys[i];
        if (prefix < 0) continue;
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
          if (!insert) { keys[i] = -1; continue; }
          code = dict.size;
          if (code >= WIDTH) throw new Error('internal: more than 2^26 distinct values in one key column');
          dict.set(v, code);
        }
        if (c === 0) { keys[i] = code; continue; }
        const pair = prefix * WIDTH + code;
        let folded = fold.get(pair);
        if (folded === undefined) {
          if (!insert) { keys[i] = -1; continue; }
          folded = fold.size;
          if (folded >= WIDTH) throw new Error('internal: more than 2^26 distinct keys');
          fold.set(pair, folded);
        }
        keys[i] = folded;
      }
    }
    return { keys, nulls };
  }
}
