// ROLLUP's partial aggregate folds each coarser grouping set from the finer set's groups;
// merged as the final phase would, it must give what expanding every row per set gives.
import { describe, expect, it } from 'vitest';
import { RollupAggregate } from '../src/exec/operators/rollupAggregate.js';
import { HashAggregate, AggregateInput } from '../src/exec/operators/hashAggregate.js';
import { Expand } from '../src/exec/operators/expand.js';
import { BatchesSource } from '../src/exec/operators/values.js';
import { drain } from '../src/exec/operators/operator.js';
import { CORE_AGGREGATES } from '../src/module/coreAggregates.js';
import { Batch } from '../src/exec/vector.js';
import { T } from '../src/types/dataType.js';
import { SpillManager } from '../src/exec/spill/spillManager.js';
import { removeDir, tempDir } from './helpers.js';

const fn = (name: string) => CORE_AGGREGATES.find((a) => a.name === name)!;
const KEY_TYPES = [T.int, T.string, T.int];
// Input: a (int, NULL every 7th row), b (string), c (int), v (int, NULL every 5th row).
function input(rows: number): Batch[] {
  const out: Batch[] = [];
  for (let s = 0; s < rows; s += 1024) {
    const n = Math.min(1024, rows - s);
    const a = new Int32Array(n), an = new Uint8Array(n), c = new Int32Array(n), v = new Int32Array(n), vn = new Uint8Array(n);
    const b: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = s + i;
      a[i] = r % 13; an[i] = r % 7 === 0 ? 1 : 0;
      b.push(`b${(r * 31) % 97}`);
      c[i] = (r * 7919) % 50_000;
      v[i] = r % 1000; vn[i] = r % 5 === 0 ? 1 : 0;
    }
    out.push({ columns: [{ type: T.int, values: a, nulls: an }, { type: T.string, values: b, nulls: null }, { type: T.int, values: c, nulls: null }, { type: T.int, values: v, nulls: vn }], length: n });
  }
  return out;
}
const TYPES = [...KEY_TYPES, T.int];
// ROLLUP(a, b, c): (a, b, c), (a, b), (a), ().
const SETS = [[0, 1, 2], [0, 1], [0], []];
const gidOf = (set: number[]) => [0, 1, 2].reduce((g, i) => (set.includes(i) ? g : g | (1 << i)), 0);
// sum(v), count(v), count(*), min(v), max(b): partial calls and their merges.
const CALLS: [string, number[], typeof T.int, string][] = [['sum', [3], T.bigint, 'sum'], ['count', [3], T.bigint, 'sum'], ['count', [], T.bigint, 'sum'], ['min', [3], T.int, 'min'], ['max', [1], T.string, 'max']];

function specs(argBase: number): AggregateInput[] {
  return CALLS.map(([name, args, type]) => ({ args: args.map((a) => a + argBase), resultType: type, create: () => fn(name).create(args.map((a) => TYPES[a]), type, [undefined]) }));
}

/** Groups by key tuple and grouping id, merging repeats as the final phase would. */
function merged(batches: Batch[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const b of batches) {
    for (let i = 0; i < b.length; i++) {
      const val = (c: number) => (b.columns[c].nulls?.[i] ? null : b.columns[c].values[i] as unknown);
      const key = JSON.stringify([val(0), val(1), val(2), val(3)]);
      const states = CALLS.map((_, j) => val(4 + j));
      const m = out.get(key);
      if (!m) { out.set(key, states.map((x) => (typeof x === 'number' ? Number(x) : x))); continue; }
      CALLS.forEach(([, , , merge], j) => {
        const x = states[j] as number | string | null;
        if (x === null) return;
        if (m[j] === null) m[j] = typeof x === 'number' ? Number(x) : x;
        else if (merge === 'sum') m[j] = (m[j] as number) + Number(x);
        else if (merge === 'min') m[j] = (x as number) < (m[j] as number) ? x : m[j];
        else m[j] = x > (m[j] as string) ? x : m[j];
      });
    }
  }
  return out;
}

function rollup(rows: number, bytes: number | null, spill?: SpillManager): { groups: Map<string, unknown[]>; emitted: number } {
  const merge = CALLS.map(([, , type, m]) => () => fn(m).create([type], type, [undefined]));
  const op = new RollupAggregate(new BatchesSource(input(rows), TYPES), KEY_TYPES, SETS.map((keys) => ({ keys, gid: gidOf(keys) })), specs(0), merge,
    bytes === null ? null : { bytes, spill: spill! });
  const out = drain(op);
  return { groups: merged(out), emitted: out.reduce((s, b) => s + b.length, 0) };
}

function expanded(rows: number): Map<string, unknown[]> {
  const ex = new Expand(new BatchesSource(input(rows), TYPES), [0, 1, 2].map((c) => (b: Batch) => b.columns[c]), KEY_TYPES, SETS);
  // Expand's output: a, b, c, v, then the expanded keys (4..6) and the grouping id (7).
  const agg = new HashAggregate(ex, [4, 5, 6, 7], specs(0), null);
  return merged(drain(agg));
}

describe('RollupAggregate', () => {
  it('equals expanding every row per grouping set, over NULL keys and NULL values', () => {
    const want = expanded(20_000);
    const got = rollup(20_000, null);
    expect(got.groups.size).toBe(want.size);
    for (const [k, v] of want) expect(got.groups.get(k), k).toEqual(v);
    expect(want.get(JSON.stringify([null, null, null, 7]))).toEqual([expect.any(Number), 16_000, 20_000, 1, 'b96']);
  });

  it('still merges to the same totals when the finest set stops grouping and sets flush under a small grant', () => {
    const dir = tempDir();
    try {
      const spill = new SpillManager(dir, true);
      const rows = 260_000; // past the 100,000 rows after which a non-reducing partial passes rows through
      const want = expanded(rows);
      const got = rollup(rows, 200_000, spill);
      expect(got.emitted).toBeGreaterThan(want.size);
      expect(got.groups.size).toBe(want.size);
      for (const [k, v] of want) expect(got.groups.get(k), k).toEqual(v);
      expect(spill.metrics.bytesSpilled).toBe(0);
      spill.close();
    } finally { removeDir(dir); }
  });

  it('emits nothing for no input rows, not even the () row', () => {
    expect(rollup(0, null).emitted).toBe(0);
  });
});
