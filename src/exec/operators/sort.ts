// Sort: buffers its input within its memory grant. What fits is ordered in memory; past
// the grant, each full buffer is sorted into a run written to a spill file, and the runs
// are merged (k-way, a heap of run cursors) while reading them back a batch at a time.
// With a limit (ORDER BY … LIMIT n) the buffer is cut to the first n rows whenever it
// outgrows the grant, so a top-n never spills. A small top-n also cuts its buffer every
// few batches and then drops, as they arrive, rows whose keys sort after the n-th
// row kept (q47, q59: ORDER BY … LIMIT 100 over ~200,000 rows sorted them all).
import { DataType } from '../../types/dataType.js';
import { BATCH_SIZE, Batch, Vector, allocFor, concatBatches, gatherBatch } from '../vector.js';
import { Operator } from './operator.js';
import { sortedIndexes } from '../rowComparator.js';
import { MemoryGrant } from '../spill/spillManager.js';
import { batchBytes } from '../batchBytes.js';
import { BatchSource } from './fileSource.js';

export interface SortKey { column: number; desc: boolean; nullsFirst: boolean }

/** A limit up to this size is kept as a running top-n (see the file comment). */
const RUNNING_TOP_N_MAX = 10_000;

export class Sort implements Operator {
  private output: BatchSource | null = null;

  /** limit: keep only the first `limit` rows (ORDER BY … LIMIT). */
  constructor(private readonly input: Operator, private readonly keys: SortKey[], private readonly limit = Infinity,
    private readonly memory: MemoryGrant | null = null) {}

  get types(): DataType[] { return this.input.types; }

  private sortBatch(all: Batch, keep = all.length): Batch {
    const idx = sortedIndexes(all.length, this.keys.map((k) => ({ vector: all.columns[k.column], desc: k.desc, nullsFirst: k.nullsFirst })));
    return gatherBatch(all, Int32Array.from(idx.slice(0, Math.min(keep, all.length))));
  }

  private run(): BatchSource {
    const budget = this.memory?.bytes ?? Infinity;
    const runs: BatchSource[] = [];
    let buffer: Batch[] = [];
    let bytes = 0;
    let rows = 0;
    const cutAt = this.limit <= RUNNING_TOP_N_MAX ? Math.max(4 * this.limit, 4 * BATCH_SIZE) : Infinity;
    let cutoff = null as ((b: Batch) => Batch) | null; // set by cutToTop
    /** Keeps only the buffer's first `limit` rows; once there are that many, later rows
     *  after the last of them are dropped on arrival. */
    const cutToTop = () => {
      const top = this.sortBatch(concatBatches(this.types, buffer), this.limit);
      buffer = [top]; bytes = batchBytes(top); rows = top.length;
      if (top.length === this.limit) cutoff = notAfter(top, top.length - 1, this.keys);
    };
    const spillRun = () => {
      const sorted = this.sortBatch(concatBatches(this.types, buffer));
      const file = this.memory!.spill.create(this.types, 'sort-run');
      for (let s = 0; s < sorted.length; s += BATCH_SIZE) file.writer.write(slice(sorted, s, Math.min(sorted.length, s + BATCH_SIZE)));
      runs.push(lazy(() => file.open()));
      buffer = []; bytes = 0; rows = 0;
    };
    for (let b = this.input.next(); b; b = this.input.next()) {
      if (cutoff !== null) b = cutoff(b);
      if (b.length === 0) continue;
      buffer.push(b);
      bytes += batchBytes(b);
      rows += b.length;
      if (rows >= cutAt || (bytes > budget && this.limit !== Infinity)) cutToTop();
      if (bytes > budget) spillRun();
    }
    this.input.close();
    const last = this.sortBatch(concatBatches(this.types, buffer), this.limit);
    if (runs.length === 0) return chunks(last);
    runs.push(chunks(last));
    return new MergeRuns(this.types, runs, this.keys, this.limit);
  }

  next(): Batch | null {
    this.output ??= this.run();
    return this.output.next();
  }

  close(): void { this.input.close(); this.output?.close(); }
}

/** A filter keeping the rows whose sort keys come no later than row `at` of `sorted`:
 *  the others cannot be among the first rows once `at` is. Rows equal to it on every key
 *  are kept. Keys after the first composite value (an array, a map) are not compared. */
