// Window functions: reads the whole input, and for each window call sorts row indexes by
// (PARTITION BY, ORDER BY), walks partitions and peer groups, and writes each row's result
// at its original position. Output: the input columns followed by one column per call.
import { DataType } from '../../types/dataType.js';
import { POW10 } from '../../types/values.js';
import { Batch, Vector, allocFor, concatBatches, gather } from '../vector.js';
import { CompiledExpr } from '../exprCompiler.js';
import { Operator, drain } from './operator.js';
import { KeyCodes, keyCodes, sortByCodes } from '../rowComparator.js';
import { Accumulator } from '../accumulators.js';

import type { Frame, FrameBound } from '../../planner/logicalPlan.js';

export interface WindowCallSpec {
  fn: string;
  args: CompiledExpr[];
  argTypes: DataType[];
  partitionBy: CompiledExpr[];
  orderBy: { expr: CompiledExpr; desc: boolean; nullsFirst: boolean }[];
  frame: Frame;
  type: DataType;
  /** For aggregates other than count/sum/avg/min/max: a fresh accumulator. */
  createAccumulator?: () => Accumulator;
}

export class WindowOperator implements Operator {
  readonly types: DataType[];
  private done = false;

  constructor(private readonly input: Operator, private readonly calls: WindowCallSpec[]) {
    this.types = [...input.types, ...calls.map((c) => c.type)];
  }

  next(): Batch | null {
    if (this.done) return null;
    this.done = true;
    const all = concatBatches(this.input.types, drain(this.input));
    const orders = new SharedOrders(all.length);
    // Calls with the most keys first: their orders may serve the others.
    const results: Vector[] = new Array(this.calls.length);
    const byKeys = this.calls.map((c, i) => i).sort((a, b) => keyCount(this.calls[b]) - keyCount(this.calls[a]));
    for (const i of byKeys) results[i] = computeWindow(all, this.calls[i], orders);
    return { columns: [...all.columns, ...results], length: all.length };
  }

  close(): void { this.input.close(); }
}

/**
 * Key ranks and row orders the calls of one window node share. Calls often partition by
 * the same columns (q47: avg over (category, brand, store, company, year) and rank over
 * (category, brand, store, company) ordered by (year, moy)): a column's ranks are computed
 * once, and a call whose partition keys (in any order) and then ORDER BY keys begin an
 * order already sorted uses that order instead of sorting again.
 */
class SharedOrders {
  private readonly codes = new Map<Vector, Map<string, KeyCodes>>();
  private readonly sorted: { keys: KeyCodes[]; idx: number[] }[] = [];
  constructor(private readonly n: number) {}

  codesOf(vector: Vector, desc: boolean, nullsFirst: boolean): KeyCodes {
    let byDir = this.codes.get(vector);
    if (!byDir) { byDir = new Map(); this.codes.set(vector, byDir); }
    const k = `${desc}/${nullsFirst}`;
    let c = byDir.get(k);
    if (!c) { c = keyCodes({ vector, desc, nullsFirst }, this.n); byDir.set(k, c); }
    return c;
  }

  /** Row indexes ordered by the partition keys (as a set) and then the order keys. */
  order(parts: KeyCodes[], orders: KeyCodes[]): number[] {
    const fits = (keys: KeyCodes[]) => {
      if (keys.length < parts.length + orders.length) return false;
      const head = new Set(keys.slice(0, parts.length));
      return parts.every((p) => head.has(p)) && orders.every((o, i) => keys[parts.length + i] === o);
    };
    const found = this.sorted.find((x) => fits(x.keys));
    if (found) return found.idx;
    const keys = [...parts, ...orders];
    const idx = sortByCodes(this.n, keys);
    this.sorted.push({ keys, idx });
    return idx;
  }
}

const keyCount = (c: WindowCallSpec) => c.partitionBy.length + c.orderBy.length;

