// Shuffle/spill files: small batches are written as full record batches, in order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as A from 'apache-arrow';
import { BatchFileReader, BatchFileWriter } from '../src/shuffle/batchFile.js';
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
      expect(table.batches.length).toBeLessThanOrEqual(Math.ceil(n / BATCH_SIZE) + 1);
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
});
