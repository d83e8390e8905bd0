// Hash keys for rows, shared by hash aggregation and hash join. One key column is used as
// is (no per-row work). Several columns become one number per row (KeyEncoder), which is
// far cheaper than building a string per row.
import { Vector } from './vector.js';
import { valueKey } from '../types/complexValues.js';

export type Key = number | string;

export interface RowKeys {
  keys: ArrayLike<Key>;
  /** 1 where any key column is NULL. */
  nulls: Uint8Array | null;
}

/** Per row and key column, what its word holds (two bits each in a tuple's flag words):
 *  0 the value itself (a 32-bit integer), NULL_FLAG none (NULL), CODED the value's code. */
const NULL_FLAG = 1, CODED = 2;
/** Flag bits per flag word: 16 columns of two bits. */
const COLUMNS_PER_FLAG_WORD = 16;

/** Whether every row of the batch has the same value (or every row is NULL). */
function isUniform(col: Vector, n: number): boolean {
  if (n < 2) return false;
  const nulls = col.nulls;
  if (nulls !== null) {
    const first = nulls[0];
    for (let i = 1; i < n; i++) if (nulls[i] !== first) return false;
    if (first === 1) return true;
  }
  const vals = col.values as ArrayLike<unknown>;
  const v = vals[0];
  if (typeof v === 'object' && v !== null) return false;
  for (let i = 1; i < n; i++) if (vals[i] !== v) return false;
  return true;
}

/** Folds one column's code into a row's running hash. */
const mix = (h: number, code: number): number => Math.imul(h ^ code, 0x9e3779b1) ^ (h >>> 15);
/** A hash's home slot in a table of mask + 1 slots. */
const slotOf = (h: number, mask: number): number => (h ^ (h >>> 16)) & mask;

/**
 * Numbers rows by their key: the same key, the same number, across every batch encoded.
 * Each key column gives a row one 32-bit word: a 32-bit integer value is its own word (no
 * lookup: surrogate keys, dates and years, the bulk of TPC-DS keys); any other value
 * (a string, a fraction, a bigint past 32 bits, an array) is numbered by a dictionary of
 * its column (a Map, which hashes a string once and keeps the hash on it). Two flag bits
 * per column say which of the two a word is, or that the value is NULL, so raw 7 and code
 * 7 stay apart. A row's words and flag words are hashed into an open-addressing table of
 * the distinct tuples seen, compared word by word.
 */
export class KeyEncoder {
  /** Per column, the codes of its values that are not 32-bit integers. */
  private readonly values: Map<unknown, number>[] = [];
  /** The words of each distinct key (tuple) numbered so far, tuple after tuple (one
   *  tuple's words side by side: comparing a row with it reads one or two cache lines). */
  private tupleWords = new Int32Array(0);
  private tuples = 0;
  /** Words per tuple, fixed by the first batch: key columns plus flag words. */
  private width = 0;
  /** Open addressing, slot s in two words: slots[2s + 1] is the tuple number + 1 (0 =
   *  empty) and slots[2s] its hash, which rejects most other tuples without reading their
   *  words. Side by side, a probe of a table larger than the cache misses once per slot
   *  (with the hashes in an array of their own, a third of encoding waited on the second
   *  miss). */
  private slots = new Int32Array(2 << 10);
  /** Per column, the words of the last vector it encoded: GROUPING SETS pass the same key
   *  vectors once per set (q67: 9 sets of 8 keys), and a code, once given, never changes.
   *  Kept only when inserting: a probe's "absent" could be inserted later. */
  private readonly lastWords: ({ values: unknown; nulls: Uint8Array | null; n: number; words: Int32Array; flags: Uint8Array | null } | undefined)[] = [];

  /** How many distinct keys (tuples) have been numbered: they are 0 .. size - 1. */
  get size(): number { return this.tuples; }

  /**
   * The rows' keys. With `insert` false (a join's probe side) a key never seen is -1 and
   * nothing is added. A NULL key column is a value of its own (aggregation groups NULLs);
   * `nulls` marks the rows that have one (a join skips them).
   */
  encode(cols: Vector[], n: number, insert = true): RowKeys {
    if (cols.length === 1) return { keys: cols[0].values as ArrayLike<Key>, nulls: cols[0].nulls };
    const k = cols.length;
    const flagWords = Math.ceil(k / COLUMNS_PER_FLAG_WORD);
    if (this.width === 0) this.width = k + flagWords;
    else if (this.width !== k + flagWords) throw new Error(`internal: a key of ${k} columns after keys of another width`);
    while (this.values.length < k) this.values.push(new Map());
    let nulls: Uint8Array | null = null;
    const keys = new Float64Array(n);
    const hash = new Int32Array(n);
    const words: Int32Array[] = [];
    const flags: (Int32Array | null)[] = new Array(flagWords).fill(null);
    for (let c = 0; c < k; c++) {
      const col = cols[c];
      const last = this.lastWords[c];
      let w: Int32Array, fl: Uint8Array | null;
      if (insert && last !== undefined && last.values === col.values && last.nulls === col.nulls && last.n === n) ({ words: w, flags: fl } = last);
      else {
        ({ words: w, flags: fl } = this.columnWords(c, col, n, insert, keys));
        this.lastWords[c] = insert ? { values: col.values, nulls: col.nulls, n, words: w, flags: fl } : undefined;
      }
      words.push(w);
      if (fl !== null) {
        const f = (c / COLUMNS_PER_FLAG_WORD) | 0, shift = 2 * (c % COLUMNS_PER_FLAG_WORD);
        const fw = (flags[f] ??= new Int32Array(n));
        for (let i = 0; i < n; i++) {
          const b = fl[i];
          if (b === 0) continue;
          fw[i] |= b << shift;
          if (b === NULL_FLAG) (nulls ??= new Uint8Array(n))[i] = 1;
        }
        // A flag changes the word's meaning, so it goes into the hash with it.
        for (let i = 0; i < n; i++) hash[i] = mix(hash[i], w[i] ^ (fl[i] << 30));
      } else {
        for (let i = 0; i < n; i++) hash[i] = mix(hash[i], w[i]);
      }
    }
    for (let f = 0; f < flagWords; f++) words.push(flags[f] ?? new Int32Array(n));
    for (let i = 0; i < n; i++) {
      if (keys[i] < 0) continue;
      keys[i] = this.find(words, i, hash[i], insert);
    }
    return { keys, nulls };
  }

