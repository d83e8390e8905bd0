// Aggregate function state, updated a whole vector at a time: `update` receives the
// group id of every input row and folds the argument columns into per-group state.
import { DataType } from '../types/dataType.js';
import { POW10 } from '../types/values.js';
import { Vector, VectorBuilder, allocFor, getValue } from './vector.js';
import { Key } from './rowKeys.js';
import { valueKey } from '../types/complexValues.js';

export type AggFunction = 'count' | 'sum' | 'avg' | 'min' | 'max' | VarianceKind;
export type VarianceKind = 'var_pop' | 'var_samp' | 'stddev_pop' | 'stddev_samp';

export interface AggSpec {
  fn: AggFunction;
  distinct: boolean;
  argType: DataType | null;
  resultType: DataType;
}

export interface Accumulator {
  /** Folds rows 0..n-1 of the argument vectors into the groups gids[i]. */
  update(gids: Int32Array, n: number, args: Vector[]): void;
  /** One value per group 0..groups-1. */
  result(groups: number): Vector;
}

class Growable {
  data: Float64Array;
  constructor(cap = 1024) { this.data = new Float64Array(cap); }
  ensure(n: number): void {
    if (n <= this.data.length) return;
    let cap = this.data.length;
    while (cap < n) cap *= 2;
    const d = new Float64Array(cap); d.set(this.data); this.data = d;
  }
}

class CountAcc implements Accumulator {
  private counts = new Growable();
  update(gids: Int32Array, n: number, args: Vector[]): void {
    let max = 0;
    for (let i = 0; i < n; i++) if (gids[i] > max) max = gids[i];
    this.counts.ensure(max + 1);
    const d = this.counts.data;
    // count(a, b, …) counts rows where every argument is non-NULL.
    const nulls = args.length === 0 ? null : args.length === 1 ? args[0].nulls : anyNulls(args, n);
    for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) d[gids[i]]++;
  }
  result(groups: number): Vector {
    this.counts.ensure(groups);
    return { type: { id: 'bigint' }, values: this.counts.data.slice(0, groups), nulls: null };
  }
}

/** sum and avg share state: running sum and non-null count per group. */
class SumAcc implements Accumulator {
  protected sums = new Growable();
  protected counts = new Growable();
  constructor(private readonly avg: boolean, private readonly argType: DataType, private readonly resultType: DataType) {}
  update(gids: Int32Array, n: number, [arg]: Vector[]): void {
    let max = 0;
    for (let i = 0; i < n; i++) if (gids[i] > max) max = gids[i];
    this.sums.ensure(max + 1); this.counts.ensure(max + 1);
    const s = this.sums.data, c = this.counts.data;
    const v = arg!.values as Float64Array | Int32Array, nulls = arg!.nulls;
    if (nulls === null) for (let i = 0; i < n; i++) { s[gids[i]] += v[i]; c[gids[i]]++; }
    else for (let i = 0; i < n; i++) if (nulls[i] === 0) { s[gids[i]] += v[i]; c[gids[i]]++; }
  }
  result(groups: number): Vector {
    this.sums.ensure(groups); this.counts.ensure(groups);
    const values = allocFor(this.resultType, groups) as Float64Array;
    const nulls = new Uint8Array(groups);
    const s = this.sums.data, c = this.counts.data;
    const rt = this.resultType;
    const inScale = this.argType.id === 'decimal' ? this.argType.scale : 0;
    for (let g = 0; g < groups; g++) {
      if (c[g] === 0) { nulls[g] = 1; continue; }
      if (!this.avg) values[g] = s[g];
      else if (rt.id === 'decimal') {
        const x = (s[g] * POW10[rt.scale - inScale]) / c[g];
        values[g] = x < 0 ? -Math.round(-x) : Math.round(x);
      } else values[g] = (this.argType.id === 'decimal' ? s[g] / POW10[inScale] : s[g]) / c[g];
    }
    return { type: rt, values, nulls: nulls.includes(1) ? nulls : null };
  }
}

/** The final phase of a two-phase avg: folds partial sums and counts (the local phase's
 *  sum(x) and count(x)) and divides as avg does. argType: the partial sum's type, which
 *  has x's scale. */
export class AvgMergeAcc extends SumAcc {
  constructor(sumType: DataType, resultType: DataType) { super(true, sumType, resultType); }
  override update(gids: Int32Array, n: number, [sum, count]: Vector[]): void {
    let max = 0;
    for (let i = 0; i < n; i++) if (gids[i] > max) max = gids[i];
    this.sums.ensure(max + 1); this.counts.ensure(max + 1);
    const s = this.sums.data, c = this.counts.data;
    const sv = sum.values as Float64Array, cv = count.values as Float64Array, nulls = sum.nulls;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      s[gids[i]] += sv[i];
      c[gids[i]] += cv[i];
    }
  }
}

