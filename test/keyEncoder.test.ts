import { describe, expect, it } from 'vitest';
import { KeyEncoder } from '../src/exec/rowKeys.js';
import { Vector } from '../src/exec/vector.js';

function rng(seed: number) { return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; }; }

// Doubles through every path: small integers (the dense array), fractions, negatives,
// integers past the dense range and past 32 bits.
const DOUBLES = [0, 0.5, 1, 2, -3, 70_000, 2 ** 40, -0.25, 1e300];

describe('KeyEncoder (multi-column hash keys)', () => {
  it('numbers equal key tuples alike across batches, different tuples apart, NULL as a value; probing adds nothing', () => {
    const r = rng(3);
    const enc = new KeyEncoder();
    const seen = new Map<string, number>();
    const batch = (n: number): { cols: Vector[]; text: string[] } => {
      const s = new Array<string>(n), a = new Int32Array(n), d = new Float64Array(n);
      const sn = new Uint8Array(n), an = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        s[i] = `v${Math.floor(r() * 40)}`; a[i] = Math.floor(r() * 30); d[i] = DOUBLES[Math.floor(r() * DOUBLES.length)];
        if (r() < 0.05) sn[i] = 1;
        if (r() < 0.05) an[i] = 1;
      }
      const cols: Vector[] = [
        { type: { id: 'string' } as never, values: s, nulls: sn },
        { type: { id: 'int' } as never, values: a, nulls: an },
        { type: { id: 'double' } as never, values: d, nulls: null },
      ];
      const text = Array.from({ length: n }, (_, i) => `${sn[i] ? 'N' : s[i]}|${an[i] ? 'N' : a[i]}|${d[i]}`);
      return { cols, text };
    };
    for (let round = 0; round < 5; round++) {
      const { cols, text } = batch(20000);
      const { keys, nulls } = enc.encode(cols, 20000);
      for (let i = 0; i < 20000; i++) {
        const k = keys[i] as number;
        const prev = seen.get(text[i]);
        if (prev === undefined) seen.set(text[i], k); else expect(k).toBe(prev);
        expect(nulls?.[i] === 1).toBe(text[i].includes('N'));
      }
    }
    // Distinct tuples got distinct numbers, 0..n-1.
    expect(new Set(seen.values()).size).toBe(seen.size);
    expect(Math.max(...seen.values())).toBe(seen.size - 1);
    // A probe finds known tuples and gives -1 for unknown ones without adding them.
    const probe: Vector[] = [
      { type: { id: 'string' } as never, values: ['v1', 'nope', 'v1'], nulls: null },
      { type: { id: 'int' } as never, values: Int32Array.of(2, 2, 999), nulls: null },
      { type: { id: 'double' } as never, values: Float64Array.of(0.5, 0.5, 0.5), nulls: null },
    ];
    const p = enc.encode(probe, 3, false);
    expect(p.keys[0]).toBe(seen.get('v1|2|0.5') ?? -1);
    expect(p.keys[1]).toBe(-1);
    expect(p.keys[2]).toBe(-1);
    expect(enc.encode(probe, 3, false).keys[2]).toBe(-1);
  });

  it('a key vector passed again (GROUPING SETS) keeps its codes, alongside other columns, NULLs and probes', () => {
    const n = 1000;
    const r = rng(11);
    const cat = { type: { id: 'string' } as never, values: Array.from({ length: n }, () => `c${Math.floor(r() * 7)}`), nulls: Uint8Array.from({ length: n }, () => (r() < 0.1 ? 1 : 0)) };
    const year = { type: { id: 'int' } as never, values: Int32Array.from({ length: n }, () => 1998 + Math.floor(r() * 5)), nulls: null };
    const nullCol = { type: { id: 'int' } as never, values: new Int32Array(n), nulls: new Uint8Array(n).fill(1) };
    const text = (cols: Vector[], i: number) => cols.map((c) => (c.nulls?.[i] ? 'N' : String((c.values as ArrayLike<unknown>)[i]))).join('|');
    const enc = new KeyEncoder();
    const seen = new Map<string, number>();
    // The same two vectors in several combinations, as Expand passes them once per set.
    for (const cols of [[cat, year], [cat, nullCol], [nullCol, year], [cat, year], [nullCol, nullCol], [cat, nullCol]]) {
      const { keys, nulls } = enc.encode(cols, n);
      for (let i = 0; i < n; i++) {
        const t = text(cols, i);
        const prev = seen.get(t);
        if (prev === undefined) seen.set(t, keys[i] as number); else expect(keys[i]).toBe(prev);
        expect(nulls?.[i] === 1).toBe(t.includes('N'));
      }
    }
    expect(new Set(seen.values()).size).toBe(seen.size);
    // Probing with a vector encoded before finds the same tuples and adds none.
    const probe = enc.encode([cat, year], n, false);
    for (let i = 0; i < n; i++) expect(probe.keys[i]).toBe(seen.get(text([cat, year], i)));
  });
});

describe('KeyEncoder words (raw integers, codes, flags)', () => {
  const col = (values: ArrayLike<unknown>, nulls: Uint8Array | null = null): Vector => ({ type: { id: 'int' } as never, values: values as never, nulls });
  it('an integer is the same key from an int vector, a double vector or a plain array; a string "5", NULL, -0 and NaN keep their own identities', () => {
    const enc = new KeyEncoder();
    const other = col(Int32Array.of(1, 1, 1, 1, 1, 1));
    const a = enc.encode([col(Int32Array.of(5, 0, 7, 8, 9, 9), Uint8Array.of(0, 0, 0, 0, 0, 1)), other], 6).keys;
    const b = enc.encode([col(Float64Array.of(5, -0, NaN, 7.5, 2 ** 40, 0)), other], 6).keys;
    const c = enc.encode([col(['5', 0, null, NaN, 7.5, 5]), other], 6).keys;
    expect(b[0]).toBe(a[0]); // 5 as int and as double
    expect(b[1]).toBe(a[1]); // -0 groups with 0
    expect(c[5]).toBe(a[0]); // 5 from a plain array
    expect(c[1]).toBe(a[1]);
    expect(c[0]).not.toBe(a[0]); // the string '5' is not the number 5
    expect(c[3]).toBe(b[2]); // NaN with NaN
    expect(c[4]).toBe(b[3]); // a fraction, coded, found again
    expect(new Set([a[0], a[1], a[2], a[3], a[4], a[5], b[2], b[3], b[4], c[0], c[2]]).size).toBe(11);
    // The code a fraction got (0 in its column's dictionary) is not the integer 0, and a NULL
    // (word 0) is neither.
    expect(b[3]).not.toBe(a[1]);
    expect(a[5]).not.toBe(a[1]);
    // A probe finds raw and coded keys and misses unknown ones of either kind.
    const p = enc.encode([col(Float64Array.of(7.5, 8, 3, 0.25)), col(Int32Array.of(1, 1, 1, 1))], 4, false).keys;
    expect([p[0], p[1], p[2], p[3]]).toEqual([b[3], a[3], -1, -1]);
  });

  it('keys of more than 16 columns (two flag words) stay apart when only a late column differs', () => {
    const enc = new KeyEncoder();
    const cols = Array.from({ length: 20 }, (_, c) => col(c === 18 ? ['x', 'y', 'x', null] : Int32Array.of(1, 1, 1, 1), c === 18 ? Uint8Array.of(0, 0, 0, 1) : null));
    const k = enc.encode(cols, 4).keys;
    expect(k[0]).toBe(k[2]);
    expect(new Set([k[0], k[1], k[3]]).size).toBe(3);
  });
});
