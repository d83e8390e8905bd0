// Sort: reads its whole input, orders row indexes with a comparator over the key
// columns, and emits the rows in that order. (The runtime issue makes this an external
// sort within managed memory.)
import { DataType } from '../../types/dataType.js';
import { BATCH_SIZE, Batch, concatBatches, gatherBatch } from '../vector.js';
import { Operator, drain } from './operator.js';
import { sortedIndexes } from '../rowComparator.js';

export interface SortKey { column: number; desc: boolean; nullsFirst: boolean }

export class Sort implements Operator {
  private sorted: Batch | null = null;
  private pos = 0;

  /** limit: keep only the first `limit` rows (ORDER BY … LIMIT). */
  constructor(private readonly input: Operator, private readonly keys: SortKey[], private readonly limit = Infinity) {}

  get types(): DataType[] { return this.input.types; }

  private sortAll(): Batch {
    const all = concatBatches(this.input.types, drain(this.input));
    const n = all.length;
    const idx = sortedIndexes(n, this.keys.map((k) => ({ vector: all.columns[k.column], desc: k.desc, nullsFirst: k.nullsFirst })));
    const keep = Math.min(n, this.limit);
    return gatherBatch(all, Int32Array.from(idx.slice(0, keep)));
  }

  next(): Batch | null {
    this.sorted ??= this.sortAll();
    if (this.pos >= this.sorted.length) return null;
    const end = Math.min(this.sorted.length, this.pos + BATCH_SIZE * 4);
    const idx = new Int32Array(end - this.pos);
    for (let i = 0; i < idx.length; i++) idx[i] = this.pos + i;
    this.pos = end;
    return gatherBatch(this.sorted, idx);
  }

  close(): void { this.input.close(); this.sorted = null; }
}