  /** Column c's word per row and, unless every word is a raw integer, its flags. A probe
   *  (not inserting) marks rows with a value never coded as absent in `keys` (-1). */
  private columnWords(c: number, col: Vector, n: number, insert: boolean, keys: Float64Array): { words: Int32Array; flags: Uint8Array | null } {
    const vals = col.values as ArrayLike<unknown>;
    const nulls = col.nulls;
    // One value in the whole batch (GROUPING SETS' flags and rolled-up NULL keys, a
    // partition column): looked up once.
    if (isUniform(col, n)) {
      const words = new Int32Array(n);
      if (nulls !== null && nulls[0] === 1) return { words, flags: new Uint8Array(n).fill(NULL_FLAG) };
      const v = vals[0];
      if (typeof v === 'number' && (v | 0) === v) return { words: words.fill(v), flags: null };
      const code = this.codeOf(c, v, insert);
      if (code < 0) keys.fill(-1);
      return { words: words.fill(code), flags: new Uint8Array(n).fill(CODED) };
    }
    // An int vector without NULLs is its own words.
    if (vals instanceof Int32Array && nulls === null) return { words: vals.length === n ? vals : vals.subarray(0, n), flags: null };
    const words = new Int32Array(n);
    let flags: Uint8Array | null = null;
    if (nulls !== null) {
      for (let i = 0; i < n; i++) if (nulls[i] === 1) (flags ??= new Uint8Array(n))[i] = NULL_FLAG;
    }
    // One loop per kind of vector: each sees one array type, so V8 compiles its element
    // reads for that type instead of a generic lookup per row.
    if (vals instanceof Int32Array) {
      for (let i = 0; i < n; i++) words[i] = vals[i];
    } else if (vals instanceof Float64Array) {
      for (let i = 0; i < n; i++) {
        if (flags !== null && flags[i] === NULL_FLAG) continue;
        const v = vals[i];
        if ((v | 0) === v) { words[i] = v; continue; }
        words[i] = this.coded(c, v, insert, keys, i);
        (flags ??= new Uint8Array(n))[i] = CODED;
      }
    } else {
      for (let i = 0; i < n; i++) {
        if (flags !== null && flags[i] === NULL_FLAG) continue;
        const v = vals[i];
        if (typeof v === 'number' && (v | 0) === v) { words[i] = v; continue; }
        words[i] = this.coded(c, v, insert, keys, i);
        (flags ??= new Uint8Array(n))[i] = CODED;
      }
    }
    if (nulls !== null) for (let i = 0; i < n; i++) if (nulls[i] === 1) words[i] = 0;
    return { words, flags };
  }

  /** Row i's code for value v of column c; a probe's unknown value marks the row absent. */
  private coded(c: number, v: unknown, insert: boolean, keys: Float64Array, i: number): number {
    const code = this.codeOf(c, v, insert);
    if (code < 0) keys[i] = -1;
    return code;
  }

  /** Column c's code for a value that is not a 32-bit integer (numbered on first sight
   *  when inserting); -1 if absent. Arrays, maps and structs are keys by content; the Map
   *  keeps -0 with 0 and NaN with NaN, as grouping does. */
  private codeOf(c: number, v: unknown, insert: boolean): number {
    if (typeof v === 'object' && v !== null) v = valueKey(v);
    const dict = this.values[c];
    let code = dict.get(v);
    if (code === undefined) {
      if (!insert) return -1;
      code = dict.size;
      dict.set(v, code);
    }
    return code;
  }

  /** The tuple number of row i's words; -1 if absent and not inserting. */
  private find(words: Int32Array[], i: number, h: number, insert: boolean): number {
    const k = this.width;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const tw = this.tupleWords;
    let s = slotOf(h, mask);
    for (;;) {
      const t = slots[2 * s + 1] - 1;
      if (t < 0) break;
      if (slots[2 * s] === h) {
        const base = t * k;
        let same = true;
        for (let c = 0; c < k; c++) if (tw[base + c] !== words[c][i]) { same = false; break; }
        if (same) return t;
      }
      s = (s + 1) & mask;
    }
    if (!insert) return -1;
    const t = this.tuples++;
    if ((t + 1) * k > this.tupleWords.length) {
      const words2 = new Int32Array(Math.max(1024, 2 * (this.tupleWords.length / k)) * k);
      words2.set(this.tupleWords);
      this.tupleWords = words2;
    }
    const base = t * k;
    for (let c = 0; c < k; c++) this.tupleWords[base + c] = words[c][i];
    slots[2 * s] = h;
    slots[2 * s + 1] = t + 1;
    if (this.tuples * 4 > slots.length) this.grow();
    return t;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Int32Array(2 * old.length);
    const mask = (slots.length >> 1) - 1;
    for (let o = 1; o < old.length; o += 2) {
      if (old[o] === 0) continue;
      const h = old[o - 1];
      let s = slotOf(h, mask);
      while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
      slots[2 * s] = h;
      slots[2 * s + 1] = old[o];
    }
    this.slots = slots;
  }
}
