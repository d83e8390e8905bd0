// A canonical text of what a sub-plan computes, independent of its field ids: two
// sub-plans with the same digest produce the same rows with the same columns in the same
// order, so one can be computed and read in place of the other (Flink's sub-plan reuse,
// table.optimizer.reuse-sub-plan-enabled). Binding gives every CTE reference, and every
// scan, fresh field ids, so a column reference is written as its position among the
// fields its node reads (the input's, or the join's left then right fields).
import { BExpr, isNondeterministicCall } from './boundExpr.js';
import { Field, LogicalPlan, childrenOf } from './logicalPlan.js';
import { typeToString } from '../types/dataType.js';

const digests = new WeakMap<LogicalPlan, string>();

/** Makes the digest of a sub-plan with a nondeterministic call unique: never shared. */
let unique = 0;

export function planDigest(p: LogicalPlan): string {
  let d = digests.get(p);
  if (d === undefined) {
    d = computeDigest(p);
    digests.set(p, d);
  }
  return d;
}

function positions(fields: Field[]): Map<number, number> {
  return new Map(fields.map((f, i) => [f.id, i]));
}

function exprDigest(e: BExpr, pos: Map<number, number>): string {
  switch (e.k) {
    case 'col': {
      const i = pos.get(e.id);
      // A column not among the inputs (an outer reference) makes the text unique.
      return i === undefined ? `?${e.id}` : `$${i}`;
    }
    case 'lit': return `${JSON.stringify(e.value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}:${typeToString(e.type)}`;
    case 'call': {
      if (isNondeterministicCall(e)) return `nondeterministic#${++unique}`;
      return `${e.fn}(${e.args.map((a) => exprDigest(a, pos)).join(',')}):${typeToString(e.type)}`;
    }
    case 'case': return `case(${e.whens.map((w) => `${exprDigest(w.when, pos)}->${exprDigest(w.then, pos)}`).join(';')};${e.else ? exprDigest(e.else, pos) : ''}):${typeToString(e.type)}`;
    case 'cast': return `cast(${exprDigest(e.arg, pos)} as ${typeToString(e.type)})`;
    case 'in': return `in(${exprDigest(e.arg, pos)};${e.list.map((a) => exprDigest(a, pos)).join(',')})`;
  }
}

function computeDigest(p: LogicalPlan): string {
  const kids = childrenOf(p);
  const inputFields = p.op === 'scan' ? p.fields : kids.flatMap((c) => c.fields);
  const pos = positions(inputFields);
  const x = (e: BExpr) => exprDigest(e, pos);
  const xs = (es: BExpr[]) => es.map(x).join(',');
  const types = p.fields.map((f) => typeToString(f.type)).join(',');
  const sub = kids.map(planDigest).join('|');
  let own: string;
  switch (p.op) {
    case 'scan':
      own = `scan ${p.table.db}.${p.table.name} cols=${p.columnIndexes.join(',')} filters=${xs(p.filters)} implied=${xs(p.impliedFilters ?? [])} pf=${xs(p.partitionFilters)}`
        + ` parts=${p.partitions === null ? '-' : p.partitions.map((q) => q.values.join('/')).join(';')}`;
      break;
    case 'filter': own = `filter ${x(p.cond)}`; break;
    case 'project': own = `project ${xs(p.exprs)}`; break;
    case 'aggregate':
      own = `aggregate keys=${xs(p.keys)} aggs=${p.aggs.map((a) => `${a.fn}${a.distinct ? ' distinct' : ''}(${xs(a.args)}):${typeToString(a.type)}`).join(',')}`
        + ` empty=${JSON.stringify(p.emptyInput ?? null, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`
        + (p.partial ? ' partial' : '');
      break;
    case 'join': own = `join ${p.kind} ${p.cond ? x(p.cond) : 'cross'}`; break;
    case 'window':
      own = `window ${p.calls.map((c) => `${c.fn}(${xs(c.args)}) over(${xs(c.partitionBy)} order ${c.orderBy.map((o) => `${x(o.expr)} ${o.desc} ${o.nullsFirst}`).join(',')} ${JSON.stringify(c.frame)}):${typeToString(c.type)}`
        + (c.agg ? ` agg=${c.agg.fn}${c.agg.distinct ? ' distinct' : ''}` : '')).join(';')}`;
      break;
    case 'sort': own = `sort ${p.keys.map((k) => `${x(k.expr)} ${k.desc} ${k.nullsFirst}`).join(',')} limit=${p.limit ?? '-'}`; break;
    case 'limit': own = `limit ${p.n}`; break;
    case 'union': own = 'union'; break;
    case 'values': own = `values ${p.rows.map((r) => r.map((e) => exprDigest(e, pos)).join(',')).join(';')}`; break;
    case 'generate': own = `generate ${p.fn.name}(${xs(p.args)}) outer=${p.outer}`; break;
    case 'expand': own = `expand ${xs(p.keys)} sets=${JSON.stringify(p.sets)}`; break;
    case 'exchange': own = `exchange ${p.distribution} ${xs(p.keys)}`; break;
  }
  return `${own} -> (${types}) [${sub}]`;
}