function computeWindow(b: Batch, c: WindowCallSpec, shared: SharedOrders): Vector {
  const n = b.length;
  const orders = c.orderBy.map((o) => ({ vector: o.expr(b), desc: o.desc, nullsFirst: o.nullsFirst }));
  const args = c.args.map((e) => e(b));
  // Keys as ranks among their distinct values: one sort, and partition and peer
  // boundaries found by comparing small integers instead of strings.
  const partCodes = c.partitionBy.map((e) => shared.codesOf(e(b), false, true));
  const orderCodes = orders.map((o) => shared.codesOf(o.vector, o.desc, o.nullsFirst));
  const idx = shared.order(partCodes, orderCodes);
  // Where each partition and each peer group starts, in sorted positions: one pass per key
  // over its codes instead of comparing every key of two rows at each step.
  const partitionStarts = groupStarts(idx, partCodes, n, new Uint8Array(n));
  const peerStarts = groupStarts(idx, orderCodes, n, partitionStarts.slice());
  const hasOffset = (b: FrameBound) => b.kind === 'preceding' || b.kind === 'following';
  const rangeKey = c.frame.unit === 'range' && (hasOffset(c.frame.start) || hasOffset(c.frame.end)) ? orders[0].vector : null;
  const out = new ResultWriter(c.type, n);
  let s = 0;
  while (s < n) {
    let e = s + 1;
    while (e < n && partitionStarts[e] === 0) e++;
    // Peer group start and end (exclusive) for every position of the partition.
    const peerEnd = new Int32Array(e - s);
    const peerStart = new Int32Array(e - s);
    for (let k = s; k < e;) {
      let m = k + 1;
      while (m < e && peerStarts[m] === 0) m++;
      for (let j = k; j < m; j++) { peerStart[j - s] = k - s; peerEnd[j - s] = m - s; }
      k = m;
    }
    const keys = rangeKey ? rangeKeys(rangeKey, idx, s, e) : null;
    evaluatePartition(c, idx, s, e, peerStart, peerEnd, args, out, keys);
    s = e;
  }
  return out.finish();
}

/** Marks (1) in `starts` each sorted position whose row differs from the one before it on
 *  any of the keys; position 0 always starts a group. */
function groupStarts(idx: number[], keys: KeyCodes[], n: number, starts: Uint8Array): Uint8Array {
  if (n > 0) starts[0] = 1;
  for (const { codes } of keys) {
    let prev = n > 0 ? codes[idx[0]] : 0;
    for (let p = 1; p < n; p++) {
      const code = codes[idx[p]];
      if (code !== prev) starts[p] = 1;
      prev = code;
    }
  }
  return starts;
}

class ResultWriter {
  private values;
  private nulls: Uint8Array | null = null;
  constructor(private readonly type: DataType, n: number) { this.values = allocFor(type, n); }
  set(row: number, v: unknown): void {
    if (v === null || v === undefined) { (this.nulls ??= new Uint8Array(this.values.length))[row] = 1; return; }
    (this.values as unknown[])[row] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }
  get(row: number): unknown { return this.nulls !== null && this.nulls[row] === 1 ? null : (this.values as unknown[])[row]; }
  finish(): Vector { return { type: this.type, values: this.values, nulls: this.nulls }; }
}

const valueAt = (v: Vector, row: number): unknown => (v.nulls !== null && v.nulls[row] === 1 ? null : v.values[row]);

/** A partition's ORDER BY values in order, and the span [from, to) of the non-NULL ones. */
interface RangeKeys { values: (number | null)[]; from: number; to: number }

function rangeKeys(v: Vector, idx: number[], s: number, e: number): RangeKeys {
  const values = Array.from({ length: e - s }, (_, k) => valueAt(v, idx[s + k]) as number | null);
  let from = 0, to = values.length;
  while (from < to && values[from] === null) from++;
  while (to > from && values[to - 1] === null) to--;
  return { values, from, to };
}

/** Row k's frame [start, end) in partition positions. RANGE offsets compare the single
 *  ORDER BY key (keys, in partition order; NULL rows frame their NULL peers). */
