import { Batch, sliceBatch } from '../vector.js';
import { Operator } from './operator.js';

export class Limit implements Operator {
  private seen = 0;
  constructor(private readonly input: Operator, private readonly limit: number) {}
  get types() { return this.input.types; }
  next(): Batch | null {
    if (this.seen >= this.limit) { this.input.close(); return null; }
    const b = this.input.next();
    if (!b) return null;
    const keep = Math.min(b.length, this.limit - this.seen);
    this.seen += keep;
    return keep === b.length ? b : sliceBatch(b, 0, keep);
  }
  close(): void { this.input.close(); }
}