function notAfter(sorted: Batch, at: number, keys: SortKey[]): ((b: Batch) => Batch) | null {
  const bounds: { key: SortKey; isNull: boolean; value: unknown }[] = [];
  for (const key of keys) {
    const col = sorted.columns[key.column];
    const isNull = col.nulls !== null && col.nulls[at] === 1;
    const value = (col.values as ArrayLike<unknown>)[at];
    if (!isNull && typeof value === 'object') break;
    bounds.push({ key, isNull, value });
  }
  if (bounds.length === 0) return null;
  /** Row i of the key's vector against the bound: < 0 before it, 0 equal, > 0 after. */
  const order = (v: Vector, i: number, { key, isNull: boundNull, value }: typeof bounds[number]): number => {
    const isNull = v.nulls !== null && v.nulls[i] === 1;
    if (isNull || boundNull) return isNull && boundNull ? 0 : isNull === key.nullsFirst ? -1 : 1;
    const x = (v.values as ArrayLike<unknown>)[i] as number, y = value as number;
    const c = x < y ? -1 : x > y ? 1 : 0;
    return key.desc ? -c : c;
  };
  return (b) => {
    const vectors = bounds.map((x) => b.columns[x.key.column]);
    const keep = new Int32Array(b.length);
    let n = 0;
    for (let i = 0; i < b.length; i++) {
      let c = 0;
      for (let k = 0; k < bounds.length && c === 0; k++) c = order(vectors[k], i, bounds[k]);
      if (c <= 0) keep[n++] = i;
    }
    return n === b.length ? b : gatherBatch(b, keep.subarray(0, n));
  };
}

function slice(b: Batch, start: number, end: number): Batch {
  const idx = new Int32Array(end - start);
  for (let i = 0; i < idx.length; i++) idx[i] = start + i;
  return gatherBatch(b, idx);
}

function chunks(b: Batch): BatchSource {
  let pos = 0;
  return {
    next: () => {
      if (pos >= b.length) return null;
      const end = Math.min(b.length, pos + BATCH_SIZE * 4);
      const out = slice(b, pos, end);
      pos = end;
      return out;
    },
    close: () => { pos = b.length; },
  };
}

function lazy(open: () => BatchSource): BatchSource {
  let s: BatchSource | null = null;
  return { next: () => (s ??= open()).next(), close: () => s?.close() };
}

/** k-way merge of sorted runs. Output rows are collected as (batch, row) pairs and
 *  gathered a column at a time, so no row objects are built. */
class MergeRuns implements BatchSource {
  private readonly current: (Batch | null)[];
  private readonly pos: Int32Array;
  private heap: number[] = [];
  private emitted = 0;
  private started = false;

  constructor(private readonly types: DataType[], private readonly runs: BatchSource[], private readonly keys: SortKey[], private readonly limit: number) {
    this.current = runs.map(() => null);
    this.pos = new Int32Array(runs.length);
  }

  private load(r: number): boolean {
    for (;;) {
      const b = this.runs[r].next();
      if (!b) { this.current[r] = null; this.runs[r].close(); return false; }
      if (b.length > 0) { this.current[r] = b; this.pos[r] = 0; return true; }
    }
  }

  private less(a: number, b: number): boolean {
    const ba = this.current[a]!, bb = this.current[b]!, ia = this.pos[a], ib = this.pos[b];
    for (const k of this.keys) {
      const va = ba.columns[k.column], vb = bb.columns[k.column];
      const na = va.nulls !== null && va.nulls[ia] === 1, nb = vb.nulls !== null && vb.nulls[ib] === 1;
      let c = 0;
      if (na || nb) c = na && nb ? 0 : na ? (k.nullsFirst ? -1 : 1) : (k.nullsFirst ? 1 : -1);
      else {
        const x = va.values[ia] as number | string, y = vb.values[ib] as number | string;
        c = x < y ? -1 : x > y ? 1 : 0;
        if (k.desc) c = -c;
      }
      if (c !== 0) return c < 0;
    }
    return a < b; // earlier runs first: keeps the sort stable
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }

  next(): Batch | null {
    if (!this.started) {
      this.started = true;
      for (let r = 0; r < this.runs.length; r++) if (this.load(r)) this.heap.push(r);
      for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
    }
    if (this.heap.length === 0 || this.emitted >= this.limit) return null;
    const want = Math.min(BATCH_SIZE, this.limit - this.emitted);
    const sources: Batch[] = [];
    const srcOf = new Map<Batch, number>();
    const src = new Int32Array(want), row = new Int32Array(want);
    let n = 0;
    while (n < want && this.heap.length > 0) {
      const r = this.heap[0];
      const b = this.current[r]!;
      let s = srcOf.get(b);
      if (s === undefined) { s = sources.length; sources.push(b); srcOf.set(b, s); }
      src[n] = s; row[n] = this.pos[r]; n++;
      if (++this.pos[r] >= b.length && !this.load(r)) {
        const lastRun = this.heap.pop()!;
        if (this.heap.length > 0) this.heap[0] = lastRun;
        else break;
      }
      this.siftDown(0);
    }
    this.emitted += n;
    return { columns: this.types.map((t, c) => gatherFrom(t, sources.map((b) => b.columns[c]), src, row, n)), length: n };
  }

  close(): void { for (const r of this.runs) r.close(); this.heap = []; }
}

/** Rows (vs[src[i]], row[i]) of several vectors of one type. */
function gatherFrom(t: DataType, vs: Vector[], src: Int32Array, row: Int32Array, n: number): Vector {
  const values = allocFor(t, n) as unknown[];
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = vs[src[i]];
    const j = row[i];
    if (v.nulls !== null && v.nulls[j] === 1) { (nulls ??= new Uint8Array(n))[i] = 1; continue; }
    values[i] = v.values[j];
  }
  return { type: t, values: values as Vector['values'], nulls };
}
