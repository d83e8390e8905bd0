// GROUPING SETS: every input batch once per grouping set, followed by the grouping keys
// (a constant NULL vector where the set leaves the key out) and the set's grouping id
// (bit i set where key i is left out).
import { DataType, T } from '../../types/dataType.js';
import { Batch, Vector, constantVector } from '../vector.js';
import { CompiledExpr } from '../exprCompiler.js';
import { Operator } from './operator.js';

/** A grouping set's id among `keyCount` keys: bit i set where the set leaves key i out. */
export function groupingId(set: number[], keyCount: number): number {
  let g = 0;
  for (let i = 0; i < keyCount; i++) if (!set.includes(i)) g |= 1 << i;
  return g;
}

export class Expand implements Operator {
  readonly types: DataType[];
  private pending: Batch[] = [];
  /** Per set, its grouping id. */
  private readonly gids: number[];

  constructor(private readonly input: Operator, private readonly keys: CompiledExpr[], private readonly keyTypes: DataType[], private readonly sets: number[][]) {
    this.types = [...input.types, ...keyTypes, T.int];
    this.gids = sets.map((set) => groupingId(set, keyTypes.length));
  }

  next(): Batch | null {
    while (this.pending.length === 0) {
      const b = this.input.next();
      if (!b) return null;
      if (b.length === 0) continue;
      const keyVecs = this.keys.map((k) => k(b));
      this.sets.forEach((set, s) => {
        const keyCols: Vector[] = keyVecs.map((v, i) => (set.includes(i) ? v : constantVector(this.keyTypes[i], null, b.length)));
        this.pending.push({ columns: [...b.columns, ...keyCols, constantVector(T.int, this.gids[s], b.length)], length: b.length });
      });
    }
    return this.pending.shift()!;
  }

  close(): void { this.input.close(); this.pending = []; }
}
