// Folds an expression whose inputs are all literals into a literal, by running the same
// compiled code the executor would run, on a one-row batch. Casts of literals, date
// arithmetic on constants and the like therefore cost nothing per row.
import { BExpr, lit } from './boundExpr.js';
import { compileExpr } from '../exec/exprCompiler.js';
import { getValue } from '../exec/vector.js';
import { lookupFunction } from '../module/coreFunctions.js';

function isConstant(e: BExpr): boolean {
  switch (e.k) {
    case 'lit': return true;
    case 'col': return false;
    case 'cast': return isConstant(e.arg);
    case 'call': {
      const fn = lookupFunction(e.fn);
      if (fn?.volatile) return false;
      return e.args.every(isConstant);
    }
    case 'case': return e.whens.every((w) => isConstant(w.when) && isConstant(w.then)) && (!e.else || isConstant(e.else));
    case 'in': return isConstant(e.arg) && e.list.every(isConstant);
  }
}

export function foldConstant(e: BExpr): BExpr {
  if (e.k === 'lit' || !isConstant(e)) return e;
  try {
    const v = compileExpr(e, new Map())({ columns: [], length: 1 });
    return lit(getValue(v, 0), e.type);
  } catch {
    return e; // leave it for run time, where the error surfaces with context
  }
}
