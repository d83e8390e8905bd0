import { describe, expect, it } from 'vitest';
import { ComparatorKey, rowComparator, sortedIndexes } from '../src/exec/rowComparator.js';
import { Batch, Vector, sliceVector } from '../src/exec/vector.js';
import { Sort } from '../src/exec/operators/sort.js';
import { BatchesSource } from '../src/exec/operators/values.js';

// A seeded generator, so a failure reproduces.
function rng(seed: number) { return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; }; }

function vector(kind: 'string' | 'int' | 'double', n: number, distinct: number, nullRate: number, r: () => number): Vector {
  const nulls = new Uint8Array(n);
  const values = kind === 'string' ? new Array<string>(n) : kind === 'int' ? new Int32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (r() < nullRate) { nulls[i] = 1; continue; }
    const x = Math.floor(r() * distinct) - distinct / 2;
    (values as unknown[])[i] = kind === 'string' ? `s${x}` : kind === 'int' ? x : x / 3;
  }
  return { type: { id: kind === 'string' ? 'string' : kind === 'int' ? 'int' : 'double' } as never, values, nulls };
}

describe('sortedIndexes', () => {
  it('orders like the row comparator, stable, for mixed keys, directions and NULL placement', () => {
    const r = rng(7);
    for (const [n, distinct] of [[1, 1], [2, 2], [500, 3], [2000, 50], [3000, 2000]]) {
      for (let round = 0; round < 6; round++) {
        const kinds = (['string', 'int', 'double'] as const).filter(() => r() < 0.7);
        const keys: ComparatorKey[] = (kinds.length ? kinds : (['string'] as const)).map((k) => ({
          vector: vector(k, n, distinct, r() < 0.5 ? 0 : 0.1, r), desc: r() < 0.5, nullsFirst: r() < 0.5,
        }));
        const cmp = rowComparator(keys);
        const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => cmp(a, b) || a - b);
        expect(sortedIndexes(n, keys)).toEqual(expected);
      }
    }
  });

  it('falls back to comparing packed keys when they do not fit one number', () => {
    const r = rng(11);
    const n = 5000;
    // Six keys of ~5000 distinct values each: 5000^6 is far beyond 2^52.
    const keys: ComparatorKey[] = Array.from({ length: 6 }, (_, i) => ({ vector: vector(i % 2 ? 'string' : 'double', n, 5000, 0.05, r), desc: i % 3 === 0, nullsFirst: i % 2 === 0 }));
    const cmp = rowComparator(keys);
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => cmp(a, b) || a - b);
    expect(sortedIndexes(n, keys)).toEqual(expected);
  });
});

describe('sortedIndexes on numeric keys', () => {
  it('orders NaN above every number and -0 with 0 (stable), NULLs where asked, both directions', () => {
    const values = Float64Array.from([NaN, 1, -0, 0, 99, -Infinity, Infinity, NaN, 0.5, -0]);
    const nulls = new Uint8Array(values.length); nulls[4] = 1;
    const vector: Vector = { type: { id: 'double' } as never, values, nulls };
    expect(sortedIndexes(values.length, [{ vector, desc: false, nullsFirst: false }])).toEqual([5, 2, 3, 9, 8, 1, 6, 0, 7, 4]);
    expect(sortedIndexes(values.length, [{ vector, desc: true, nullsFirst: true }])).toEqual([4, 0, 7, 6, 1, 8, 2, 3, 9, 5]);
    const ints: Vector = { type: { id: 'int' } as never, values: Int32Array.from([3, -2147483648, 2147483647, 3, 0]), nulls: null };
    expect(sortedIndexes(5, [{ vector: ints, desc: false, nullsFirst: true }])).toEqual([1, 4, 0, 3, 2]);
  });
});

describe('Sort with a limit (running top-n)', () => {
  it('returns the first n rows of the full stable order, for NULLs, ties, both directions', () => {
    const r = rng(11);
    for (const [n, limit, distinct] of [[40_000, 100, 500], [40_000, 100, 20], [30_000, 1, 30_000], [50_000, 5000, 3000], [20_000, 7, 2]]) {
      for (const kind of ['string', 'int', 'double'] as const) {
        const desc = r() < 0.5, nullsFirst = r() < 0.5;
        const keys: ComparatorKey[] = [
          { vector: vector(kind, n, distinct, 0.05, r), desc, nullsFirst },
          { vector: vector('int', n, 1000, 0, r), desc: !desc, nullsFirst: !nullsFirst },
        ];
        const ids = Int32Array.from({ length: n }, (_, i) => i);
        const columns: Vector[] = [...keys.map((k) => k.vector), { type: { id: 'int' } as never, values: ids, nulls: null }];
        const batches: Batch[] = [];
        for (let s = 0; s < n; s += 1000) batches.push({ columns: columns.map((c) => sliceVector(c, s, Math.min(n, s + 1000))), length: Math.min(n, s + 1000) - s });
        const cmp = rowComparator(keys);
        const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => cmp(a, b) || a - b).slice(0, limit);
        const sort = new Sort(new BatchesSource(batches, columns.map((c) => c.type)), [0, 1].map((c) => ({ column: c, desc: keys[c].desc, nullsFirst: keys[c].nullsFirst })), limit);
        const got: number[] = [];
        for (let b = sort.next(); b; b = sort.next()) got.push(...(b.columns[2].values as Int32Array).subarray(0, b.length));
        expect(got, `${kind} n=${n} limit=${limit} distinct=${distinct} desc=${desc} nullsFirst=${nullsFirst}`).toEqual(expected);
      }
    }
  });
});
