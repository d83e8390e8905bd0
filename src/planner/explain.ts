// EXPLAIN output: the optimized logical plan as an indented tree, with the filters,
// partitions (after pruning) and columns each scan reads, and estimated rows.
import { BExpr } from './boundExpr.js';
import { Field, LogicalPlan, childrenOf } from './logicalPlan.js';
import { typeToString } from '../types/dataType.js';
import { formatValue } from '../types/values.js';
import { partitionName } from '../warehouse/partitionPath.js';
import { estimateRows } from './cost/cardinality.js';
import { planCost } from './cost/costModel.js';
import { planDigest } from './subplanDigest.js';

const OPS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=', add: '+', subtract: '-', multiply: '*', divide: '/', mod: '%', and: 'AND', or: 'OR' };

export function exprToString(e: BExpr, names: Map<number, string>): string {
  switch (e.k) {
    case 'col': return names.get(e.id) ?? `#${e.id}`;
    case 'lit': return e.value === null ? 'NULL' : typeof e.value === 'string' ? `'${e.value}'` : formatValue(e.value, e.type);
    case 'cast': return `CAST(${exprToString(e.arg, names)} AS ${typeToString(e.type)})`;
    case 'in': return `${exprToString(e.arg, names)} IN (${e.list.map((x) => exprToString(x, names)).join(', ')})`;
    case 'case': return `CASE ${e.whens.map((w) => `WHEN ${exprToString(w.when, names)} THEN ${exprToString(w.then, names)}`).join(' ')}${e.else ? ` ELSE ${exprToString(e.else, names)}` : ''} END`;
    case 'call': {
      const op = OPS[e.fn];
      if (op && e.args.length === 2) return `(${exprToString(e.args[0], names)} ${op} ${exprToString(e.args[1], names)})`;
      if (e.fn === 'not') return `NOT ${exprToString(e.args[0], names)}`;
      if (e.fn === 'isnull') return `${exprToString(e.args[0], names)} IS NULL`;
      if (e.fn === 'isnotnull') return `${exprToString(e.args[0], names)} IS NOT NULL`;
      return `${e.fn}(${e.args.map((a) => exprToString(a, names)).join(', ')})`;
    }
  }
}

function collectNames(p: LogicalPlan, names: Map<number, string>): void {
  const add = (fs: Field[]) => fs.forEach((f) => { if (!names.has(f.id)) names.set(f.id, f.qualifier ? `${f.qualifier}.${f.name}` : f.name); });
  if (p.op === 'scan') add(p.fields);
  childrenOf(p).forEach((c) => collectNames(c, names));
  add(p.fields);
}

function formatCost(c: number): string {
  return c >= 1e9 ? `${(c / 1e9).toFixed(1)}G` : c >= 1e6 ? `${(c / 1e6).toFixed(1)}M` : c >= 1e3 ? `${(c / 1e3).toFixed(1)}k` : c.toFixed(0);
}

/** annotate: extra text per node (EXPLAIN ANALYZE's actual rows and time). reuse: mark
 *  identical sub-plans below exchanges, computed once (Flink's reuse_id / Reused). */
