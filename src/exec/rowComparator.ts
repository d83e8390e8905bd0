// Orders row indexes by key vectors (ASC/DESC, NULLS FIRST/LAST); shared by Sort and
// the window operator.
import { Vector } from './vector.js';

export interface ComparatorKey { vector: Vector; desc: boolean; nullsFirst: boolean }

export function rowComparator(keys: ComparatorKey[]): (a: number, b: number) => number {
  const cmps = keys.map((k) => {
    const v = k.vector.values as ArrayLike<number | string>;
    const nulls = k.vector.nulls;
    const dir = k.desc ? -1 : 1;
    const nullCmp = k.nullsFirst ? -1 : 1;
    return (a: number, b: number): number => {
      if (nulls !== null) {
        const na = nulls[a] === 1, nb = nulls[b] === 1;
        if (na || nb) return na && nb ? 0 : na ? nullCmp : -nullCmp;
      }
      const x = v[a], y = v[b];
      return x < y ? -dir : x > y ? dir : 0;
    };
  });
  return (a, b) => {
    for (let k = 0; k < cmps.length; k++) { const c = cmps[k](a, b); if (c !== 0) return c; }
    return 0;
  };
}

const compareValues = (x: unknown, y: unknown): number => ((x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0);

export interface KeyCodes { codes: Int32Array; card: number }

/** Each row's key as a dense rank among the key's distinct values (ASC/DESC and NULLS
 *  FIRST/LAST applied), and how many ranks there are. */
export function keyCodes(k: ComparatorKey, n: number): KeyCodes {
  const v = k.vector.values as ArrayLike<unknown>;
  const nulls = k.vector.nulls;
  const ids = new Map<unknown, number>();
  const distinct: unknown[] = [];
  const raw = new Int32Array(n);
  let hasNull = false;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) { raw[i] = -1; hasNull = true; continue; }
    const x = v[i];
    let id = ids.get(x);
    if (id === undefined) { id = distinct.length; ids.set(x, id); distinct.push(x); }
    raw[i] = id;
  }
  const order = distinct.map((_, i) => i).sort((a, b) => compareValues(distinct[a], distinct[b]));
  const m = distinct.length;
  const shift = hasNull && k.nullsFirst ? 1 : 0;
  const rank = new Int32Array(m);
  order.forEach((id, r) => { rank[id] = (k.desc ? m - 1 - r : r) + shift; });
  const nullCode = k.nullsFirst ? 0 : m;
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) codes[i] = raw[i] < 0 ? nullCode : rank[raw[i]];
  return { codes, card: m + (hasNull ? 1 : 0) };
}

/**
 * Sorted row indexes 0..n-1, stable for equal keys. Keys are first replaced by their ranks
 * among their distinct values (one small sort of distinct strings instead of n log n
 * string comparisons), the ranks of adjacent keys packed into as few exact float64
 * numbers as fit; when everything fits one number with the row index, the sort is one
 * native Float64Array sort.
 */
export function sortedIndexes(n: number, keys: ComparatorKey[]): number[] {
  return sortByCodes(n, keys.map((k) => keyCodes(k, n)));
}

/** sortedIndexes over keys already replaced by their ranks (keyCodes). */
export function sortByCodes(n: number, keys: KeyCodes[]): number[] {
  const idx = new Array<number>(n);
  if (keys.length === 0 || n < 2) {
    for (let i = 0; i < n; i++) idx[i] = i;
    return idx;
  }
  const LIMIT = 2 ** 52;
  const packed: Float64Array[] = [];
  let current: Float64Array | null = null, span = 1;
  for (const { codes, card } of keys) {
    if (current === null || span * card > LIMIT) {
      current = new Float64Array(n);
      packed.push(current);
      span = 1;
    }
    for (let i = 0; i < n; i++) current[i] = current[i] * card + codes[i];
    span *= card;
  }
  if (packed.length === 1 && span * n <= LIMIT) {
    const key = packed[0];
    for (let i = 0; i < n; i++) key[i] = key[i] * n + i;
    key.sort();
    for (let i = 0; i < n; i++) idx[i] = key[i] % n;
    return idx;
  }
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => {
    for (let g = 0; g < packed.length; g++) { const d = packed[g][a] - packed[g][b]; if (d !== 0) return d; }
    return a - b;
  });
  return idx;
}
