import { DataType } from '../../types/dataType.js';
import { Batch } from '../vector.js';
import { CompiledExpr } from '../exprCompiler.js';
import { Operator } from './operator.js';

export class Project implements Operator {
  constructor(private readonly input: Operator, private readonly exprs: CompiledExpr[], readonly types: DataType[]) {}
  next(): Batch | null {
    const b = this.input.next();
    if (!b) return null;
    return { columns: this.exprs.map((e) => e(b)), length: b.length };
  }
  close(): void { this.input.close(); }
}