export function explainPlan(root: LogicalPlan, annotate?: (p: LogicalPlan) => string, reuse = true): string {
  // Exchange inputs seen more than once get a reuse id; later copies print as Reused(id).
  const uses = new Map<string, number>();
  const count = (p: LogicalPlan) => {
    if (p.op === 'exchange') {
      const d = planDigest(p.input);
      const n = (uses.get(d) ?? 0) + 1;
      uses.set(d, n);
      if (n > 1) return;
    }
    childrenOf(p).forEach(count);
  };
  if (reuse) count(root);
  const reuseIds = new Map<string, number>();
  const names = new Map<number, string>();
  collectNames(root, names);
  const s = (e: BExpr) => exprToString(e, names);
  const lines: string[] = [];
  const walk = (p: LogicalPlan, depth: number) => {
    const pad = '  '.repeat(depth);
    const est = ` [est. rows ${Math.round(estimateRows(p))}, cost ${formatCost(planCost(p))}]`;
    let line: string;
    switch (p.op) {
      case 'scan': {
        const t = p.table;
        const parts: string[] = [`table=${t.db}.${t.name}`, `columns=[${p.fields.map((f) => f.name).join(', ')}]`];
        if (p.filters.length) parts.push(`filters=[${p.filters.map(s).join(', ')}]`);
        if (p.partitions) {
          parts.push(`partitions=${p.partitions.length}/${p.totalPartitions}`);
          if (p.partitionFilters.length) parts.push(`partition filters=[${p.partitionFilters.map(s).join(', ')}]`);
          if (p.partitions.length <= 5 && p.partitions.length < p.totalPartitions) {
            parts.push(`pruned to [${p.partitions.map((x) => partitionName(t.partitionKeys.map((k) => k.name), x.values)).join(', ')}]`);
          }
        }
        if (p.dynamicPruning?.length) parts.push(`dynamic pruning=[${p.dynamicPruning.join(', ')}]`);
        line = `TableScan(${parts.join(', ')})`;
        break;
      }
      case 'filter': line = `Filter(${s(p.cond)})`; break;
      case 'project': line = `Project(${p.exprs.map((e, i) => `${s(e)} AS ${p.fields[i].name}`).join(', ')})`; break;
      case 'aggregate': line = `HashAggregate(keys=[${p.keys.map(s).join(', ')}], aggs=[${p.aggs.map((a) => `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.args.length ? a.args.map(s).join(', ') : '*'})`).join(', ')}])`; break;
      case 'join': line = `HashJoin(${p.kind}${p.cond ? `, ${s(p.cond)}` : ', cross'}, build=right)`; break;
      case 'sort': line = `Sort(${p.keys.map((k) => `${s(k.expr)} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')}${p.limit !== undefined ? `, limit=${p.limit}` : ''})`; break;
      case 'limit': line = `Limit(${p.n})`; break;
      case 'window': line = `Window(${p.calls.map((c) => `${c.fn}(${c.args.map(s).join(', ')}) OVER (PARTITION BY ${c.partitionBy.map(s).join(', ') || '-'} ORDER BY ${c.orderBy.map((o) => `${s(o.expr)} ${o.desc ? 'DESC' : 'ASC'}`).join(', ') || '-'} ${c.frame.unit.toUpperCase()})`).join(', ')})`; break;
      case 'generate': line = `Generate(${p.outer ? 'OUTER ' : ''}${p.fn.name}(${p.args.map(s).join(', ')}) AS (${p.fields.slice(p.input.fields.length).map((f) => f.name).join(', ')}))`; break;
      case 'union': line = 'UnionAll'; break;
      case 'values': line = `Values(${p.rows.length} rows)`; break;
      case 'expand': line = `Expand(keys=[${p.keys.map(s).join(', ')}], sets=[${p.sets.map((x) => `(${x.map((i) => s(p.keys[i])).join(', ')})`).join(', ')}])`; break;
      case 'exchange': line = `Exchange(${p.distribution}${p.keys.length ? ` [${p.keys.map(s).join(', ')}]` : ''})`; break;
    }
    const d = reuse && p.op === 'exchange' ? planDigest(p.input) : undefined;
    if (d !== undefined && (uses.get(d) ?? 0) > 1) {
      const id = reuseIds.get(d);
      if (id !== undefined) {
        lines.push(pad + line + est + (annotate?.(p) ?? ''));
        lines.push(`${pad}  Reused(reuse_id=${id})`);
        return;
      }
      reuseIds.set(d, reuseIds.size + 1);
      line += ` reuse_id=${reuseIds.size}`;
    }
    lines.push(pad + line + est + (annotate?.(p) ?? ''));
    childrenOf(p).forEach((c) => walk(c, depth + 1));
  };
  walk(root, 0);
  return lines.join('\n');
}
