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

/** Column ids a list of expressions reads. */
export function columnsIn(es: BExpr[], out = new Set<number>()): Set<number> {
  for (const e of es) columnsOf(e, out);
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

/** Functions whose result differs between two evaluations on the same row. */
const NONDETERMINISTIC = new Set(['rand', 'random', 'uuid', 'current_timestamp', 'unix_timestamp', 'reflect', 'java_method', 'in_file']);
/** Volatile (never constant-folded) but the same on the same rows. */
const ROW_CHECKS = new Set(['assert_true', 'single_row_check']);

/** A call that may give another result on the same row (user functions count as such). */
export function isNondeterministicCall(e: BExpr & { k: 'call' }): boolean {
  return NONDETERMINISTIC.has(e.fn) || (!!e.impl?.volatile && !ROW_CHECKS.has(e.fn));
}

export function isDeterministic(e: BExpr): boolean {
  switch (e.k) {
    case 'col': case 'lit': return true;
    case 'call': return !isNondeterministicCall(e) && e.args.every(isDeterministic);
    case 'case': return e.whens.every((w) => isDeterministic(w.when) && isDeterministic(w.then)) && (!e.else || isDeterministic(e.else));
    case 'cast': return isDeterministic(e.arg);
    case 'in': return isDeterministic(e.arg) && e.list.every(isDeterministic);
  }
}

/** The conjuncts `a = b` of a column of `left` and a column of `right` of the same type,
 *  as [left id, right id]: on every match the two hold the same value. */
export function columnEqualities(cond: BExpr | null, left: Set<number>, right: Set<number>): [number, number][] {
  const out: [number, number][] = [];
  for (const c of cond ? splitConjuncts(cond) : []) {
    if (c.k !== 'call' || c.fn !== 'eq') continue;
    const [a, b] = c.args;
    if (a.k !== 'col' || b.k !== 'col' || typeToString(a.type) !== typeToString(b.type)) continue;
    if (left.has(a.id) && right.has(b.id)) out.push([a.id, b.id]);
    else if (left.has(b.id) && right.has(a.id)) out.push([b.id, a.id]);
  }
  return out;
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

/** The expression with each column that `map` has replaced by its expression there. */
export function substitute(e: BExpr, map: Map<number, BExpr>): BExpr {
  return mapColumns(e, (c) => map.get(c.id) ?? (c as BExpr));
}

/** The conjuncts AND-ed together; null for none. */
export function conjunction(cs: BExpr[]): BExpr | null {
  return cs.length === 0 ? null : cs.reduce((a, x) => ({ k: 'call', fn: 'and', args: [a, x], type: { id: 'boolean' } }) as BExpr);
}

/** (A AND B) OR (A AND C) → A AND (B OR C): a join condition repeated in every branch of
 *  an OR becomes a conjunct the join can use (TPC-DS q13, q48, q85). */
export function factorOr(e: BExpr): BExpr[] {
  if (!(e.k === 'call' && e.fn === 'or')) return [e];
  const branches: BExpr[] = [];
  const flatten = (x: BExpr) => { if (x.k === 'call' && x.fn === 'or') { flatten(x.args[0]); flatten(x.args[1]); } else branches.push(x); };
  flatten(e);
  const conj = branches.map((b) => splitConjuncts(b));
  const common = conj[0].filter((c) => conj.every((cs) => cs.some((x) => exprKey(x) === exprKey(c))));
  if (common.length === 0) return [e];
  const keys = new Set(common.map(exprKey));
  const rest = conj.map((cs) => conjunction(cs.filter((c) => !keys.has(exprKey(c)))));
  if (rest.some((r) => r === null)) return common; // one branch is implied by the common part
  const or = rest.reduce((a, b) => ({ k: 'call', fn: 'or', args: [a!, b!], type: { id: 'boolean' } }) as BExpr);
  return [...common, or!];
}

