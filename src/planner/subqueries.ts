// Rewrites subqueries into joins (decorrelation). The binder binds a subquery with the
// enclosing query's scope as an outer scope; column references that resolve there are the
// correlation. These functions take the bound subquery plan and the outer field ids it
// references and return the plan to join with and the join condition:
//   EXISTS / IN          → the subquery's FROM with its uncorrelated WHERE, joined (semi,
//                          anti or a left "mark" join) on the correlated conjuncts;
//   scalar with an aggregate and no GROUP BY → the aggregate grouped by the inner sides of
//                          the correlated equalities, left-joined on them.
import { BExpr, col, columnsOf, conjunction, factorOr, splitConjuncts } from './boundExpr.js';
import { Field, LogicalPlan, childrenOf, newField } from './logicalPlan.js';
import { unsupported } from '../errors.js';
import type { Pos } from '../sql/ast.js';


const touches = (e: BExpr, ids: Set<number>) => [...columnsOf(e)].some((x) => ids.has(x));

/** Every column id an expression of the plan reads (outside its scans' own fields). */
function planReads(p: LogicalPlan, out = new Set<number>()): Set<number> {
  const add = (e: BExpr) => columnsOf(e, out);
  switch (p.op) {
    case 'scan': p.filters.forEach(add); break;
    case 'filter': add(p.cond); break;
    case 'project': p.exprs.forEach(add); break;
    case 'aggregate': p.keys.forEach(add); p.aggs.forEach((a) => a.args.forEach(add)); break;
    case 'join': if (p.cond) add(p.cond); break;
    case 'window': p.calls.forEach((c) => { c.args.forEach(add); c.partitionBy.forEach(add); c.orderBy.forEach((o) => add(o.expr)); }); break;
    case 'sort': p.keys.forEach((k) => add(k.expr)); break;
    case 'values': p.rows.forEach((r) => r.forEach(add)); break;
    case 'generate': p.args.forEach(add); break;
    case 'expand': p.keys.forEach(add); break;
    default: break;
  }
  childrenOf(p).forEach((c) => planReads(c, out));
  return out;
}

/** Takes the correlated conjuncts out of the filter at the top of `p` (the subquery's
 *  WHERE); correlation anywhere else is not supported. */
export function takeCorrelated(p: LogicalPlan, outer: Set<number>, pos: Pos): { plan: LogicalPlan; correlated: BExpr[] } {
  let plan = p, correlated: BExpr[] = [];
  if (p.op === 'filter') {
    // (corr AND x) OR (corr AND y) → corr AND (x OR y), so the correlation is a conjunct.
    const cs = splitConjuncts(p.cond).flatMap(factorOr);
    correlated = cs.filter((c) => touches(c, outer));
    const rest = cs.filter((c) => !touches(c, outer));
    plan = rest.length ? { ...p, cond: conjunction(rest)! } : p.input;
  }
  if ([...planReads(plan)].some((id) => outer.has(id))) throw unsupported('a correlated reference outside the subquery\'s WHERE', pos);
  return { plan, correlated };
}

/** outer = inner, split into its sides; null when the conjunct is not such an equality. */
export function equalitySides(c: BExpr, outer: Set<number>): { outer: BExpr; inner: BExpr } | null {
  if (c.k !== 'call' || c.fn !== 'eq') return null;
  const [a, b] = c.args;
  const allOuter = (e: BExpr) => { const s = columnsOf(e); return s.size > 0 && [...s].every((x) => outer.has(x)); };
  const noOuter = (e: BExpr) => !touches(e, outer);
  if (allOuter(a) && noOuter(b)) return { outer: a, inner: b };
  if (allOuter(b) && noOuter(a)) return { outer: b, inner: a };
  return null;
}

/** The body under a subquery's top projection: (project (filter …)) → (filter …). */
export function underProject(p: LogicalPlan): LogicalPlan {
  return p.op === 'project' ? p.input : p;
}

/** A correlated scalar subquery `SELECT f(agg…) FROM … WHERE inner AND outer = inner'`:
 *  the aggregate grouped by the inner sides, its value and key columns, and the outer
 *  sides to join them with. */
export function groupedScalar(p: LogicalPlan, outer: Set<number>, pos: Pos): { plan: LogicalPlan; outerKeys: BExpr[]; innerKeys: Field[]; isCount: boolean } {
  if (p.op !== 'project' || p.input.op !== 'aggregate' || p.input.keys.length > 0 || p.exprs.length !== 1) {
    throw unsupported('a correlated scalar subquery that is not a single aggregate without GROUP BY', pos);
  }
  const agg = p.input;
  const { plan: body, correlated } = takeCorrelated(agg.input, outer, pos);
  const sides = correlated.map((c) => equalitySides(c, outer));
  if (sides.some((s) => s === null)) throw unsupported('a correlated scalar subquery correlated other than by equalities', pos);
  const pairs = sides as { outer: BExpr; inner: BExpr }[];
  const keyFields = pairs.map((s, i) => newField(`_ck${i}`, s.inner.type));
  const grouped: LogicalPlan = { ...agg, input: body, keys: pairs.map((s) => s.inner), fields: [...keyFields, ...agg.fields] };
  const outKeys = keyFields.map((f) => newField(f.name, f.type));
  const plan: LogicalPlan = {
    op: 'project', input: grouped, exprs: [...p.exprs, ...keyFields.map((f) => col(f.id, f.type))], fields: [...p.fields, ...outKeys],
  };
  const e = p.exprs[0];
  const isCount = e.k === 'col' && agg.aggs.some((a, i) => a.fn === 'count' && agg.fields[i].id === e.id);
  return { plan, outerKeys: pairs.map((s) => s.outer), innerKeys: outKeys, isCount };
}