function frameBounds(f: Frame, k: number, size: number, peerStart: Int32Array, peerEnd: Int32Array, keys: RangeKeys | null = null, desc = false): [number, number] {
  const bound = (b: FrameBound, isStart: boolean): number => {
    switch (b.kind) {
      case 'unbounded': return isStart ? 0 : size;
      case 'current': return f.unit === 'range' ? (isStart ? peerStart[k] : peerEnd[k]) : isStart ? k : k + 1;
      case 'preceding': case 'following': {
        if (f.unit === 'rows') return b.kind === 'preceding' ? (isStart ? k - b.n : k - b.n + 1) : isStart ? k + b.n : k + b.n + 1;
        const key = keys!.values[k];
        if (key === null) return isStart ? peerStart[k] : peerEnd[k];
        // The value the bound sits at, in the direction of the ordering; NULL keys (a block
        // at one end) are never within a value distance.
        const target = key + (b.kind === 'preceding' ? -1 : 1) * (desc ? -1 : 1) * b.n;
        let lo = keys!.from, hi = keys!.to;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          const v = keys!.values[mid]!;
          const before = desc ? (isStart ? v > target : v >= target) : (isStart ? v < target : v <= target);
          if (before) lo = mid + 1; else hi = mid;
        }
        return lo;
      }
    }
  };
  return [Math.max(0, bound(f.start, true)), Math.min(size, bound(f.end, false))];
}

function evaluatePartition(c: WindowCallSpec, idx: number[], s: number, e: number, peerStart: Int32Array, peerEnd: Int32Array, args: Vector[], out: ResultWriter, keys: RangeKeys | null): void {
  const size = e - s;
  const bounds = (k: number) => frameBounds(c.frame, k, size, peerStart, peerEnd, keys, c.orderBy[0]?.desc ?? false);
  const row = (k: number) => idx[s + k];
  switch (c.fn) {
    case 'row_number': for (let k = 0; k < size; k++) out.set(row(k), k + 1); return;
    case 'rank': for (let k = 0; k < size; k++) out.set(row(k), peerStart[k] + 1); return;
    case 'dense_rank': {
      let rank = 0;
      for (let k = 0; k < size; k++) { if (peerStart[k] === k) rank++; out.set(row(k), rank); }
      return;
    }
    case 'percent_rank': for (let k = 0; k < size; k++) out.set(row(k), size === 1 ? 0 : peerStart[k] / (size - 1)); return;
    case 'cume_dist': for (let k = 0; k < size; k++) out.set(row(k), peerEnd[k] / size); return;
    case 'ntile': {
      const buckets = Number(valueAt(args[0], row(0)));
      const base = Math.floor(size / buckets), extra = size % buckets;
      let k = 0;
      for (let bkt = 1; bkt <= buckets && k < size; bkt++) {
        const len = base + (bkt <= extra ? 1 : 0);
        for (let j = 0; j < len && k < size; j++, k++) out.set(row(k), bkt);
      }
      return;
    }
    case 'lag': case 'lead': {
      const off = args[1] ? Number(valueAt(args[1], row(0))) : 1;
      const dir = c.fn === 'lag' ? -off : off;
      for (let k = 0; k < size; k++) {
        const j = k + dir;
        out.set(row(k), j >= 0 && j < size ? valueAt(args[0], row(j)) : args[2] ? valueAt(args[2], row(k)) : null);
      }
      return;
    }
    case 'first_value': case 'last_value': {
      for (let k = 0; k < size; k++) {
        const [a, b] = bounds(k);
        out.set(row(k), a >= b ? null : valueAt(args[0], row(c.fn === 'first_value' ? a : b - 1)));
      }
      return;
    }
    default:
      if (c.createAccumulator) accumulateOverFrames(c, size, row, bounds, args, out);
      else aggregateOverFrames(c, size, row, bounds, args[0], out);
  }
}

/** Any other aggregate over each row's frame: folds the frame's rows into a fresh
 *  accumulator per row (O(rows × frame); these aggregates are rare in windows). */
function accumulateOverFrames(c: WindowCallSpec, size: number, row: (k: number) => number, bounds: (k: number) => [number, number], args: Vector[], out: ResultWriter): void {
  for (let k = 0; k < size; k++) {
    const [a, b] = bounds(k);
    const acc = c.createAccumulator!();
    const n = Math.max(0, b - a);
    const idx = new Int32Array(n);
    for (let j = 0; j < n; j++) idx[j] = row(a + j);
    acc.update(new Int32Array(n), n, args.map((v) => gather(v, idx)));
    out.set(row(k), valueAt(acc.result(1), 0));
  }
}

/**
 * min or max over each row's frame [a, b), in partition positions. Frames only move
 * forward as the row does (both bounds are non-decreasing in every ROWS and RANGE frame),
 * so a deque of the positions that can still be the extreme gives every row's answer in
 * O(size) overall instead of rescanning each frame: q51's running max over ROWS UNBOUNDED
 * PRECEDING was quadratic per partition. A frame that moves backwards is scanned.
 */
