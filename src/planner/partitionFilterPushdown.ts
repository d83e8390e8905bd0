// Partition predicates the metastore can evaluate itself (get_partitions_by_filter): a
// partition key compared with a literal of the same kind — strings with strings, integral
// keys with integers — under AND / OR / IN. Anything else stays for Sluice to evaluate
// on the partitions that come back, so the filter sent only ever narrows to a superset.
import { BExpr } from './boundExpr.js';
import { ScanNode } from './logicalPlan.js';
import { isStringLike, parseTypeString } from '../types/dataType.js';

const OPS: Record<string, string> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
const FLIP: Record<string, string> = { lt: 'gt', gt: 'lt', le: 'ge', ge: 'le', eq: 'eq', ne: 'ne' };
const INTEGRAL = new Set(['tinyint', 'smallint', 'int', 'bigint']);

/** The metastore filter for the pushable conjuncts, or undefined when none is. */
export function metastoreFilter(scan: ScanNode, predicates: BExpr[]): string | undefined {
  const nData = scan.table.columns.length;
  const keyOf = new Map<number, { name: string; kind: 'string' | 'integral' | 'other' }>();
  scan.fields.forEach((f, i) => {
    const ci = scan.columnIndexes[i];
    if (ci < nData) return;
    const k = scan.table.partitionKeys[ci - nData];
    const t = parseTypeString(k.type);
    keyOf.set(f.id, { name: k.name, kind: isStringLike(t) ? 'string' : INTEGRAL.has(t.id) ? 'integral' : 'other' });
  });
  const literal = (e: BExpr, kind: string): string | undefined => {
    if (e.k !== 'lit' || e.value === null) return undefined;
    if (kind === 'string' && typeof e.value === 'string' && isStringLike(e.type)) return `'${e.value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    if (kind === 'integral' && typeof e.value === 'number' && Number.isInteger(e.value) && INTEGRAL.has(e.type.id)) return String(e.value);
    return undefined;
  };
  const render = (e: BExpr): string | undefined => {
    if (e.k === 'call' && (e.fn === 'and' || e.fn === 'or')) {
      const l = render(e.args[0]), r = render(e.args[1]);
      return l && r ? `(${l} ${e.fn} ${r})` : undefined;
    }
    if (e.k === 'call' && OPS[e.fn] && e.args.length === 2) {
      let [a, b] = e.args;
      let fn = e.fn;
      if (a.k !== 'col') { [a, b] = [b, a]; fn = FLIP[fn]; }
      const key = a.k === 'col' ? keyOf.get(a.id) : undefined;
      const v = key ? literal(b, key.kind) : undefined;
      return key && v !== undefined ? `${key.name} ${OPS[fn]} ${v}` : undefined;
    }
    if (e.k === 'in' && e.arg.k === 'col') {
      const key = keyOf.get(e.arg.id);
      const vs = key ? e.list.map((x) => literal(x, key.kind)) : [];
      return key && vs.length && vs.every((v) => v !== undefined) ? `${key.name} in (${vs.join(', ')})` : undefined;
    }
    return undefined;
  };
  const parts = predicates.map(render).filter((x): x is string => x !== undefined);
  return parts.length ? parts.join(' and ') : undefined;
}
