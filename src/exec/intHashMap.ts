// A map from 32-bit integers to non-negative 32-bit integers in one typed array (open
// addressing, linear probing). Hash joins index their build rows by key, and an integer
// key (a surrogate key, a KeyEncoder tuple number) is looked up once per probe row: a JS
// Map boxes nothing here either, but hashes and compares through generic paths that cost
// several times a typed-array probe.

const EMPTY = -1;

export class IntHashMap {
  /** Slot s is entries[2s] (its key) and entries[2s + 1] (its value, EMPTY for none): a
   *  probe of a table larger than the cache then misses once per slot, not once per array
   *  (the key and value arrays apart cost a hash join's probe two misses per row). */
  private entries: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.entries = new Int32Array(2 * cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  /** The value for `key`, or -1. */
  get(key: number): number {
    const e = this.entries, mask = this.mask;
    for (let s = slotOf(key, mask); ; s = (s + 1) & mask) {
      const v = e[2 * s + 1];
      if (v === EMPTY || e[2 * s] === key) return v;
    }
  }

  /** Sets `key` to `value` (value ≥ 0). */
  set(key: number, value: number): void {
    const e = this.entries, mask = this.mask;
    let s = slotOf(key, mask);
    while (e[2 * s + 1] !== EMPTY && e[2 * s] !== key) s = (s + 1) & mask;
    if (e[2 * s + 1] === EMPTY) {
      this.size++;
      if (this.size * 2 > mask + 1) { this.grow(); this.set(key, value); return; }
    }
    e[2 * s] = key;
    e[2 * s + 1] = value;
  }

  private grow(): void {
    const old = this.entries;
    this.entries = new Int32Array(2 * old.length).fill(EMPTY);
    this.mask = old.length - 1;
    this.size = 0;
    for (let s = 1; s < old.length; s += 2) if (old[s] !== EMPTY) this.set(old[s - 1], old[s]);
  }
}

/** Spreads consecutive keys (surrogate keys are) over the table. */
const slotOf = (key: number, mask: number): number => {
  const h = Math.imul(key, 0x9e3779b1);
  return (h ^ (h >>> 16)) & mask;
};
