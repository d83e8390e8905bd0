// The partial (local) aggregate of a ROLLUP, without expanding its input rows once per
// grouping set: the finest set is aggregated from the input, and each coarser set from the
// groups of the set just finer than it (a set nested in the next one merges that one's
// partial results). q67's ROLLUP of 8 keys made 4.9M expanded rows for 0.56M input rows;
// here the coarser sets read the finer sets' groups instead.
//
// The output has the layout of a partial aggregate over Expand: every key column (NULL
// where the set leaves the key out), the set's grouping id, the partial results. Like any
// partial aggregate it may emit a group more than once; the final aggregate merges them.
import { DataType, T } from '../../types/dataType.js';
import { Batch, Vector, constantVector } from '../vector.js';
import { Accumulator } from '../accumulators.js';
import { MemoryGrant } from '../spill/spillManager.js';
import { Operator } from './operator.js';
import { AggregateInput, HashAggregate } from './hashAggregate.js';

/** One grouping set: the key columns it groups by (indexes into all keys) and its id. */
export interface RollupSet { keys: number[]; gid: number }

export class RollupAggregate implements Operator {
  readonly types: DataType[];
  private readonly out: Batch[] = [];
  /** The coarsest set's aggregate; pulling it drives every finer one below it. */
  private readonly top: Operator;
  private done = false;

  /**
   * @param input key columns 0 .. keyTypes.length - 1, then the partial calls' arguments
   * @param sets finest first, each one's keys a strict subset of the one before
   * @param merge per partial call, the accumulator that merges its results (sum for count)
   */
  constructor(input: Operator, private readonly keyTypes: DataType[], sets: RollupSet[], partials: AggregateInput[],
    merge: (() => Accumulator)[], memory: MemoryGrant | null) {
    this.types = [...keyTypes, T.int, ...partials.map((a) => a.resultType)];
    // The sets share the aggregate's grant: each flushes its groups at its part of it.
    const grant = memory && { ...memory, bytes: Math.floor(memory.bytes / sets.length) };
    let below = new Tee(input);
    let belowKeys = keyTypes.map((_, i) => i);
    sets.forEach((set, s) => {
      const specs = s === 0 ? partials
        : partials.map((a, j): AggregateInput => ({ args: [belowKeys.length + j], resultType: a.resultType, create: merge[j] }));
      const agg = new HashAggregate(below, set.keys.map((k) => belowKeys.indexOf(k)), specs, grant, 0, null, true);
      // An aggregate without keys makes its one row even from no rows; the () set has a
      // row only when rows reached it.
      const under = below;
      below = new Tee(agg, (b) => { if (b.length > 0 && (set.keys.length > 0 || under.rows > 0)) this.out.push(this.widen(b, set)); });
      belowKeys = set.keys;
    });
    this.top = below;
  }

  next(): Batch | null {
    for (;;) {
      const b = this.out.shift();
      if (b) return b;
      if (this.done) return null;
      if (this.top.next() === null) this.done = true;
    }
  }

  /** A set's groups in the output layout: all keys, the grouping id, the partial results. */
  private widen(b: Batch, set: RollupSet): Batch {
    const n = b.length;
    const keys: Vector[] = this.keyTypes.map((t, i) => {
      const j = set.keys.indexOf(i);
      return j >= 0 ? b.columns[j] : constantVector(t, null, n);
    });
    return { columns: [...keys, constantVector(T.int, set.gid, n), ...b.columns.slice(set.keys.length)], length: n };
  }

  close(): void { this.top.close(); this.out.length = 0; }
}

/** Passes batches through, counting rows and showing each to `seen`. */
class Tee implements Operator {
  rows = 0;
  get types(): DataType[] { return this.input.types; }
  constructor(private readonly input: Operator, private readonly seen?: (b: Batch) => void) {}
  next(): Batch | null {
    const b = this.input.next();
    if (b) { this.rows += b.length; this.seen?.(b); }
    return b;
  }
  close(): void { this.input.close(); }
}
