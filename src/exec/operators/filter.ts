import { Batch, gatherBatch } from '../vector.js';
import { CompiledFilter } from '../exprCompiler.js';
import { Operator } from './operator.js';

export class Filter implements Operator {
  constructor(private readonly input: Operator, private readonly predicate: CompiledFilter) {}
  get types() { return this.input.types; }
  next(): Batch | null {
    for (let b = this.input.next(); b; b = this.input.next()) {
      if (b.length === 0) continue;
      const { sel, count } = this.predicate(b);
      if (count === b.length) return b;
      if (count > 0) return gatherBatch(b, sel, count);
    }
    return null;
  }
  close(): void { this.input.close(); }
}
