import { DataType } from '../../types/dataType.js';
import { Batch } from '../vector.js';
import { Operator } from './operator.js';

/** Concatenates inputs one after another; their column types already agree. */
export class UnionAll implements Operator {
  private idx = 0;
  constructor(private readonly inputs: Operator[], readonly types: DataType[]) {}
  next(): Batch | null {
    while (this.idx < this.inputs.length) {
      const b = this.inputs[this.idx].next();
      if (b) return { columns: b.columns.map((c, i) => ({ ...c, type: this.types[i] })), length: b.length };
      this.inputs[this.idx++].close();
    }
    return null;
  }
  close(): void { for (const i of this.inputs) i.close(); }
}
