// Exchanges carry only the columns read above them (and their hash keys); copies of one
// sub-plan, computed once by the job graph, are narrowed alike.
import { describe, expect, it } from 'vitest';
import { DataType } from '../src/types/dataType.js';
import { BExpr, col, lit } from '../src/planner/boundExpr.js';
import { ExchangeNode, LogicalPlan, childrenOf, newField } from '../src/planner/logicalPlan.js';
import { narrowExchanges } from '../src/planner/exchangeColumns.js';
import { planDigest } from '../src/planner/subplanDigest.js';

const INT: DataType = { id: 'int' };

/** A three-column VALUES (k, a, b) with fresh field ids. */
function table(first = 1): LogicalPlan {
  const fields = ['k', 'a', 'b'].map((n) => newField(n, INT));
  return { op: 'values', rows: [[lit(first, INT), lit(2, INT), lit(3, INT)]], fields };
}
const hashed = (p: LogicalPlan, key: number): ExchangeNode => ({ op: 'exchange', input: p, distribution: 'hash', keys: [col(p.fields[key].id, INT)], fields: p.fields });
const eq = (a: number, b: number): BExpr => ({ k: 'call', fn: '=', args: [col(a, INT), col(b, INT)], type: { id: 'boolean' } });
function join(l: LogicalPlan, r: LogicalPlan): LogicalPlan {
  return { op: 'join', kind: 'inner', left: l, right: r, cond: eq(l.fields[0].id, r.fields[0].id), fields: [...l.fields, ...r.fields] };
}
const project = (p: LogicalPlan, ids: number[]): LogicalPlan => {
  const fields = ids.map((id) => p.fields.find((f) => f.id === id)!);
  return { op: 'project', input: p, exprs: fields.map((f) => col(f.id, f.type)), fields };
};
function exchanges(p: LogicalPlan, out: ExchangeNode[] = []): ExchangeNode[] {
  if (p.op === 'exchange') out.push(p);
  childrenOf(p).forEach((c) => exchanges(c, out));
  return out;
}
const names = (ex: ExchangeNode) => ex.fields.map((f) => f.name);

describe('narrowExchanges', () => {
  it('keeps the hash key and the columns read above the join', () => {
    // Different rows: not copies of one sub-plan, so each is narrowed on its own.
    const l = table(1), r = table(2);
    const top = project(join(hashed(l, 0), hashed(r, 0)), [l.fields[1].id]);
    const [le, re] = exchanges(narrowExchanges(top));
    expect(names(le)).toEqual(['k', 'a']);
    expect(names(re)).toEqual(['k']);
    // The exchange's input produces exactly its fields, so the producing stage writes them.
    expect(le.input.fields.map((f) => f.id)).toEqual(le.fields.map((f) => f.id));
  });

  it('leaves an exchange alone when everything is read', () => {
    const l = table();
    const ex = hashed(l, 0);
    const out = narrowExchanges(ex);
    expect(exchanges(out)[0].input).toBe(l);
  });

  it('keeps one column when nothing is read, so that rows are still counted', () => {
    const l = table();
    const count: LogicalPlan = { op: 'aggregate', input: hashed(l, 1), keys: [], aggs: [], fields: [] };
    const [ex] = exchanges(narrowExchanges(count));
    expect(names(ex)).toEqual(['a']);
  });

  it('narrows copies of one sub-plan to the union of what each copy is read for', () => {
    // Two copies of (exchange over a table), one read for a, the other for b.
    const t1 = table(), t2 = table();
    const spread = (p: LogicalPlan): ExchangeNode => ({ op: 'exchange', input: p, distribution: 'rebalance', keys: [], fields: p.fields });
    const left = project(spread(t1), [t1.fields[1].id]);
    const right = project(spread(t2), [t2.fields[2].id]);
    expect(planDigest(t1)).toBe(planDigest(t2));
    const both: LogicalPlan = { op: 'union', inputs: [left, right], fields: left.fields };
    const [e1, e2] = exchanges(narrowExchanges(both));
    expect(names(e1)).toEqual(['a', 'b']);
    expect(names(e2)).toEqual(['a', 'b']);
    expect(planDigest(e1.input)).toBe(planDigest(e2.input));
  });
});
