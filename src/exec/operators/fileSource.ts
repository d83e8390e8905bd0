// An operator over spill or shuffle files read one after another.
import { DataType } from '../../types/dataType.js';
import { Batch } from '../vector.js';
import { Operator } from './operator.js';

export interface BatchSource { next(): Batch | null; close(): void }

export class SourcesOperator implements Operator {
  private i = 0;
  private current: BatchSource | null = null;
  constructor(readonly types: DataType[], private readonly open: (() => BatchSource)[]) {}
  next(): Batch | null {
    for (;;) {
      if (!this.current) {
        if (this.i >= this.open.length) return null;
        this.current = this.open[this.i++]();
      }
      const b = this.current.next();
      if (b) return b;
      this.current.close();
      this.current = null;
    }
  }
  close(): void {
    this.current?.close();
    this.current = null;
    this.i = this.open.length;
  }
}
