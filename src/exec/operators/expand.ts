// GROUPING SETS: every input batch once per grouping set, followed by the grouping keys
// (a constant NULL vector where the set leaves the key out) and a 0/1 flag per key.
import { DataType, T } from '../../types/dataType.js';
import { Batch, Vector, constantVector } from '../vector.js';
import { CompiledExpr } from '../exprCompiler.js';
import { Operator } from './operator.js';

export class Expand implements Operator {
  readonly types: DataType[];
  private pending: Batch[] = [];

  constructor(private readonly input: Operator, private readonly keys: CompiledExpr[], private readonly keyTypes: DataType[], private readonly sets: number[][]) {
    this.types = [...input.types, ...keyTypes, ...keyTypes.map(() => T.int)];
  }

  next(): Batch | null {
    while (this.pending.length === 0) {
      const b = this.input.next();
      if (!b) return null;
      if (b.length === 0) continue;
      const keyVecs = this.keys.map((k) => k(b));
      for (const set of this.sets) {
        const keyCols: Vector[] = keyVecs.map((v, i) => (set.includes(i) ? v : constantVector(this.keyTypes[i], null, b.length)));
        const flags = this.keyTypes.map((_, i) => constantVector(T.int, set.includes(i) ? 0 : 1, b.length));
        this.pending.push({ columns: [...b.columns, ...keyCols, ...flags], length: b.length });
      }
    }
    return this.pending.shift()!;
  }

  close(): void { this.input.close(); this.pending = []; }
}
