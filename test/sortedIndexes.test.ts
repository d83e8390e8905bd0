import { describe, expect, it } from 'vitest';
import { ComparatorKey, rowComparator, sortedIndexes } from '../src/exec/rowComparator.js';
import { Vector } from '../src/exec/vector.js';

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
