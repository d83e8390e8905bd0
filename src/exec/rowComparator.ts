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

/** Sorted row indexes 0..n-1, stable for equal keys. */
export function sortedIndexes(n: number, keys: ComparatorKey[]): number[] {
  const idx = new Array<number>(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const cmp = rowComparator(keys);
  idx.sort((a, b) => cmp(a, b) || a - b);
  return idx;
}
