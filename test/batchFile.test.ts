// Shuffle/spill files: small batches are written as full record batches, in order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as A from 'apache-arrow';
import { BatchFileReader, BatchFileWriter, FILE_BATCH_ROWS } from '../src/shuffle/batchFile.js';
import { BATCH_SIZE, Batch } from '../src/exec/vector.js';
import { T } from '../src/types/dataType.js';
import { removeDir, tempDir } from './helpers.js';

const types = [T.int, T.string];
const batchOf = (from: number, n: number): Batch => ({
  length: n,
  columns: [
    { type: T.int, values: Int32Array.from({ length: n }, (_, i) => from + i), nulls: null },
    { type: T.string, values: Array.from({ length: n }, (_, i) => `r${from + i}`), nulls: Uint8Array.from({ length: n }, (_, i) => ((from + i) % 7 === 0 ? 1 : 0)) },
  ],
});

describe('batch files', () => {
  const dir = tempDir();
  afterAll(() => removeDir(dir));

  for (const compress of [false, true]) {
    it(`coalesces small batches into full record batches, rows in order (compression ${compress})`, () => {
      const path = join(dir, `small-${compress}.arrow`);
      const w = new BatchFileWriter(path, types, compress);
      const sizes = [...Array.from({ length: 100 }, (_, i) => 1 + (i % 80)), BATCH_SIZE * 2, 5];
      let n = 0;
      for (const k of sizes) { w.write(batchOf(n, k)); n += k; }
      w.close();
      expect(w.rows).toBe(n);
      // apache-arrow's own reader sees few, large record batches.
      const table = A.tableFromIPC(readFileSync(path));
      expect(table.numRows).toBe(n);
      expect(table.batches.length).toBeLessThanOrEqual(Math.ceil(n / FILE_BATCH_ROWS) + 1);
      const r = new BatchFileReader(path, types);
      const ints: number[] = [], strs: (string | null)[] = [];
      for (let b = r.next(); b; b = r.next()) {
        for (let i = 0; i < b.length; i++) {
          ints.push((b.columns[0].values as Int32Array)[i]);
          strs.push(b.columns[1].nulls?.[i] ? null : (b.columns[1].values as string[])[i]);
        }
      }
      expect(ints).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(strs).toEqual(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : `r${i}`)));
    });
  }

  it('gathers batches large enough that a string column with repeats far apart is dictionary-encoded', () => {
    // 12,000 distinct strings in a random order: any 4,096 rows hold about 3,500 of them
    // (more than half, so plain strings), 32,768 rows about 11,600 (a dictionary).
    const path = join(dir, 'dictionary.arrow');
    const w = new BatchFileWriter(path, types, true);
    let seed = 5;
    const pick = () => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return seed % 12_000; };
    const rows = 40 * 1024, written: string[] = [];
    for (let from = 0; from < rows; from += 1024) {
      const values = Array.from({ length: 1024 }, () => `a fairly long item description ${pick()}`);
      written.push(...values);
      w.write({ length: 1024, columns: [{ type: T.int, values: Int32Array.from({ length: 1024 }, (_, i) => from + i), nulls: null }, { type: T.string, values, nulls: null }] });
    }
    w.close();
    const table = A.tableFromIPC(readFileSync(path));
    expect(A.DataType.isDictionary(table.schema.fields[1].type)).toBe(true);
    const r = new BatchFileReader(path, types);
    const back: string[] = [];
    for (let b = r.next(); b; b = r.next()) for (let i = 0; i < b.length; i++) back.push((b.columns[1].values as string[])[i]);
    expect(back).toEqual(written);
  });

  it('writes no validity bitmap for a column with a NULL mask but no NULL; batches read back intact and independent', () => {
    const path = join(dir, 'no-nulls.arrow');
    const w = new BatchFileWriter(path, [T.int, T.double], true);
    const n = FILE_BATCH_ROWS;
    const batch = (from: number, nullEvery: number): Batch => ({
      length: n,
      columns: [
        { type: T.int, values: Int32Array.from({ length: n }, (_, i) => from + i), nulls: new Uint8Array(n) },
        { type: T.double, values: Float64Array.from({ length: n }, (_, i) => (from + i) / 4), nulls: Uint8Array.from({ length: n }, (_, i) => (nullEvery && i % nullEvery === 0 ? 1 : 0)) },
      ],
    });
    w.write(batch(0, 0)); w.write(batch(n, 5));
    w.close();
    const table = A.tableFromIPC(readFileSync(path));
    const bitmapBytes = (c: number, b: number) => table.batches[b].data.children[c].nullBitmap?.length ?? 0;
    expect([bitmapBytes(0, 0), bitmapBytes(1, 0), bitmapBytes(0, 1)]).toEqual([0, 0, 0]);
    expect(bitmapBytes(1, 1)).toBe(n / 8);
    const r = new BatchFileReader(path, [T.int, T.double]);
    const first = r.next()!, second = r.next()!;
    expect(r.next()).toBeNull();
    // The first batch's vectors are its own: reading the second changed nothing in them.
    expect(Array.from(first.columns[0].values as Int32Array)).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(Array.from(first.columns[1].values as Float64Array)).toEqual(Array.from({ length: n }, (_, i) => i / 4));
    expect(first.columns[1].nulls).toBeNull();
    expect(Array.from(second.columns[1].nulls!)).toEqual(Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1 : 0)));
    expect(Array.from(second.columns[0].values as Int32Array)).toEqual(Array.from({ length: n }, (_, i) => n + i));
  });

  it('dictionary-encodes string columns with few distinct values, a dictionary per batch, NULLs kept', () => {
    const path = join(dir, 'dict.arrow');
    const w = new BatchFileWriter(path, types, true);
    const words = ['Women', 'Men', 'Children', 'Shoes', 'Music', 'Jewelry', 'Home'];
    const batch = (from: number, n: number, vocab: number): Batch => ({
      length: n,
      columns: [
        { type: T.int, values: Int32Array.from({ length: n }, (_, i) => from + i), nulls: null },
        { type: T.string, values: Array.from({ length: n }, (_, i) => `${words[(from + i) % vocab]}`), nulls: Uint8Array.from({ length: n }, (_, i) => ((from + i) % 11 === 0 ? 1 : 0)) },
      ],
    });
    // Each batch has its own values: later dictionaries replace earlier ones.
    w.write(batch(0, BATCH_SIZE, 3)); w.write(batch(BATCH_SIZE, BATCH_SIZE, 7)); w.write(batch(2 * BATCH_SIZE, 10, 2));
    w.close();
    const n = 2 * BATCH_SIZE + 10;
    const expected = Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : words[i % (i < BATCH_SIZE ? 3 : i < 2 * BATCH_SIZE ? 7 : 2)]));
    const table = A.tableFromIPC(readFileSync(path));
    expect(A.DataType.isDictionary(table.schema.fields[1].type)).toBe(true);
    expect(table.getChildAt(1)!.toArray()).toEqual(expected);
    const r = new BatchFileReader(path, types);
    const strs: (string | null)[] = [];
    for (let b = r.next(); b; b = r.next()) for (let i = 0; i < b.length; i++) strs.push(b.columns[1].nulls?.[i] ? null : (b.columns[1].values as string[])[i]);
    expect(strs).toEqual(expected);
  });
});
