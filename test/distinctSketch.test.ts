// approx_count_distinct's sketch: exact while small, within a few percent when large,
// one estimate per group.
import { describe, expect, it } from 'vitest';
import { DistinctSketchAcc } from '../src/exec/distinctSketch.js';
import type { Vector } from '../src/exec/vector.js';

const count = (values: Vector, gids: Int32Array, groups: number) => {
  const acc = new DistinctSketchAcc();
  acc.update(gids, gids.length, [values]);
  return Array.from(acc.result(groups).values as Float64Array);
};

describe('approx_count_distinct', () => {
  it('is exact up to 4,096 distinct values and skips NULLs', () => {
    const n = 10_000;
    const values = Float64Array.from({ length: n }, (_, i) => i % 4000);
    const nulls = Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1 : 0));
    expect(count({ type: { id: 'bigint' }, values, nulls: null }, new Int32Array(n), 1)).toEqual([4000]);
    // With every 7th row NULL, values ≡ 0 mod 7 (of 0..3999) may still appear from other rows.
    const expected = new Set(Array.from(values).filter((_, i) => nulls[i] === 0)).size;
    expect(count({ type: { id: 'bigint' }, values, nulls }, new Int32Array(n), 1)).toEqual([expected]);
  });

  it('estimates a million integers and 200,000 strings within 2%, per group', () => {
    const n = 1_000_000;
    const ints = Float64Array.from({ length: n }, (_, i) => i * 3 + 1);
    const gids = Int32Array.from({ length: n }, (_, i) => (i < 100 ? 1 : 0));
    const [big, small] = count({ type: { id: 'bigint' }, values: ints, nulls: null }, gids, 2);
    expect(Math.abs(big - (n - 100)) / n).toBeLessThan(0.02);
    expect(small).toBe(100);
    const strings = Array.from({ length: 400_000 }, (_, i) => `customer#${i % 200_000}`);
    const [s] = count({ type: { id: 'string' }, values: strings, nulls: null }, new Int32Array(strings.length), 1);
    expect(Math.abs(s - 200_000) / 200_000).toBeLessThan(0.02);
  });
});
