// What a batch takes in memory, for managed-memory accounting and shuffle metrics:
// typed arrays by their size, strings by their UTF-16 length plus a reference.
import { Batch, Vector } from './vector.js';

export function vectorBytes(v: Vector, n: number): number {
  let bytes = v.nulls ? n : 0;
  const vals = v.values;
  if (!Array.isArray(vals)) return bytes + (vals.BYTES_PER_ELEMENT ?? 1) * n;
  if (n > 0 && typeof vals[0] === 'string') {
    for (let i = 0; i < n; i++) bytes += 8 + 2 * (vals[i] as string).length;
    return bytes;
  }
  return bytes + 64 * n; // complex values: a rough per-object cost
}

export function batchBytes(b: Batch): number {
  let s = 0;
  for (const c of b.columns) s += vectorBytes(c, b.length);
  return s;
}
