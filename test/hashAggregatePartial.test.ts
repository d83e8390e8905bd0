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

/** Rows the aggregate emitted (before merging). */
const emitted = (merged: Map<number, [number, number]>): number => (merged as unknown as { emitted: number }).emitted;

/** 300,000 keys where every n-th row repeats the key before it: n - 1 groups per n rows. */
const everyNthRepeats = (n: number): number[] => Array.from({ length: 300_000 }, (_, i) => (i % n === 0 && i > 0 ? i - 1 : i));

/** Runs f with a spill manager over a temporary directory, removed afterwards. */
function withSpill(f: (spill: SpillManager) => void): void {
  const dir = tempDir();
  try {
    const spill = new SpillManager(dir, true);
    f(spill);
    spill.close();
  } finally { removeDir(dir); }
}

describe('partial (local) hash aggregation', () => {
  // 150,000 distinct keys, then every key again: grouping the first 100,000 rows keeps
  // them all, so the local phase passes the rest through.
  const keys = [...Array.from({ length: 150_000 }, (_, i) => i), ...Array.from({ length: 150_000 }, (_, i) => i)];

  it('gives up grouping when it does not reduce, and its output still merges to the totals', () => {
    const partial = run(keys, true);
    const full = run(keys, false);
    expect(emitted(full)).toBe(150_000);
    expect(emitted(partial)).toBeGreaterThan(250_000);
    expect(partial.size).toBe(150_000);
    for (const [k, v] of full) expect(partial.get(k), String(k)).toEqual(v);
    expect(full.get(7)).toEqual([2, 2]);
  });

  it('emits its groups and starts afresh when they fill its memory, instead of spilling', () => {
    withSpill((spill) => {
      const few = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 5000);
      // ~20 KB holds far fewer than 5,000 groups.
      const partial = run(few, true, { bytes: 20_000, spill });
      expect(emitted(partial)).toBeGreaterThan(5000);
      expect(partial.size).toBe(5000);
      for (const [, v] of partial) expect(v).toEqual([60, 60]);
      expect(spill.metrics.bytesSpilled).toBe(0);
    });
  });

  it('gives up grouping when it keeps 85% of its rows as groups', () => {
    const sixOfSeven = everyNthRepeats(7);
    const partial = run(sixOfSeven, true);
    const full = run(sixOfSeven, false);
    // Grouped throughout it would emit 257,143 rows; passing through after ~100,000, more.
    expect(emitted(full)).toBe(257_143);
    expect(emitted(partial)).toBeGreaterThan(280_000);
    expect(partial.size).toBe(257_143);
    for (const [k, v] of full) expect(partial.get(k), String(k)).toEqual(v);
  });

  it('counts the groups it has flushed when judging, so a small grant still gives up', () => {
    withSpill((spill) => {
      // ~20 KB holds a batch's groups at most: it flushes after every input batch, and
      // grouping to the end would emit 285,001 rows; passing through after ~100,000, more.
      const partial = run(everyNthRepeats(20), true, { bytes: 20_000, spill });
      expect(emitted(partial)).toBeGreaterThan(294_000);
      expect(partial.size).toBe(285_001);
      expect(partial.get(19)).toEqual([2, 2]);
      expect(spill.metrics.bytesSpilled).toBe(0);
    });
  });

  it('keeps grouping when groups are few', () => {
    const few = Array.from({ length: 300_000 }, (_, i) => i % 1000);
    const partial = run(few, true);
    expect(emitted(partial)).toBe(1000);
    expect(partial.get(999)).toEqual([300, 300]);
  });
});
