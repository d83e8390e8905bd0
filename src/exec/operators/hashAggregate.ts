// Hash aggregation: group ids are assigned per row from the key columns, then every
// accumulator folds its whole argument vector by group id.
//
// Within a memory grant: once the groups held would outgrow it, no new group is made in
// memory. Rows of groups already held keep folding into them; rows of other groups go to
// spill files, hash-partitioned by key. The held groups are then complete and emitted, and
// each partition is aggregated the same way (recursively, with a different hash), so any
// aggregate works without merging partial states and every group is finished exactly once.
import { DataType } from '../../types/dataType.js';
import { Batch, VectorBuilder, gatherBatch } from '../vector.js';
import { Operator } from './operator.js';
import { Accumulator } from '../accumulators.js';
import { IntHashMap } from '../intHashMap.js';
import { Key, KeyEncoder } from '../rowKeys.js';
import { MemoryGrant, SpillFile } from '../spill/spillManager.js';
import { vectorBytes } from '../batchBytes.js';
import { partitionRows, splitByPartition } from '../../shuffle/keyHash.js';
import { SourcesOperator } from './fileSource.js';

/** One aggregate call: its argument columns in the input and a factory for its state. */
export interface AggregateInput { args: number[]; resultType: DataType; create(): Accumulator }

const SPILL_FANOUT = 16;
/** A local (partial) aggregate that has seen this many rows and kept more than
 *  BYPASS_RATIO of them as groups stops grouping: the shuffle then moves about as many
 *  rows either way, and grouping only costs (Spark's adaptive partial aggregation; 0.8 is
 *  Trino's unique-rows ratio for the same decision). TPC-DS q23's local phase over
 *  (item, date) keeps 88% of 1.68M rows: grouping them took 1.5 s of task time to shrink
 *  the shuffle by 12%; passed through, its phases took about half as long. */
const BYPASS_AFTER_ROWS = 100_000;
const BYPASS_RATIO = 0.8;
const MAX_LEVEL = 6;
/** Assumed cost of one group beyond its key: map entry and accumulator slots. */
const GROUP_OVERHEAD = 48;
const ACC_SLOT = 24;

export class HashAggregate implements Operator {
  readonly types: DataType[];
  private started = false;
  private pending: Batch[] = [];
  private partitions: SpillFile[] = [];
  private child: Operator | null = null;
  /** Grouping given up (a local aggregate that does not reduce): each row is its group. */
  private bypass = false;

  constructor(private readonly input: Operator, private readonly keys: number[], private readonly aggs: AggregateInput[],
    private readonly memory: MemoryGrant | null = null, private readonly level = 0,
    /** Keys of a group to emit when no row arrives at all (the () grouping set). */
    private readonly emptyInput: unknown[] | null = null,
    /** A partial aggregate before a shuffle, whose groups the final aggregate merges: it
     *  may emit a group more than once, so it may stop grouping when that does not pay. */
    private readonly partial = false) {
    this.types = [...keys.map((k) => input.types[k]), ...aggs.map((a) => a.resultType)];
  }

  next(): Batch | null {
    if (!this.started) { this.started = true; this.pending.push(this.aggregate()); }
    for (;;) {
      const b = this.pending.shift();
      if (b) return b;
      if (this.bypass) return this.passThrough();
      if (this.child) {
        const c = this.child.next();
        if (c) return c;
        this.child.close();
        this.child = null;
      }
      const part = this.partitions.shift();
      if (!part) return null;
      if (part.rows === 0) { part.discard(); continue; }
      const source = new SourcesOperator(this.input.types, [() => part.open()]);
      this.child = new HashAggregate(source, this.keys, this.aggs, this.memory, this.level + 1);
    }
  }

