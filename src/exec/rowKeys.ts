// Hash keys for rows, shared by hash aggregation and hash join. One numeric or string
// key column is used as is (no per-row allocation); several columns are combined into a
// string per row.
import { Vector } from './vector.js';

export type Key = number | string;

export interface RowKeys {
  keys: ArrayLike<Key>;
  /** 1 where any key column is NULL. */
  nulls: Uint8Array | null;
}

const SEP = '\u0001';
const NULL_MARK = '\u0000';

export function rowKeys(cols: Vector[], n: number): RowKeys {
  if (cols.length === 1) {
    const c = cols[0];
    return { keys: c.values as ArrayLike<Key>, nulls: c.nulls };
  }
  const keys = new Array<string>(n);
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    let k = '';
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c];
      if (col.nulls !== null && col.nulls[i] === 1) {
        nulls ??= new Uint8Array(n);
        nulls[i] = 1;
        k += NULL_MARK + SEP;
      } else k += col.values[i] + SEP;
    }
    keys[i] = k;
  }
  return { keys, nulls };
}
