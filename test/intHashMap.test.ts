import { describe, expect, it } from 'vitest';
import { IntHashMap } from '../src/exec/intHashMap.js';

describe('IntHashMap', () => {
  it('agrees with a Map over inserts, overwrites, negative and colliding keys, through growth', () => {
    const m = new IntHashMap(4), ref = new Map<number, number>();
    let seed = 7;
    const next = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed; };
    for (let i = 0; i < 50_000; i++) {
      // Keys spaced by the table size collide in their home slot; some are negative.
      const k = (next() % 3 === 0 ? -1 : 1) * ((next() % 20_000) * 1024);
      const v = next() % 1_000_000;
      m.set(k, v); ref.set(k, v);
    }
    expect(m.size).toBe(ref.size);
    for (const [k, v] of ref) expect(m.get(k)).toBe(v);
    for (let k = 1; k < 5000; k += 7) if (!ref.has(k)) expect(m.get(k)).toBe(-1);
  });
});
