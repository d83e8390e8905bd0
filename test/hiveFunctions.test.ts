// Hive's built-in functions through the hive module: every function listed by SHOW
// FUNCTIONS has cases (NULL input included) whose expected values come from Hive's manual
// and regression tests (test/hive/functionCases.ts names the source of each group).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../src/session/session.js';
import { HiveModule } from '../src/module/hiveModule.js';
import { formatTsv } from '../src/client/format.js';
import { removeDir, run, tempDir } from './helpers.js';
import { DATA_ROWS, GROUPS, QUERY_GROUPS } from './hive/functionCases.js';

let dir: string;
let s: Session;

beforeAll(() => {
  dir = tempDir();
  s = new Session({ warehouse: dir });
  run(s, `CREATE TABLE fn_data (k string, x int, y double); INSERT INTO fn_data VALUES ${DATA_ROWS.join(', ')}`);
});
afterAll(() => { s.close(); removeDir(dir); });

function rowsOf(sql: string): string[] {
  return text(sql).split('\n');
}

function text(sql: string): string {
  const r = run(s, /^(select|show)\b/i.test(sql) ? sql : `SELECT ${sql}`);
  if (r.kind !== 'rows') throw new Error('no rows');
  return formatTsv(r, false).replace(/\n$/, '');
}

for (const g of [...GROUPS, ...QUERY_GROUPS]) {
  describe(`${g.name} (source: ${g.source.split(';')[0]})`, () => {
    it.each(g.cases)('%s', (sql, expected) => {
      expect(text(sql)).toBe(expected);
    });
  });
}

describe('coverage of the hive module', () => {
  const all = [...GROUPS, ...QUERY_GROUPS].flatMap((g) => g.cases.map(([sql]) => sql));
  // Window functions are checked against DuckDB in windowFunctions.test.ts.
  const WINDOW = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile', 'lag', 'lead', 'first_value', 'last_value']);
  const NO_ARGUMENTS = new Set(['pi', 'e', 'current_date', 'current_timestamp', 'current_database', 'current_user', 'logged_in_user', 'version']);
  const names = new HiveModule('3.1.3').functionNames();

  it('lists at least 200 functions, each in docs/functions.md with its status', () => {
    expect(names.length).toBeGreaterThanOrEqual(200);
    const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'functions.md'), 'utf8');
    expect(names.filter((f) => !doc.includes(`| \`${f}\` |`))).toEqual([]);
    expect(rowsOf('SHOW FUNCTIONS').length).toBeGreaterThanOrEqual(names.length);
  });

  it('has a case for every function, and one with NULL input for every function that takes arguments', () => {
    const calls = (f: string) => new RegExp(`(^|[^a-z_.])${f}\\s*\\(`, 'i');
    const missing = names.filter((f) => !WINDOW.has(f) && !all.some((sql) => calls(f).test(sql)));
    expect(missing).toEqual([]);
    // NULL input: the function is called in a case that has NULL (or reads fn_data's NULL rows).
    const noNull = names.filter((f) => !WINDOW.has(f) && !NO_ARGUMENTS.has(f) && !all.some((sql) => calls(f).test(sql) && /null|fn_data/i.test(sql)));
    expect(noNull).toEqual([]);
  });
});
