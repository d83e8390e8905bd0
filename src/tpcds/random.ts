// A seeded pseudo-random stream (SplitMix32 state step, Murmur-style finaliser). The
// generator needs runs that repeat exactly for a given scale (tests compare Sluice and
// DuckDB on the same files; reruns must produce the same data), so Math.random is out.
export class Random {
  private state: number;
  constructor(seed: number) { this.state = seed >>> 0; }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick<T>(values: readonly T[]): T { return values[Math.floor(this.next() * values.length)]; }
  chance(p: number): boolean { return this.next() < p; }
}

/** A stable seed per table (and per stream within it), so one table's row count does not
 *  shift every other table's values. */
export function seedFor(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}
