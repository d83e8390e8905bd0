// Predicates a file reader can test against statistics (min/max, null counts) and bloom
// filters to skip stripes, row groups or row groups of Parquet. They only ever skip data
// that cannot match; the engine still applies the full filter to what is read.
// Values are in the engine's physical representation of the column's type.

export type ScanValue = number | string;

export type ScanPredicate =
  | { op: 'eq' | 'lt' | 'le' | 'gt' | 'ge'; column: number; value: ScanValue }
  | { op: 'in'; column: number; values: ScanValue[] }
  | { op: 'isNull' | 'isNotNull'; column: number };

/** What statistics say about a column's values in some range of rows. */
export interface ColumnRange {
  min?: ScanValue;
  max?: ScanValue;
  /** Non-null values; undefined when unknown. */
  valueCount?: number;
  /** Whether any value is NULL; undefined when unknown. */
  hasNull?: boolean;
}

/** False only when no row described by `range` can satisfy `p`. */
export function rangeMightMatch(p: ScanPredicate, range: ColumnRange | undefined): boolean {
  if (!range) return true;
  if (p.op === 'isNull') return range.hasNull !== false;
  if (range.valueCount === 0) return false; // all NULL: no comparison holds
  if (p.op === 'isNotNull') return true;
  const { min, max } = range;
  if (min === undefined || max === undefined) return true;
  const within = (v: ScanValue) => typeof v === typeof min && !(v < min) && !(v > max);
  switch (p.op) {
    case 'eq': return typeof p.value !== typeof min || within(p.value);
    case 'in': return p.values.some((v) => typeof v !== typeof min || within(v));
    case 'lt': return typeof p.value !== typeof min || min < p.value;
    case 'le': return typeof p.value !== typeof min || min <= p.value;
    case 'gt': return typeof p.value !== typeof max || max > p.value;
    case 'ge': return typeof p.value !== typeof max || max >= p.value;
  }
}

/** Values an equality or IN predicate looks for (for bloom filters); null for others. */
export function lookupValues(p: ScanPredicate): ScanValue[] | null {
  return p.op === 'eq' ? [p.value] : p.op === 'in' ? p.values : null;
}
