// Directory listings are reused only while the directory is unchanged.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listDataFileSizes, listDataFiles } from '../src/warehouse/dataFiles.js';
import { removeDir, tempDir } from './helpers.js';

describe('data file listings', () => {
  const root = tempDir();
  afterAll(() => removeDir(root));
  const names = (dir: string) => listDataFiles(dir).map((f) => f.slice(dir.length + 1));

  it('sees a file added in the same instant as the listing before it', () => {
    const dir = join(root, 'fresh');
    mkdirSync(dir);
    writeFileSync(join(dir, '000000_0'), 'a');
    expect(names(dir)).toEqual(['000000_0']);
    writeFileSync(join(dir, '000001_0'), 'b');
    writeFileSync(join(dir, '.hidden'), 'c');
    writeFileSync(join(dir, '_SUCCESS'), '');
    expect(names(dir)).toEqual(['000000_0', '000001_0']);
    expect(listDataFiles(join(root, 'missing'))).toEqual([]);
  });

  it('reuses the listing of a settled directory, and lists again once it changes', async () => {
    const dir = join(root, 'settled');
    mkdirSync(dir);
    writeFileSync(join(dir, '000000_0'), 'a');
    await new Promise((r) => setTimeout(r, 2100));
    const first = listDataFileSizes(dir);
    expect(listDataFileSizes(dir)).toBe(first);
    writeFileSync(join(dir, '000001_0'), 'bcd');
    expect(names(dir)).toEqual(['000000_0', '000001_0']);
    expect(listDataFileSizes(dir).map((f) => f.size)).toEqual([1, 3]);
    rmSync(join(dir, '000000_0'));
    expect(names(dir)).toEqual(['000001_0']);
  });
});
