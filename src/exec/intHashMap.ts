// A map from 32-bit integers to non-negative 32-bit integers in two typed arrays (open
// addressing, linear probing). Hash joins index their build rows by key, and an integer
// key (a surrogate key, a KeyEncoder tuple number) is looked up once per probe row: a JS
// Map boxes nothing here either, but hashes and compares through generic paths that cost
// several times a typed-array probe.

const EMPTY = -1;

export class IntHashMap {
  private keys: Int32Array;
  private values: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected = 16) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.keys = new Int32Array(cap);
    this.values = new Int32Array(cap).fill(EMPTY);
    this.mask = cap - 1;
  }

  /** The value for `key`, or -1. */
  get(key: number): number {
    const keys = this.keys, values = this.values, mask = this.mask;
    for (let s = slotOf(key, mask); ; s = (s + 1) & mask) {
      const v = values[s];
      if (v === EMPTY || keys[s] === key) return v;
    }
  }

  /** Sets `key` to `value` (value ≥ 0). */
  set(key: number, value: number): void {
    const mask = this.mask;
    let s = slotOf(key, mask);
    while (this.values[s] !== EMPTY && this.keys[s] !== key) s = (s + 1) & mask;
    if (this.values[s] === EMPTY) {
      this.size++;
      if (this.size * 2 > this.keys.length) { this.grow(); this.set(key, value); return; }
    }
    this.keys[s] = key;
    this.values[s] = value;
  }

  private grow(): void {
    const oldKeys = this.keys, oldValues = this.values;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.values = new Int32Array(oldKeys.length * 2).fill(EMPTY);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let s = 0; s < oldKeys.length; s++) if (oldValues[s] !== EMPTY) this.set(oldKeys[s], oldValues[s]);
  }
}

/** Spreads consecutive keys (surrogate keys are) over the table. */
const slotOf = (key: number, mask: number): number => {
  const h = Math.imul(key, 0x9e3779b1);
  return (h ^ (h >>> 16)) & mask;
};
