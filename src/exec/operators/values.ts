import { DataType } from '../../types/dataType.js';
import { Batch } from '../vector.js';
import { Operator } from './operator.js';

/** Emits batches prepared up front (VALUES rows, constant relations). */
export class BatchesSource implements Operator {
  private idx = 0;
  constructor(private readonly batches: Batch[], readonly types: DataType[]) {}
  next(): Batch | null { return this.idx < this.batches.length ? this.batches[this.idx++] : null; }
  close(): void { this.idx = this.batches.length; }
}
