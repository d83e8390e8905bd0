// Modules and user-defined functions: LOAD/UNLOAD MODULE, USE MODULES order, SHOW [FULL]
// MODULES, SHOW FUNCTIONS, DESCRIBE FUNCTION; JavaScript and TypeScript UDFs as temporary
// and catalog functions (kept in the metastore across sessions); complex types in text tables.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../src/session/session.js';
import { removeDir, rows, run, tempDir } from './helpers.js';

let dir: string;
let s: Session;
beforeAll(() => { dir = tempDir(); s = new Session({ warehouse: join(dir, 'wh') }); });
afterAll(() => { s.close(); removeDir(dir); });

describe('modules', () => {
  it('core and hive are loaded by default with the Hive dialect, in that order', () => {
    expect(rows(s, 'SHOW MODULES')).toEqual([['core'], ['hive']]);
    expect(rows(s, 'SHOW FULL MODULES')).toEqual([['core', 'true'], ['hive', 'true']]);
    expect(rows(s, 'SHOW FUNCTIONS').length).toBeGreaterThanOrEqual(200);
    expect(rows(s, "SHOW FUNCTIONS LIKE 'concat*'")).toEqual([['concat'], ['concat_ws']]);
  });

  it('UNLOAD MODULE hive removes its functions and says where they are; LOAD MODULE brings them back', () => {
    run(s, 'UNLOAD MODULE hive');
    expect(() => rows(s, "SELECT concat_ws('-', 'a', 'b')")).toThrow(/invalid function concat_ws: it is a Hive built-in function: LOAD MODULE hive/);
    expect(rows(s, "SELECT upper('a')")).toEqual([['A']]); // core still resolves
    run(s, "LOAD MODULE hive WITH ('hive-version' = '3.1.3')");
    expect(rows(s, "SELECT concat_ws('-', 'a', 'b')")).toEqual([['a-b']]);
    expect(() => run(s, 'LOAD MODULE hive')).toThrow(/already loaded/);
    expect(() => run(s, "LOAD MODULE hive2")).toThrow(/no module factory for 'hive2'/);
    expect(() => run(s, "LOAD MODULE x WITH ('a' = 'b'")).toThrow(/LOAD MODULE/);
  });

  it('USE MODULES sets the resolution order and disables the modules it does not name', () => {
    run(s, 'USE MODULES hive');
    expect(rows(s, 'SHOW FULL MODULES')).toEqual([['hive', 'true'], ['core', 'false']]);
    expect(rows(s, 'DESCRIBE FUNCTION EXTENDED upper')).toContainEqual(['Defined by: module hive']);
    run(s, 'USE MODULES core');
    expect(() => rows(s, "SELECT concat_ws('-', 'a')")).toThrow(/module hive, which is loaded but not used/);
    run(s, 'USE MODULES core, hive');
    expect(rows(s, 'DESCRIBE FUNCTION EXTENDED upper')).toContainEqual(['Defined by: module core']);
    expect(() => run(s, 'USE MODULES core, nope')).toThrow(/no module named 'nope' is loaded/);
  });

  it('DESCRIBE FUNCTION prints the usage; unknown functions say so', () => {
    expect(rows(s, 'DESCRIBE FUNCTION concat_ws')[0][0]).toMatch(/^concat_ws\(separator/);
    expect(rows(s, 'DESC FUNCTION nope')).toEqual([["Function 'nope' does not exist."]]);
  });

  it("'sluice.hive-dialect.load-hive-module' = 'false' starts with core only", () => {
    const t = new Session({ warehouse: join(dir, 'wh2'), hiveconf: { 'sluice.hive-dialect.load-hive-module': 'false' } });
    try {
      expect(rows(t, 'SHOW MODULES')).toEqual([['core']]);
    } finally { t.close(); }
  });
});

describe('user-defined functions', () => {
  const udfs = () => join(dir, 'udfs.mjs');
  beforeAll(() => {
    writeFileSync(udfs(), `
export const plus_one = { returns: 'int', params: 'int', eval: (x) => x + 1 };
export function shout(s) { return s.toUpperCase() + '!'; }
shout.returns = 'string';
export const first_non_null = { returns: (types) => types[0], calledOnNullInput: true, eval: (...xs) => xs.find((x) => x !== null) ?? null };
export const money = { returns: 'decimal(10,2)', params: 'decimal(10,2)', eval: (x) => x * 2 };
export const product = { kind: 'aggregate', returns: 'double', params: 'double', init: () => 1, add: (s, x) => s * x, result: (s) => s };
export const broken = { eval: (x) => x };
`);
    writeFileSync(join(dir, 'strings.ts'), `
export const rev = { returns: 'string', params: 'string', eval: (s: string): string => [...s].reverse().join('') };
`);
  });

  it('CREATE TEMPORARY FUNCTION runs scalar and aggregate JavaScript functions', () => {
    run(s, `CREATE TEMPORARY FUNCTION plus_one AS '${udfs()}#plus_one'`);
    run(s, `CREATE TEMPORARY FUNCTION shout AS '${udfs()}#shout' LANGUAGE JAVASCRIPT`);
    run(s, `CREATE TEMPORARY FUNCTION fnn AS '${udfs()}#first_non_null'`);
    run(s, `CREATE TEMPORARY FUNCTION money AS '${udfs()}#money'`);
    run(s, `CREATE TEMPORARY FUNCTION product AS '${udfs()}#product'`);
    expect(rows(s, "SELECT plus_one(41), plus_one(NULL), shout('hi'), fnn(NULL, 'b', 'c'), money(1.25)")).toEqual([['42', null, 'HI!', 'b', '2.50']]);
    run(s, 'CREATE TABLE nums (g string, x double); INSERT INTO nums VALUES (\'a\', 2), (\'a\', 3), (\'b\', 4), (\'b\', NULL)');
    expect(rows(s, 'SELECT g, product(x) FROM nums GROUP BY g ORDER BY g')).toEqual([['a', '6.0'], ['b', '4.0']]);
    expect(rows(s, 'SHOW USER FUNCTIONS')).toEqual([['fnn'], ['money'], ['plus_one'], ['product'], ['shout']]);
    run(s, 'DROP TEMPORARY FUNCTION shout');
    expect(() => rows(s, "SELECT shout('x')")).toThrow(/invalid function shout/);
  });

  it('TypeScript modules compile on load', () => {
    run(s, `CREATE TEMPORARY FUNCTION rev AS '${join(dir, 'strings.ts')}#rev' LANGUAGE TYPESCRIPT`);
    expect(rows(s, "SELECT rev('abc')")).toEqual([['cba']]);
  });

  it('CREATE FUNCTION stores a catalog function in the metastore; another session uses it', () => {
    run(s, `CREATE FUNCTION default.plus_one_c AS '${udfs()}#plus_one'`);
    expect(rows(s, 'SELECT plus_one_c(1)')).toEqual([['2']]);
    expect(rows(s, 'SHOW USER FUNCTIONS')).toContainEqual(['plus_one_c']);
    expect(() => run(s, `CREATE FUNCTION plus_one_c AS '${udfs()}#plus_one'`)).toThrow(/already exists/);
    s.close();
    s = new Session({ warehouse: join(dir, 'wh') });
    expect(rows(s, 'SELECT default.plus_one_c(10), plus_one_c(20)')).toEqual([['11', '21']]);
    run(s, 'DROP FUNCTION plus_one_c');
    expect(() => rows(s, 'SELECT plus_one_c(1)')).toThrow(/invalid function plus_one_c/);
    run(s, 'DROP FUNCTION IF EXISTS plus_one_c');
  });

  it('bad UDF definitions fail with the function, file and problem, and register nothing', () => {
    expect(() => run(s, `CREATE TEMPORARY FUNCTION b1 AS '${join(dir, 'missing.mjs')}#x'`)).toThrow(/function b1: module file .*missing\.mjs does not exist/);
    expect(() => run(s, `CREATE TEMPORARY FUNCTION b2 AS '${udfs()}#nope'`)).toThrow(/has no export 'nope'; it exports .*plus_one/);
    expect(() => run(s, `CREATE TEMPORARY FUNCTION b3 AS '${udfs()}#broken'`)).toThrow(/needs a 'returns' type/);
    expect(() => run(s, "CREATE TEMPORARY FUNCTION b4 AS 'com.example.MyUDF'")).toThrow(/not '<module path>#<export>'/);
    expect(() => run(s, `CREATE TEMPORARY FUNCTION b5 AS '${udfs()}#plus_one' LANGUAGE JAVA`)).toThrow(/LANGUAGE JAVA is not supported/);
    run(s, `CREATE TEMPORARY FUNCTION p1 AS '${udfs()}#plus_one'`);
    expect(() => rows(s, "SELECT p1('x', 2)")).toThrow(/p1: cannot apply to \(string, int\)/);
    expect(rows(s, 'SHOW USER FUNCTIONS').flat().filter((n) => /^b\d$/.test(n!))).toEqual([]);
  });
});

describe('complex types in text tables', () => {
  it('array, map and struct columns round-trip through LazySimpleSerDe files with Hive\'s separators', () => {
    run(s, `CREATE TABLE cx (id int, tags array<string>, props map<string,int>, pt struct<x:double,y:double>, nested array<map<string,int>>)`);
    run(s, `INSERT INTO cx SELECT 1, array('a', 'b'), map('k', 1, 'n', NULL), named_struct('x', 1.5, 'y', -2.0), array(map('p', 1), map('q', 2))`);
    run(s, `INSERT INTO cx SELECT 2, array(), map('z', 0), NULL, NULL`);
    expect(rows(s, 'SELECT id, tags, props, pt, nested, tags[1], props[\'k\'], pt.x, size(tags) FROM cx ORDER BY id')).toEqual([
      ['1', '["a","b"]', '{"k":1,"n":null}', '{"x":1.5,"y":-2.0}', '[{"p":1},{"q":2}]', 'b', '1', '1.5', '2'],
      ['2', '[]', '{"z":0}', null, null, null, null, null, '0'],
    ]);
    const loc = join(dir, 'wh', 'cx');
    const text = readdirSync(loc).filter((f) => !f.startsWith('.')).map((f) => readFileSync(join(loc, f), 'utf8')).sort().join('');
    // Level 1 items by char 2 and map keys by char 3; the maps nested in an array have their
    // entries at level 2 (char 3) and keys at level 3 (char 4).
    expect(text).toContain('1\u0001a\u0002b\u0001k\u00031\u0002n\u0003\\N\u00011.5\u0002-2.0\u0001p\u00041\u0002q\u00042\n');
    expect(text).toContain('2\u0001\u0001z\u00030\u0001\\N\u0001\\N\n');
  });

  it('reads files written by another tool with custom delimiters', () => {
    run(s, `CREATE TABLE ext (name string, scores array<int>, attrs map<string,string>) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' COLLECTION ITEMS TERMINATED BY '|' MAP KEYS TERMINATED BY ':'`);
    const loc = join(dir, 'wh', 'ext');
    writeFileSync(join(loc, 'data.txt'), 'amy,1|2|x,eyes:blue|hair:red\nbob,,\n');
    expect(rows(s, 'SELECT name, scores, attrs, attrs[\'hair\'] FROM ext ORDER BY name')).toEqual([
      ['amy', '[1,2,null]', '{"eyes":"blue","hair":"red"}', 'red'],
      ['bob', '[]', '{}', null],
    ]);
    expect(rows(s, 'SELECT name, s FROM ext LATERAL VIEW OUTER explode(scores) t AS s ORDER BY name, s')).toEqual([
      ['amy', null], ['amy', '1'], ['amy', '2'], ['bob', null],
    ]);
  });
});