  private aggregate(): Batch {
    let groups = new Map<Key, number>();
    /** One integer key column: its groups in a typed-array table instead of the Map. */
    let intGroups = new IntHashMap();
    let encoder = new KeyEncoder();
    let tupleGroups = new Int32Array(1024).fill(-1);
    let nullGroup = -1; // group of the all-NULL key when one key column
    let count = 0;
    /** Groups a partial aggregate has emitted already (flush): they count as kept when
     *  judging whether grouping reduces the input (a small grant flushes long before
     *  BYPASS_AFTER_ROWS rows, so its groups since the last flush never would). */
    let flushedGroups = 0;
    let keyBuilders = this.keys.map((k) => new VectorBuilder(this.input.types[k]));
    let accs = this.aggs.map((a) => a.create());
    const singleKey = this.keys.length === 1;
    // A partial aggregate never spills: when its groups fill the grant it emits them and
    // starts afresh (the final phase merges repeats), as Flink's local aggregate does.
    const canSpill = this.memory !== null && this.keys.length > 0 && this.level < MAX_LEVEL && !this.partial;
    const groupsBatch = (): Batch => ({ columns: [...keyBuilders.map((kb) => kb.finish()), ...accs.map((a) => a.result(count))], length: count });
    const flush = () => {
      this.pending.push(groupsBatch());
      flushedGroups += count;
      groups = new Map(); intGroups = new IntHashMap(); encoder = new KeyEncoder(); tupleGroups = new Int32Array(1024).fill(-1); nullGroup = -1; count = 0; groupBytes = 0;
      keyBuilders = this.keys.map((k) => new VectorBuilder(this.input.types[k]));
      accs = this.aggs.map((a) => a.create());
    };
    const budget = this.memory?.bytes ?? Infinity;
    let groupBytes = 0;
    let full = false;
    let rowsIn = 0;
    for (let b = this.input.next(); b; b = this.input.next()) {
      const n = b.length;
      rowsIn += n;
      if (n === 0) continue;
      let gids = new Int32Array(n);
      let rows = b;
      if (this.keys.length > 0) {
        const keyCols = this.keys.map((k) => b.columns[k]);
        const { keys, nulls } = encoder.encode(keyCols, n);
        const perKey = GROUP_OVERHEAD + ACC_SLOT * accs.length + keyCols.reduce((s, c) => s + vectorBytes(c, n), 0) / n;
        let spill: Int32Array | null = null;
        let spilled = 0;
        // Rows that made a new group, in group order: their keys are copied per column
        // after the batch, not value by value as each group is made.
        const made = new Int32Array(n);
        let madeCount = 0;
        const intKeys = keys instanceof Int32Array, doubleKeys = keys instanceof Float64Array;
        for (let i = 0; i < n; i++) {
          let g: number | undefined;
          if (singleKey && nulls !== null && nulls[i] === 1) {
            if (nullGroup < 0 && !full) { nullGroup = count++; made[madeCount++] = i; groupBytes += perKey; }
            g = nullGroup < 0 ? undefined : nullGroup;
          } else if (!singleKey) {
            // Several key columns: the encoder's tuple numbers are dense, so an array maps
            // them to groups.
            const t = keys[i] as number;
            if (t >= tupleGroups.length) { const grown = new Int32Array(Math.max(t + 1, tupleGroups.length * 2)).fill(-1); grown.set(tupleGroups); tupleGroups = grown; }
            g = tupleGroups[t] < 0 ? undefined : tupleGroups[t];
            if (g === undefined && !full) {
              g = count++;
              tupleGroups[t] = g;
              made[madeCount++] = i;
              groupBytes += perKey;
            }
          } else if (intKeys || (doubleKeys && ((keys[i] as number) | 0) === keys[i])) {
            // An int key, or a bigint one (a double here) that fits 32 bits: the typed-array
            // table is several times faster than the Map.
            const k = keys[i] as number;
            const found = intGroups.get(k);
            g = found < 0 ? undefined : found;
            if (g === undefined && !full) {
              g = count++;
              intGroups.set(k, g);
              made[madeCount++] = i;
              groupBytes += perKey;
            }
          } else {
            const k = keys[i];
            g = groups.get(k);
            if (g === undefined && !full) {
              g = count++;
              groups.set(k, g);
              made[madeCount++] = i;
              groupBytes += perKey;
            }
          }
          if (g === undefined) { (spill ??= new Int32Array(n))[spilled++] = i; gids[i] = -1; } else gids[i] = g;
          if (canSpill && !full && groupBytes > budget) full = true;
        }
        for (let c = 0; c < keyCols.length; c++) keyBuilders[c].appendRows(keyCols[c], made, madeCount);
        if (spill !== null) {
          this.spillRows(gatherBatch(b, spill, spilled));
          const keep = new Int32Array(n - spilled);
          let k = 0;
          for (let i = 0; i < n; i++) if (gids[i] >= 0) keep[k++] = i;
          rows = gatherBatch(b, keep);
          gids = gids.filter((g) => g >= 0);
        }
      } else count = 1;
      if (rows.length === 0) continue;
      for (let a = 0; a < accs.length; a++) {
        accs[a].update(gids, rows.length, this.aggs[a].args.map((c) => rows.columns[c]));
      }
      if (this.partial && rowsIn >= BYPASS_AFTER_ROWS && flushedGroups + count > BYPASS_RATIO * rowsIn && this.partitions.length === 0) {
        this.bypass = true;
        break;
      }
      if (this.partial && this.memory !== null && groupBytes > budget) flush();
    }
    if (this.bypass) return groupsBatch();
    this.input.close();
    for (const p of this.partitions) p.finish();
    // A global aggregate over no rows still returns one row (count 0, sum NULL).
    if (this.keys.length === 0) count = 1;
    else if (count === 0 && this.emptyInput) {
      this.emptyInput.forEach((v, c) => keyBuilders[c].append(v));
      count = 1;
    }
    return groupsBatch();
  }

  /** The next input batch with each row as its own group. */
  private passThrough(): Batch | null {
    for (let b = this.input.next(); b; b = this.input.next()) {
      const n = b.length;
      if (n === 0) continue;
      const gids = new Int32Array(n);
      for (let i = 0; i < n; i++) gids[i] = i;
      const results = this.aggs.map((a) => {
        const acc = a.create();
        acc.update(gids, n, a.args.map((c) => b.columns[c]));
        return acc.result(n);
      });
      return { columns: [...this.keys.map((k) => b.columns[k]), ...results], length: n };
    }
    return null;
  }

  private spillRows(b: Batch): void {
    if (this.partitions.length === 0) {
      for (let p = 0; p < SPILL_FANOUT; p++) this.partitions.push(this.memory!.spill.create(this.input.types, `agg-l${this.level}-p${p}`));
    }
    const pids = partitionRows(this.keys.map((k) => b.columns[k]), b.length, SPILL_FANOUT, this.level + 1);
    splitByPartition(pids, b.length, SPILL_FANOUT).forEach((idx, p) => {
      if (idx.length > 0) this.partitions[p].writer.write(gatherBatch(b, idx));
    });
  }

  close(): void {
    this.input.close();
    this.child?.close();
    for (const p of this.partitions) p.discard();
    this.partitions = [];
  }
}
