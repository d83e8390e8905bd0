// Hash aggregation: group ids are assigned per row from the key columns, then every
// accumulator folds its whole argument vector by group id.
import { DataType } from '../../types/dataType.js';
import { Batch, VectorBuilder, getValue } from '../vector.js';
import { Operator } from './operator.js';
import { Accumulator } from '../accumulators.js';
import { Key, rowKeys } from '../rowKeys.js';

/** One aggregate call: its argument columns in the input and a factory for its state. */
export interface AggregateInput { args: number[]; resultType: DataType; create(): Accumulator }

export class HashAggregate implements Operator {
  readonly types: DataType[];
  private done = false;

  constructor(private readonly input: Operator, private readonly keys: number[], private readonly aggs: AggregateInput[]) {
    this.types = [...keys.map((k) => input.types[k]), ...aggs.map((a) => a.resultType)];
  }

  next(): Batch | null {
    if (this.done) return null;
    this.done = true;
    const groups = new Map<Key, number>();
    let nullGroup = -1; // group of the all-NULL key when one numeric key column
    let count = 0;
    const keyBuilders = this.keys.map((k) => new VectorBuilder(this.input.types[k]));
    const accs = this.aggs.map((a) => a.create());
    const singleKey = this.keys.length === 1;
    for (let b = this.input.next(); b; b = this.input.next()) {
      const n = b.length;
      if (n === 0) continue;
      const gids = new Int32Array(n);
      if (this.keys.length > 0) {
        const keyCols = this.keys.map((k) => b.columns[k]);
        const { keys, nulls } = rowKeys(keyCols, n);
        for (let i = 0; i < n; i++) {
          let g: number | undefined;
          if (singleKey && nulls !== null && nulls[i] === 1) {
            if (nullGroup < 0) { nullGroup = count++; keyBuilders[0].append(null); }
            g = nullGroup;
          } else {
            const k = keys[i];
            g = groups.get(k);
            if (g === undefined) {
              g = count++;
              groups.set(k, g);
              for (let c = 0; c < keyCols.length; c++) keyBuilders[c].append(getValue(keyCols[c], i));
            }
          }
          gids[i] = g;
        }
      } else count = 1;
      for (let a = 0; a < accs.length; a++) {
        accs[a].update(gids, n, this.aggs[a].args.map((c) => b.columns[c]));
      }
    }
    this.input.close();
    // A global aggregate over no rows still returns one row (count 0, sum NULL).
    if (this.keys.length === 0) count = 1;
    return { columns: [...keyBuilders.map((kb) => kb.finish()), ...accs.map((a) => a.result(count))], length: count };
  }

  close(): void { this.input.close(); }
}
