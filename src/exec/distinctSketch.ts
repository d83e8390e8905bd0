// approx_count_distinct: distinct values counted exactly up to EXACT_LIMIT per group, then
// estimated with a HyperLogLog sketch (2^14 one-byte registers, ~0.8% standard error), so
// memory per group is bounded however many distinct values arrive. ANALYZE uses it for
// NDV, as Hive's column statistics do (HLL), instead of count(DISTINCT), whose hash sets
// held every distinct value of every column at once.
import type { Vector } from './vector.js';
import type { Accumulator } from './accumulators.js';
import { hashValue } from '../shuffle/keyHash.js';

const P = 14;
const M = 1 << P;
const EXACT_LIMIT = 4096;
const ALPHA = 0.7213 / (1 + 1.079 / M);

class GroupSketch {
  private exact: Set<number | string> | null = new Set();
  private registers: Uint8Array | null = null;

  add(v: number | string): void {
    if (this.exact) {
      this.exact.add(v);
      if (this.exact.size <= EXACT_LIMIT) return;
      this.registers = new Uint8Array(M);
      for (const x of this.exact) this.addHash(hashValue(x));
      this.exact = null;
      return;
    }
    this.addHash(hashValue(v));
  }

  private addHash(h: number): void {
    const idx = h >>> (32 - P);
    const rest = (h << P) >>> 0;
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    if (rank > this.registers![idx]) this.registers![idx] = rank;
  }

  estimate(): number {
    if (this.exact) return this.exact.size;
    const r = this.registers!;
    let sum = 0, zeros = 0;
    for (let j = 0; j < M; j++) { sum += 2 ** -r[j]; if (r[j] === 0) zeros++; }
    let e = (ALPHA * M * M) / sum;
    if (e <= 2.5 * M && zeros > 0) e = M * Math.log(M / zeros); // linear counting
    else if (e > 2 ** 32 / 30) e = -(2 ** 32) * Math.log(1 - e / 2 ** 32);
    return Math.round(e);
  }
}

export class DistinctSketchAcc implements Accumulator {
  private groups: GroupSketch[] = [];
  update(gids: Int32Array, n: number, [arg]: Vector[]): void {
    const values = arg.values as ArrayLike<unknown>, nulls = arg.nulls;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      (this.groups[gids[i]] ??= new GroupSketch()).add(values[i] as number | string);
    }
  }
  result(groups: number): Vector {
    const values = new Float64Array(groups);
    for (let g = 0; g < groups; g++) values[g] = this.groups[g]?.estimate() ?? 0;
    return { type: { id: 'bigint' }, values, nulls: null };
  }
}
