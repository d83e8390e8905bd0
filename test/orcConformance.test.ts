// The Apache ORC project's own test files (../shared/conformance/orc) read to exactly the
// rows in their expected/*.jsn.gz files, compared as values typed by the file's schema;
// corrupt files fail with an error naming the file and the problem.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { OrcFile } from '../src/formats/orc/orcReader.js';
import { DataType } from '../src/types/dataType.js';
import { formatDate, formatDecimal } from '../src/types/values.js';
import { TimestampVector } from '../src/formats/orc/columnReaders.js';
import { Vector } from '../src/exec/vector.js';

const DIR = join(__dirname, '../../shared/conformance/orc');
const present = existsSync(DIR);

/** Seconds-resolution wall clock and nanoseconds of a 'yyyy-mm-dd hh:mm:ss[.f…]' string. */
function parseTs(s: string): { secondMs: number; nanos: number } {
  const m = /^(-?\d+)-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`bad expected timestamp ${s}`);
  const d = new Date(0);
  d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);
  d.setUTCHours(+m[4], +m[5], +m[6], 0);
  return { secondMs: d.getTime(), nanos: m[7] ? Number(m[7].padEnd(9, '0')) : 0 };
}

/** Throws with a path when the engine value differs from the expected JSON value. */
function check(t: DataType, actual: unknown, expected: unknown, path: string, nanos?: number): void {
  const fail = () => { throw new Error(`${path}: expected ${JSON.stringify(expected)} (${t.id}), got ${String(actual instanceof Map ? JSON.stringify([...actual]) : JSON.stringify(actual))}`); };
  if (expected === null || expected === undefined) { if (actual !== null && actual !== undefined) fail(); return; }
  if (actual === null || actual === undefined) fail();
  switch (t.id) {
    case 'boolean': if ((actual === 1 || actual === true) !== expected) fail(); return;
    case 'tinyint': case 'smallint': case 'int': case 'bigint': case 'double': case 'date':
      if (t.id === 'date') { if (formatDate(actual as number) !== expected) fail(); return; }
      if (actual !== expected) fail(); return;
    case 'float': if (actual !== Math.fround(expected as number)) fail(); return;
    case 'decimal': {
      // The engine holds decimals as scaled integers in doubles: exact below 2^53, within
      // a double's precision beyond (docs/architecture.md).
      const a = Number(formatDecimal(actual as number, t.scale));
      if (Math.abs(actual as number) < 2 ** 53 ? a !== expected : Math.abs(a - (expected as number)) > 1e-15 * Math.abs(a)) fail();
      return;
    }
    case 'string': case 'varchar': case 'char': if (actual !== expected) fail(); return;
    case 'binary': {
      const bytes = [...Buffer.from(actual as string, 'latin1')];
      if (JSON.stringify(bytes) !== JSON.stringify(expected)) fail();
      return;
    }
    case 'timestamp': {
      const e = parseTs(expected as string);
      const ms = actual as number;
      const secondMs = Math.floor(ms / 1000) * 1000;
      if (secondMs !== e.secondMs) fail();
      if (nanos !== undefined ? nanos !== e.nanos : ms - secondMs !== Math.floor(e.nanos / 1e6)) fail();
      return;
    }
    case 'array': {
      const a = actual as unknown[], x = expected as unknown[];
      if (a.length !== x.length) fail();
      a.forEach((v, i) => check(t.element, v, x[i], `${path}[${i}]`));
      return;
    }
    case 'map': {
      const entries = [...(actual as Map<unknown, unknown>)];
      const x = expected as { key: unknown; value: unknown }[];
      if (entries.length !== x.length) fail();
      entries.forEach(([k, v], i) => { check(t.key, k, x[i].key, `${path}.key`); check(t.value, v, x[i].value, `${path}[${String(k)}]`); });
      return;
    }
    case 'struct': {
      const a = actual as unknown[], x = expected as Record<string, unknown>;
      t.fields.forEach((f, i) => check(f.type, a[i], x[f.name], `${path}.${f.name}`));
      return;
    }
    default: throw new Error(`no comparison for ${t.id}`);
  }
}

function valueAt(v: Vector, i: number): unknown {
  return v.nulls && v.nulls[i] ? null : v.values[i];
}

describe.skipIf(!present)('ORC conformance files', () => {
  const expectedFiles = present ? readdirSync(join(DIR, 'expected')).filter((f) => f.endsWith('.jsn.gz')) : [];

  it('has expected files to compare with', () => { expect(expectedFiles.length).toBeGreaterThan(10); });

  for (const exp of expectedFiles) {
    const name = exp.replace(/\.jsn\.gz$/, '.orc');
    it(`${name} reads to the expected rows`, () => {
      const lines = gunzipSync(readFileSync(join(DIR, 'expected', exp))).toString('utf8').split('\n').filter((l) => l.length > 0);
      const file = OrcFile.open(join(DIR, name));
      try {
        expect(file.numberOfRows).toBe(lines.length);
        const structRoot = file.root.type.id === 'struct' && file.root.kind === 12;
        const reader = file.rows({ batchSize: 1000 });
        let row = 0;
        for (let b = reader.next(); b; b = reader.next()) {
          for (let i = 0; i < b.length; i++, row++) {
            const expected = JSON.parse(lines[row]);
            file.fields.forEach((f, c) => {
              const col = b.columns[c] as TimestampVector;
              check(f.column.type, valueAt(col, i), structRoot ? expected[f.name] : expected, `row ${row} ${f.name}`, col.nanos?.[i]);
            });
          }
        }
        expect(row).toBe(lines.length);
      } finally { file.close(); }
    });
  }

  const others = present ? readdirSync(DIR).filter((f) => f.endsWith('.orc') && !expectedFiles.includes(f.replace(/\.orc$/, '.jsn.gz'))) : [];
  for (const name of others) {
    it(`${name} reads without error or is rejected clearly`, () => {
      try {
        const file = OrcFile.open(join(DIR, name));
        let rows = 0;
        const r = file.rows();
        for (let b = r.next(); b; b = r.next()) rows += b.length;
        file.close();
        expect(rows).toBe(file.numberOfRows);
      } catch (e) {
        expect((e as Error).message).toContain(name);
        expect((e as Error).message).toMatch(/not an ORC file|version|too small|empty/);
      }
    });
  }

  const corrupt = present ? readdirSync(join(DIR, 'corrupt')) : [];
  for (const name of corrupt) {
    it(`corrupt/${name} fails naming the file and the problem`, () => {
      const read = () => {
        const file = OrcFile.open(join(DIR, 'corrupt', name));
        try { const r = file.rows(); while (r.next()); } finally { file.close(); }
      };
      expect(read).toThrow(new RegExp(`ORC file .*${name.replace('.', '\\.')}: \\S`));
    });
  }
});
