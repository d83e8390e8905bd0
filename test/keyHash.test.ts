import { describe, expect, it } from 'vitest';
import { hashRows, hashValue } from '../src/shuffle/keyHash.js';
import { Vector } from '../src/exec/vector.js';
import { T } from '../src/types/dataType.js';

const NULL_HASH = 0x5bd1e995;

/** The combined hash of one row, from hashValue and the documented fold, as an oracle
 *  that knows nothing of hashRows' per-vector loops. */
function rowHash(values: unknown[], seed: number): number {
  const mix = (h: number) => {
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  };
  let h = mix(seed + 0x27d4eb2d);
  for (const v of values) h = mix(Math.imul(h, 31) + (v === null ? NULL_HASH : hashValue(v)));
  return h;
}

describe('hashRows (shuffle partitioning hash)', () => {
  it('hashes equal keys alike whatever vector holds them, and each row as hashValue folds it', () => {
    const ints = [7, 7, 0, 2147483647, 7, -2147483648, 7, 42];
    const nulls = Uint8Array.from([0, 0, 1, 0, 0, 0, 1, 0]);
    const asInt: Vector = { type: T.int, values: Int32Array.from(ints), nulls };
    const asDouble: Vector = { type: T.bigint, values: Float64Array.from(ints), nulls };
    // Repeated string objects (as a join gathers them) and equal strings built apart.
    const shared = 'AAAAAAAABAAAAAAA';
    const strs = [shared, shared, shared, 'b', 'AAAAAAAA' + 'BAAAAAAA', shared, 'b', ''];
    const asString: Vector = { type: T.string, values: strs, nulls: Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0]) };
    const n = ints.length;
    const a = hashRows([asInt, asString], n, 3);
    const b = hashRows([asDouble, asString], n, 3);
    expect([...a]).toEqual([...b]);
    for (let i = 0; i < n; i++) {
      expect(a[i]).toBe(rowHash([nulls[i] ? null : ints[i], asString.nulls![i] ? null : strs[i]], 3));
    }
    // Rows 0, 1 and 4 hold equal keys (4's string is another object with the same text).
    expect(a[1]).toBe(a[0]);
    expect(a[4]).toBe(a[0]);
    expect(a[3]).not.toBe(a[0]);
    const sameText = hashRows([{ type: T.string, values: [shared, 'AAAAAAAA' + 'BAAAAAAA'], nulls: null }], 2, 0);
    expect(sameText[0]).toBe(sameText[1]);
    // The seed changes the function.
    expect([...hashRows([asInt], n, 4)]).not.toEqual([...hashRows([asInt], n, 3)]);
  });
});
