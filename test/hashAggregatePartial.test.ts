// The local phase of a two-phase aggregate stops grouping once it sees that grouping does
// not shrink its input; what it emits must still merge to the right totals.
import { describe, expect, it } from 'vitest';
import { HashAggregate } from '../src/exec/operators/hashAggregate.js';
import { BatchesSource } from '../src/exec/operators/values.js';
import { drain } from '../src/exec/operators/operator.js';
import { CORE_AGGREGATES } from '../src/module/coreAggregates.js';
import { Batch } from '../src/exec/vector.js';
import { DataType } from '../src/types/dataType.js';
import { MemoryGrant, SpillManager } from '../src/exec/spill/spillManager.js';
import { removeDir, tempDir } from './helpers.js';

const INT: DataType = { id: 'int' } as DataType, BIGINT: DataType = { id: 'bigint' } as DataType;
const sum = CORE_AGGREGATES.find((a) => a.name === 'sum')!, count = CORE_AGGREGATES.find((a) => a.name === 'count')!;

function batches(keys: number[]): Batch[] {
  const out: Batch[] = [];
  for (let s = 0; s < keys.length; s += 1024) {
    const k = Int32Array.from(keys.slice(s, s + 1024));
    out.push({ columns: [{ type: INT, values: k, nulls: null }, { type: INT, values: k.map(() => 1), nulls: null }], length: k.length });
  }
  return out;
}

function run(keys: number[], partial: boolean, memory: MemoryGrant | null = null): Map<number, [number, number]> {
  const agg = new HashAggregate(new BatchesSource(batches(keys), [INT, INT]), [0], [
    { args: [1], resultType: BIGINT, create: () => sum.create([INT], BIGINT, [undefined]) },
    { args: [1], resultType: BIGINT, create: () => count.create([INT], BIGINT, [undefined]) },
  ], memory, 0, null, partial);
  const rows = drain(agg);
  // Merge as the final phase would: sum the partial sums and counts per key.
  const merged = new Map<number, [number, number]>();
  let emitted = 0;
  for (const b of rows) {
    emitted += b.length;
    for (let i = 0; i < b.length; i++) {
      const k = b.columns[0].values[i] as number;
      const m = merged.get(k) ?? [0, 0];
      merged.set(k, [m[0] + Number(b.columns[1].values[i]), m[1] + Number(b.columns[2].values[i])]);
    }
  }
  (merged as unknown as { emitted: number }).emitted = emitted;
  return merged;
}

describe('partial (local) hash aggregation', () => {
  // 150,000 distinct keys, then every key again: grouping the first 100,000 rows keeps
  // them all, so the local phase passes the rest through.
  const keys = [...Array.from({ length: 150_000 }, (_, i) => i), ...Array.from({ length: 150_000 }, (_, i) => i)];

  it('gives up grouping when it does not reduce, and its output still merges to the totals', () => {
    const partial = run(keys, true);
    const full = run(keys, false);
    expect((full as unknown as { emitted: number }).emitted).toBe(150_000);
    expect((partial as unknown as { emitted: number }).emitted).toBeGreaterThan(250_000);
    expect(partial.size).toBe(150_000);
    for (const [k, v] of full) expect(partial.get(k), String(k)).toEqual(v);
    expect(full.get(7)).toEqual([2, 2]);
  });

  it('emits its groups and starts afresh when they fill its memory, instead of spilling', () => {
    const dir = tempDir();
    try {
      const spill = new SpillManager(dir, true);
      const few = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 5000);
      // ~20 KB holds far fewer than 5,000 groups.
      const partial = run(few, true, { bytes: 20_000, spill });
      expect((partial as unknown as { emitted: number }).emitted).toBeGreaterThan(5000);
      expect(partial.size).toBe(5000);
      for (const [, v] of partial) expect(v).toEqual([60, 60]);
      expect(spill.metrics.bytesSpilled).toBe(0);
      spill.close();
    } finally { removeDir(dir); }
  });

  // Every twentieth row repeats the key before it: 19 groups per 20 rows.
  const most = Array.from({ length: 300_000 }, (_, i) => (i % 20 === 0 && i > 0 ? i - 1 : i));

  it('gives up grouping when it keeps 85% of its rows as groups', () => {
    // Every seventh row repeats the key before it: 6 groups per 7 rows.
    const sixOfSeven = Array.from({ length: 300_000 }, (_, i) => (i % 7 === 0 && i > 0 ? i - 1 : i));
    const partial = run(sixOfSeven, true);
    const full = run(sixOfSeven, false);
    // Grouped throughout it would emit 257,143 rows; passing through after ~100,000, more.
    expect((full as unknown as { emitted: number }).emitted).toBe(257_143);
    expect((partial as unknown as { emitted: number }).emitted).toBeGreaterThan(280_000);
    expect(partial.size).toBe(257_143);
    for (const [k, v] of full) expect(partial.get(k), String(k)).toEqual(v);
  });

  it('counts the groups it has flushed when judging, so a small grant still gives up', () => {
    const dir = tempDir();
    try {
      const spill = new SpillManager(dir, true);
      // ~20 KB holds a batch's groups at most: it flushes after every input batch, and
      // grouping to the end would emit 285,001 rows; passing through after ~100,000, more.
      const partial = run(most, true, { bytes: 20_000, spill });
      expect((partial as unknown as { emitted: number }).emitted).toBeGreaterThan(294_000);
      expect(partial.size).toBe(285_001);
      expect(partial.get(19)).toEqual([2, 2]);
      expect(spill.metrics.bytesSpilled).toBe(0);
      spill.close();
    } finally { removeDir(dir); }
  });

  it('keeps grouping when groups are few', () => {
    const few = Array.from({ length: 300_000 }, (_, i) => i % 1000);
    const partial = run(few, true);
    expect((partial as unknown as { emitted: number }).emitted).toBe(1000);
    expect(partial.get(999)).toEqual([300, 300]);
  });
});