class MinMaxAcc implements Accumulator {
  private vals: unknown[] = [];
  private has: boolean[] = [];
  constructor(private readonly max: boolean, private readonly type: DataType) {}
  update(gids: Int32Array, n: number, [arg]: Vector[]): void {
    const v = arg.values, nulls = arg.nulls;
    const vals = this.vals, has = this.has, max = this.max;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const g = gids[i];
      const x = v[i];
      if (!has[g]) { has[g] = true; vals[g] = x; }
      else if (max ? (x as number) > (vals[g] as number) : (x as number) < (vals[g] as number)) vals[g] = x;
    }
  }
  result(groups: number): Vector {
    const b = new VectorBuilder(this.type, groups);
    for (let g = 0; g < groups; g++) b.append(this.has[g] ? this.vals[g] : null);
    return b.finish();
  }
}

/** Population and sample variance and standard deviation with Welford's update per group,
 *  as Hive's GenericUDAFVariance; the sample forms are NULL below two rows (Hive 3). */
class VarianceAcc implements Accumulator {
  private n = new Growable();
  private mean = new Growable();
  private m2 = new Growable();
  constructor(private readonly kind: VarianceKind) {}
  update(gids: Int32Array, len: number, [arg]: Vector[]): void {
    let max = 0;
    for (let i = 0; i < len; i++) if (gids[i] > max) max = gids[i];
    this.n.ensure(max + 1); this.mean.ensure(max + 1); this.m2.ensure(max + 1);
    const n = this.n.data, mean = this.mean.data, m2 = this.m2.data;
    const v = arg!.values as Float64Array, nulls = arg!.nulls;
    for (let i = 0; i < len; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const g = gids[i], x = v[i];
      const c = ++n[g];
      const d = x - mean[g];
      mean[g] += d / c;
      m2[g] += d * (x - mean[g]);
    }
  }
  result(groups: number): Vector {
    this.n.ensure(groups); this.m2.ensure(groups);
    const values = new Float64Array(groups), nulls = new Uint8Array(groups);
    const sample = this.kind.endsWith('samp');
    for (let g = 0; g < groups; g++) {
      const c = this.n.data[g];
      if (c === 0 || (sample && c < 2)) { nulls[g] = 1; continue; }
      const variance = this.m2.data[g] / (sample ? c - 1 : c);
      values[g] = this.kind.startsWith('stddev') ? Math.sqrt(variance) : variance;
    }
    return { type: { id: 'double' }, values, nulls: nulls.includes(1) ? nulls : null };
  }
}

/** DISTINCT: keeps each group's distinct argument tuples (rows with a NULL argument are
 *  skipped, as Hive does), then folds them into the inner accumulator. */
export class DistinctAcc implements Accumulator {
  private sets: Map<Key, unknown[]>[] = [];
  constructor(private readonly inner: Accumulator, private readonly argTypes: DataType[]) {}
  update(gids: Int32Array, n: number, args: Vector[]): void {
    const nulls = anyNulls(args, n);
    const single = args.length === 1 ? args[0] : null;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      // One argument: its value is the key, and a tuple is built only for a new value.
      const key = single ? valueKey(getValue(single, i)) as Key : valueKey(args.map((a) => getValue(a, i))) as Key;
      const set = (this.sets[gids[i]] ??= new Map());
      if (!set.has(key)) set.set(key, args.map((a) => getValue(a, i)));
    }
  }
  result(groups: number): Vector {
    let total = 0;
    for (let g = 0; g < groups; g++) total += this.sets[g]?.size ?? 0;
    const gids = new Int32Array(total);
    const builders = this.argTypes.map((t) => new VectorBuilder(t, total));
    let k = 0;
    for (let g = 0; g < groups; g++) {
      for (const tuple of this.sets[g]?.values() ?? []) { gids[k++] = g; tuple.forEach((x, c) => builders[c].append(x)); }
    }
    this.inner.update(gids, total, builders.map((b) => b.finish()));
    return this.inner.result(groups);
  }
}

/** 1 where any of the vectors is NULL; null when none is. */
export function anyNulls(args: Vector[], n: number): Uint8Array | null {
  const withNulls = args.filter((a) => a.nulls !== null);
  if (withNulls.length === 0) return null;
  if (withNulls.length === 1) return withNulls[0].nulls;
  const out = new Uint8Array(n);
  for (const a of withNulls) for (let i = 0; i < n; i++) out[i] |= a.nulls![i];
  return out;
}

export function createAccumulator(spec: AggSpec): Accumulator {
  if (spec.distinct) return new DistinctAcc(createAccumulator({ ...spec, distinct: false }), spec.argType ? [spec.argType] : []);
  switch (spec.fn) {
    case 'count': return new CountAcc();
    case 'sum': return new SumAcc(false, spec.argType!, spec.resultType);
    case 'avg': return new SumAcc(true, spec.argType!, spec.resultType);
    case 'min': return new MinMaxAcc(false, spec.resultType);
    case 'max': return new MinMaxAcc(true, spec.resultType);
    default: return new VarianceAcc(spec.fn);
  }
}
