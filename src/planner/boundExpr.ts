// Expressions after binding: names resolved to column ids, types known, implicit casts
// made explicit. The planner rewrites these; the executor compiles them.
import { DataType, typeToString } from '../types/dataType.js';
import type { ScalarFunction } from '../module/functionDefinition.js';

export type BExpr =
  | { k: 'col'; id: number; type: DataType }
  /** value is physical (scaled integer for decimals, days for dates) or null. */
  | { k: 'lit'; value: unknown; type: DataType }
  /** impl: the resolved function; absent for the compiler's own forms (and, or, coalesce…). */
  | { k: 'call'; fn: string; args: BExpr[]; type: DataType; impl?: ScalarFunction }
  | { k: 'case'; whens: { when: BExpr; then: BExpr }[]; else: BExpr | null; type: DataType }
  | { k: 'cast'; arg: BExpr; type: DataType }
  | { k: 'in'; arg: BExpr; list: BExpr[]; type: DataType };

export const col = (id: number, type: DataType): BExpr => ({ k: 'col', id, type });
export const lit = (value: unknown, type: DataType): BExpr => ({ k: 'lit', value, type });

/** The physical value of a literal argument (what functions get as constants); undefined
 *  for anything else. */
export function literalValue(e: BExpr): unknown {
  return e.k === 'lit' ? e.value : e.k === 'cast' && e.arg.k === 'lit' && e.arg.value === null ? null : undefined;
}

/** Column ids an expression reads. */
export function columnsOf(e: BExpr, out = new Set<number>()): Set<number> {
  switch (e.k) {
    case 'col': out.add(e.id); break;
    case 'lit': break;
    case 'call': e.args.forEach((a) => columnsOf(a, out)); break;
    case 'case': e.whens.forEach((w) => { columnsOf(w.when, out); columnsOf(w.then, out); }); if (e.else) columnsOf(e.else, out); break;
    case 'cast': columnsOf(e.arg, out); break;
    case 'in': columnsOf(e.arg, out); e.list.forEach((a) => columnsOf(a, out)); break;
  }
  return out;
}

/** Structural key: equal keys mean the same computation (used to match GROUP BY items). */
export function exprKey(e: BExpr): string {
  switch (e.k) {
    case 'col': return `#${e.id}`;
    case 'lit': return `${JSON.stringify(e.value)}:${typeToString(e.type)}`;
    case 'call': return `${e.fn}(${e.args.map(exprKey).join(',')})`;
    case 'case': return `case(${e.whens.map((w) => exprKey(w.when) + '->' + exprKey(w.then)).join(';')};${e.else ? exprKey(e.else) : ''})`;
    case 'cast': return `cast(${exprKey(e.arg)} as ${typeToString(e.type)})`;
    case 'in': return `in(${exprKey(e.arg)};${e.list.map(exprKey).join(',')})`;
  }
}

export function splitConjuncts(e: BExpr): BExpr[] {
  if (e.k === 'call' && e.fn === 'and') return [...splitConjuncts(e.args[0]), ...splitConjuncts(e.args[1])];
  return [e];
}

export function mapColumns(e: BExpr, f: (c: { id: number; type: DataType }) => BExpr): BExpr {
  switch (e.k) {
    case 'col': return f(e);
    case 'lit': return e;
    case 'call': return { ...e, args: e.args.map((a) => mapColumns(a, f)) };
    case 'case': return { ...e, whens: e.whens.map((w) => ({ when: mapColumns(w.when, f), then: mapColumns(w.then, f) })), else: e.else ? mapColumns(e.else, f) : null };
    case 'cast': return { ...e, arg: mapColumns(e.arg, f) };
    case 'in': return { ...e, arg: mapColumns(e.arg, f), list: e.list.map((a) => mapColumns(a, f)) };
  }
}