function frameExtremes(min: boolean, size: number, row: (k: number) => number, bounds: (k: number) => [number, number], arg: Vector, out: ResultWriter): void {
  const better = (v: unknown, than: unknown) => (min ? (v as number) < (than as number) : (v as number) > (than as number));
  const deque = new Int32Array(size); // positions whose values strictly improve front to back
  let head = 0, tail = 0, added = 0, lastStart = 0;
  for (let k = 0; k < size; k++) {
    const [a, b] = bounds(k);
    if (a < lastStart || b < added) {
      // Not monotone: fold this frame directly.
      let best: unknown = null;
      for (let j = a; j < b; j++) {
        const v = valueAt(arg, row(j));
        if (v !== null && (best === null || better(v, best))) best = v;
      }
      out.set(row(k), best);
      continue;
    }
    lastStart = a;
    for (; added < b; added++) {
      const v = valueAt(arg, row(added));
      if (v === null) continue;
      while (tail > head && !better(valueAt(arg, row(deque[tail - 1])), v)) tail--;
      deque[tail++] = added;
    }
    while (tail > head && deque[head] < a) head++;
    out.set(row(k), tail > head ? valueAt(arg, row(deque[head])) : null);
  }
}

/** Prefix sums and counts of one partition at a time, reused across partitions (a window
 *  over items has tens of thousands of small partitions; allocating two arrays for each
 *  was a tenth of q51's window time). */
let prefixSum = new Float64Array(1024), prefixCount = new Float64Array(1024);

/** count/sum/avg/min/max over each row's frame; prefix sums make sum/count/avg O(1) a row,
 *  frameExtremes min/max. */
function aggregateOverFrames(c: WindowCallSpec, size: number, row: (k: number) => number, bounds: (k: number) => [number, number], arg: Vector | undefined, out: ResultWriter): void {
  // A frame of the whole partition (no ORDER BY, or UNBOUNDED both ways) is one value.
  const whole = c.frame.start.kind === 'unbounded' && c.frame.end.kind === 'unbounded';
  if (c.fn === 'min' || c.fn === 'max') {
    frameExtremes(c.fn === 'min', size, row, whole ? () => [0, size] : bounds, arg!, out);
    return;
  }
  if (prefixSum.length < size + 1) { prefixSum = new Float64Array(2 * size + 2); prefixCount = new Float64Array(2 * size + 2); }
  if (arg === undefined) {
    for (let k = 0; k <= size; k++) { prefixSum[k] = k; prefixCount[k] = k; }
  } else {
    // The argument's arrays read here rather than through valueAt: one read site per
    // call keeps V8's element access specialised to this vector's array type.
    const vals = arg.values as ArrayLike<unknown>, nulls = arg.nulls;
    prefixSum[0] = 0; prefixCount[0] = 0;
    for (let k = 0; k < size; k++) {
      const r = row(k);
      const v = nulls !== null && nulls[r] === 1 ? null : vals[r];
      prefixSum[k + 1] = prefixSum[k] + (typeof v === 'number' ? v : 0);
      prefixCount[k + 1] = prefixCount[k] + (v === null ? 0 : 1);
    }
  }
  const argScale = c.argTypes[0]?.id === 'decimal' ? c.argTypes[0].scale : 0;
  for (let k = 0; k < size; k++) {
    if (whole && k > 0) { out.set(row(k), out.get(row(0))); continue; }
    const [a, b] = whole ? [0, size] : bounds(k);
    const count = a < b ? prefixCount[b] - prefixCount[a] : 0;
    const sum = a < b ? prefixSum[b] - prefixSum[a] : 0;
    switch (c.fn) {
      case 'count': out.set(row(k), count); break;
      case 'sum': out.set(row(k), count === 0 ? null : sum); break;
      case 'avg': {
        if (count === 0) { out.set(row(k), null); break; }
        if (c.type.id === 'decimal') {
          const x = (sum * POW10[c.type.scale - argScale]) / count;
          out.set(row(k), x < 0 ? -Math.round(-x) : Math.round(x));
        } else out.set(row(k), (argScale ? sum / POW10[argScale] : sum) / count);
        break;
      }
      default: throw new Error(`internal: window function ${c.fn}`);
    }
  }
}
