// Text files read as byte-range splits (Hadoop's rule: a split skips the line it starts
// inside and finishes the line it ends inside) give every line exactly once.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatByName, wholeFile } from '../src/formats/storageFormat.js';
import { removeDir, tempDir } from './helpers.js';

const TEXT = formatByName('TEXTFILE')!;
const spec = { columns: [{ name: 'a', type: { id: 'int' } as const }, { name: 'b', type: { id: 'string' } as const }], projection: [0, 1], predicates: [], serdeParams: { 'field.delim': '|' } };

function readAll(reader: { next(): { columns: { values: ArrayLike<unknown> }[]; length: number } | null }): string[] {
  const out: string[] = [];
  for (let b = reader.next(); b; b = reader.next()) for (let i = 0; i < b.length; i++) out.push(`${b.columns[0].values[i]}|${b.columns[1].values[i]}`);
  return out;
}

describe('text file splits', () => {
  it('every line once, whatever the split boundaries (multi-byte characters, long lines)', () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'data.txt');
      const lines = Array.from({ length: 30_000 }, (_, i) => `${i}|${'é'.repeat(i % 7)}${'x'.repeat((i * 7919) % 1500)}`);
      writeFileSync(path, lines.join('\n') + '\n');
      const whole = readAll(TEXT.open(wholeFile(path), spec));
      expect(whole).toEqual(lines);
      const splits = TEXT.splits(path);
      expect(splits.length).toBeGreaterThan(1); // the file is larger than one split
      expect(splits.flatMap((s) => readAll(TEXT.open(s, spec)))).toEqual(lines);
      // Odd boundaries: inside characters, on newlines, one byte long.
      const size = splits[splits.length - 1].end;
      for (const step of [1_000_003, 777_777, 4096]) {
        const parts = [];
        for (let s = 0; s < size; s += step) parts.push(...readAll(TEXT.open({ path, start: s, end: Math.min(size, s + step) }, spec)));
        expect(parts.length, `step ${step}`).toBe(lines.length);
        expect(parts).toEqual(lines);
      }
    } finally { removeDir(dir); }
  });
});
