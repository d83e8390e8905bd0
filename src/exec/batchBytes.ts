// What a batch takes in memory, for managed-memory accounting and shuffle metrics:
// typed arrays by their size, strings by their UTF-16 length plus a reference.
import { physicalOf } from '../types/dataType.js';
import { Batch, Vector } from './vector.js';

export function vectorBytes(v: Vector, n: number): number {
  let bytes = v.nulls ? n : 0;
  const vals = v.values;
  if (!Array.isArray(vals)) return bytes + (vals.BYTES_PER_ELEMENT ?? 1) * n;
  if (physicalOf(v.type) === 'str') {
    for (let i = 0; i < n; i++) { const x = vals[i]; bytes += 8 + (typeof x === 'string' ? 2 * x.length : 0); }
    return bytes;
  }
  return bytes + 64 * n; // complex values: a rough per-object cost
}

export function batchBytes(b: Batch): number {
  let s = 0;
  for (const c of b.columns) s += vectorBytes(c, b.length);
  return s;
}
