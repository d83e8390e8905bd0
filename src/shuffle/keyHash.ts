// Hashes of row keys, for shuffle partitioning and for the spilling operators' partitions.
// Equal values hash equally whatever vector holds them (an int in an Int32Array and the same
// number in a Float64Array), so two join inputs keyed on differently stored equal types
// meet in the same partition. NULL hashes to a fixed value. `seed` changes the function, so
// a partition that is split again (a recursion level of a grace join) splits differently.
import { Vector } from '../exec/vector.js';

/** What a NULL key column adds to a row's hash. */
const NULL_HASH = 0x5bd1e995;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hashNumber(x: number): number {
  if (Number.isInteger(x) && x >= -2147483648 && x <= 2147483647) return mix(x | 0);
  f64[0] = x === 0 ? 0 : x; // -0 and 0 are equal keys
  return mix(u32[0] ^ Math.imul(u32[1], 0x9e3779b1));
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h);
}

/** One non-NULL value's hash, as hashRows gives it before combining columns. */
export function hashValue(v: unknown): number {
  return typeof v === 'number' ? hashNumber(v) : hashString(typeof v === 'string' ? v : JSON.stringify(v));
}

/** Fills `out` with the combined hash of the key columns for rows 0..n-1. */
export function hashRows(cols: Vector[], n: number, seed: number, out: Uint32Array = new Uint32Array(n)): Uint32Array {
  out.fill(mix(seed + 0x27d4eb2d), 0, n);
  for (const c of cols) {
    const vals = c.values, nulls = c.nulls;
    // One loop per kind of vector, so each loop's element reads are monomorphic.
    if (Array.isArray(vals)) {
      // Key strings often repeat in runs (gathered from a join's build side or a
      // dictionary): a row equal to the previous one reuses its hash.
      let prev: unknown = undefined, prevHash = 0;
      for (let i = 0; i < n; i++) {
        let h: number;
        if (nulls !== null && nulls[i] === 1) h = NULL_HASH;
        else {
          const v = vals[i];
          if (v !== prev) { prev = v; prevHash = typeof v === 'string' ? hashString(v) : hashString(JSON.stringify(v)); }
          h = prevHash;
        }
        out[i] = mix(Math.imul(out[i], 31) + h);
      }
    } else if (vals instanceof Int32Array) {
      // Every value is a 32-bit integer: hashNumber's integer case without its checks.
      for (let i = 0; i < n; i++) {
        const h = nulls !== null && nulls[i] === 1 ? NULL_HASH : mix(vals[i]);
        out[i] = mix(Math.imul(out[i], 31) + h);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const h = nulls !== null && nulls[i] === 1 ? NULL_HASH : hashNumber(vals[i]);
        out[i] = mix(Math.imul(out[i], 31) + h);
      }
    }
  }
  return out;
}

/** Partition (0..parts-1) of each row. */
export function partitionRows(cols: Vector[], n: number, parts: number, seed = 0): Int32Array {
  const h = hashRows(cols, n, seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = h[i] % parts;
  return out;
}

/** Row indexes per partition, in row order. */
export function splitByPartition(pids: Int32Array, n: number, parts: number): Int32Array[] {
  const counts = new Int32Array(parts);
  for (let i = 0; i < n; i++) counts[pids[i]]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(parts);
  for (let i = 0; i < n; i++) { const p = pids[i]; out[p][fill[p]++] = i; }
  return out;
}
