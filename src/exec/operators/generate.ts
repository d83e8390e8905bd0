// LATERAL VIEW: calls a table function on each input row's argument values and joins the
// rows it produces to that input row (OUTER keeps a row with NULLs when it produces none).
// Input columns are gathered by row index, so only the generated columns are built here.
import { DataType } from '../../types/dataType.js';
import { Batch, VectorBuilder, gather, getValue } from '../vector.js';
import { CompiledExpr } from '../exprCompiler.js';
import { Operator } from './operator.js';

export class Generate implements Operator {
  readonly types: DataType[];
  constructor(
    private readonly input: Operator,
    private readonly args: CompiledExpr[],
    private readonly fn: (args: unknown[]) => unknown[][],
    private readonly outTypes: DataType[],
    private readonly outer: boolean,
  ) {
    this.types = [...input.types, ...outTypes];
  }

  next(): Batch | null {
    const b = this.input.next();
    if (!b) return null;
    const argVecs = this.args.map((e) => e(b));
    const idx: number[] = [];
    const builders = this.outTypes.map((t) => new VectorBuilder(t, b.length));
    const values = new Array<unknown>(argVecs.length);
    for (let i = 0; i < b.length; i++) {
      for (let a = 0; a < argVecs.length; a++) values[a] = getValue(argVecs[a], i);
      const rows = this.fn(values);
      for (const r of rows) {
        idx.push(i);
        for (let c = 0; c < builders.length; c++) builders[c].append(r[c] ?? null);
      }
      if (rows.length === 0 && this.outer) {
        idx.push(i);
        for (const bl of builders) bl.append(null);
      }
    }
    const sel = Int32Array.from(idx);
    return { columns: [...b.columns.map((c) => gather(c, sel)), ...builders.map((bl) => bl.finish())], length: sel.length };
  }

  close(): void { this.input.close(); }
}
