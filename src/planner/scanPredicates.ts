// The part of a scan's filter that file readers can test against statistics: conjuncts
// comparing a data column with a literal of the column's own type (no cast on the
// column), IN lists of such literals, and IS [NOT] NULL. Everything else stays only in
// the filter, which is applied to every row read anyway.
import { BExpr, splitConjuncts } from './boundExpr.js';
import { ScanPredicate, ScanValue } from '../formats/scanPredicate.js';
import { typesEqual } from '../types/dataType.js';

const FLIP: Record<string, 'eq' | 'lt' | 'le' | 'gt' | 'ge'> = { eq: 'eq', lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const COMPARISONS = new Set(['eq', 'lt', 'le', 'gt', 'ge']);

/** @param dataColumn maps a column id to its table data column index, or -1 */
export function scanPredicates(filters: BExpr[], dataColumn: (id: number) => number): ScanPredicate[] {
  const out: ScanPredicate[] = [];
  const value = (e: BExpr, colType: BExpr['type']): ScanValue | null => {
    if (e.k !== 'lit' || e.value === null || !typesEqual(e.type, colType)) return null;
    return typeof e.value === 'number' || typeof e.value === 'string' ? e.value : null;
  };
  for (const c of filters.flatMap(splitConjuncts)) {
    if (c.k === 'call' && COMPARISONS.has(c.fn) && c.args.length === 2) {
      let [a, b] = c.args;
      let op = c.fn as 'eq' | 'lt' | 'le' | 'gt' | 'ge';
      if (a.k !== 'col') { [a, b] = [b, a]; op = FLIP[op]; }
      if (a.k !== 'col') continue;
      const column = dataColumn(a.id);
      const v = value(b, a.type);
      if (column >= 0 && v !== null) out.push({ op, column, value: v });
    } else if (c.k === 'in' && c.arg.k === 'col') {
      const column = dataColumn(c.arg.id);
      const values = c.list.map((x) => value(x, c.arg.type));
      if (column >= 0 && values.every((v) => v !== null)) out.push({ op: 'in', column, values: values as ScanValue[] });
    } else if (c.k === 'call' && (c.fn === 'isnull' || c.fn === 'isnotnull') && c.args[0]?.k === 'col') {
      const column = dataColumn(c.args[0].id);
      if (column >= 0) out.push({ op: c.fn === 'isnull' ? 'isNull' : 'isNotNull', column });
    }
  }
  return out;
}
