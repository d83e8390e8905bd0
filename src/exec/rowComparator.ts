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
  const v = k.vector.values;
  const nulls = k.vector.nulls;
  const ranked = v instanceof Int32Array ? denseIntRanks(v, nulls, n) ?? sortedNumberRanks(v, nulls, n)
    : v instanceof Float64Array ? sortedNumberRanks(v, nulls, n)
    : mappedRanks(v as ArrayLike<unknown>, nulls, n);
  return directed(ranked, k);
}

/** Each row's ascending rank among the distinct values (NULL_RANK for NULL), and how many
 *  distinct non-NULL values there are. */
interface Ranks { ranks: Int32Array; distinct: number; hasNull: boolean }
const NULL_RANK = -1;

/** Ranks as codes: DESC reverses them, and NULL takes the first or the last code. Rewrites
 *  the ranks in place. */
function directed({ ranks, distinct, hasNull }: Ranks, k: ComparatorKey): KeyCodes {
  const shift = hasNull && k.nullsFirst ? 1 : 0;
  const nullCode = k.nullsFirst ? 0 : distinct;
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i];
    ranks[i] = r === NULL_RANK ? nullCode : (k.desc ? distinct - 1 - r : r) + shift;
  }
  return { codes: ranks, card: distinct + (hasNull ? 1 : 0) };
}

/** Ranks of any values (strings, bigints, booleans): numbered through a Map, then the
 *  distinct ones sorted. */
function mappedRanks(v: ArrayLike<unknown>, nulls: Uint8Array | null, n: number): Ranks {
  const ids = new Map<unknown, number>();
  const distinct: unknown[] = [];
  const ranks = new Int32Array(n);
  let hasNull = false;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) { ranks[i] = NULL_RANK; hasNull = true; continue; }
    const x = v[i];
    let id = ids.get(x);
    if (id === undefined) { id = distinct.length; ids.set(x, id); distinct.push(x); }
    ranks[i] = id;
  }
  const rankOfId = new Int32Array(distinct.length);
  distinct.map((_, i) => i).sort((a, b) => compareValues(distinct[a], distinct[b])).forEach((id, r) => { rankOfId[id] = r; });
  for (let i = 0; i < n; i++) if (ranks[i] !== NULL_RANK) ranks[i] = rankOfId[ranks[i]];
  return { ranks, distinct: distinct.length, hasNull };
}

/**
 * Ranks of numbers: the values sorted natively (a Float64Array sort, no comparator calls)
 * and deduplicated, then each row's rank found by binary search. A window ordered by a sum
 * over 800,000 groups (q67) spent most of its key ranking in a Map of the values and a
 * comparator sort of the distinct ones. NaN ranks above every number, as Hive orders it;
 * -0 and 0 are one value.
 */
function sortedNumberRanks(v: Float64Array | Int32Array, nulls: Uint8Array | null, n: number): Ranks {
  const sorted = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) sorted[count++] = v[i];
  const values = sorted.subarray(0, count).sort(); // NaN last
  let m = 0;
  let hasNaN = false;
  for (let j = 0; j < count; j++) {
    const x = values[j];
    if (x !== x) { hasNaN = true; break; }
    if (m === 0 || x !== values[m - 1]) values[m++] = x;
  }
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) { ranks[i] = NULL_RANK; continue; }
    const x = v[i];
    if (x !== x) { ranks[i] = m; continue; }
    let lo = 0, hi = m - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[mid] < x) lo = mid + 1; else hi = mid;
    }
    ranks[i] = lo;
  }
  return { ranks, distinct: m + (hasNaN ? 1 : 0), hasNull: count < n };
}

/** Ranks of integers spanning a range not much wider than the row count (dates, years,
 *  surrogate keys): read from a table over the range, no sort at all. Null when the range
 *  is too wide. */
function denseIntRanks(v: Int32Array, nulls: Uint8Array | null, n: number): Ranks | null {
  let min = 2147483647, max = -2147483648, hasNull = false;
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) { hasNull = true; continue; }
    const x = v[i];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  if (max < min) min = max = 0; // every row NULL
  const span = max - min + 1;
  if (span > 4 * n + 1024) return null;
  const rankOf = new Int32Array(span);
  for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) rankOf[v[i] - min] = 1;
  let distinct = 0;
  for (let j = 0; j < span; j++) if (rankOf[j] === 1) rankOf[j] = distinct++;
  const ranks = new Int32Array(n);
  for (let i = 0; i < n; i++) ranks[i] = nulls !== null && nulls[i] === 1 ? NULL_RANK : rankOf[v[i] - min];
  return { ranks, distinct, hasNull };
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
