// Failures part way and bad input: each leaves every table and partition as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../src/session/session.js';
import { removeDir, rows, run, tempDir } from './helpers.js';

let wh: string;
let s: Session;
beforeEach(() => { wh = tempDir(); s = new Session({ warehouse: wh }); });
afterEach(() => { s.close(); removeDir(wh); });

/** Every file under a directory with its content: a snapshot to compare before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (!p.endsWith('metastore.db') && !p.includes('metastore.db-')) out[p.slice(dir.length)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

function stagingLeftovers(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.hive-staging')) found.push(join(d, e.name));
      else if (e.isDirectory()) walk(join(d, e.name));
    }
  };
  walk(dir);
  return found;
}

/** A source table big enough that an INSERT writes several batches before it fails. */
function makeSource(n: number): void {
  const dir = join(wh, 'src_files');
  mkdirSync(dir);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`${i}|name${i}|${i % 7}`);
  writeFileSync(join(dir, 'data'), lines.join('\n') + '\n');
  run(s, `create external table src (id int, name string, g int) row format delimited fields terminated by '|' location '${dir}'`);
}

describe('a failure in the middle of INSERT OVERWRITE', () => {
  it('leaves the old data intact and queryable and removes the staging directory (unpartitioned)', () => {
    makeSource(30_000);
    run(s, 'create table t (id int, name string); insert into t select id, name from src where id < 5');
    const before = snapshot(wh);
    // assert_true fails on row 20000, after four batches were written to staging.
    expect(() => run(s, 'insert overwrite table t select id, name from src where assert_true(id < 20000) is null')).toThrow(/ASSERT_TRUE\(\): assertion failed/);
    expect(snapshot(wh)).toEqual(before);
    expect(stagingLeftovers(wh)).toEqual([]);
    expect(rows(s, 'select count(*), max(id) from t')).toEqual([['5', '4']]);
  });

  it('leaves every partition as it was (dynamic partitions)', () => {
    makeSource(30_000);
    run(s, 'set hive.exec.dynamic.partition.mode=nonstrict');
    run(s, 'create table p (id int) partitioned by (g int); insert into p partition (g) select id, g from src where id < 70');
    const before = snapshot(wh);
    const partsBefore = rows(s, 'show partitions p');
    expect(() => run(s, 'insert overwrite table p partition (g) select id, g + 100 from src where assert_true(id < 25000) is null')).toThrow(/assertion failed/);
    expect(snapshot(wh)).toEqual(before);
    expect(rows(s, 'show partitions p')).toEqual(partsBefore);
    expect(stagingLeftovers(wh)).toEqual([]);
    expect(rows(s, 'select count(*) from p')).toEqual([['70']]);
  });

  it('rolls back moved files when the metastore update fails at commit', () => {
    run(s, 'set hive.exec.dynamic.partition.mode=nonstrict');
    run(s, "create table p (id int) partitioned by (g string); insert into p partition (g) values (1, 'a'), (2, 'b')");
    const before = snapshot(wh);
    const commit = s.catalog.commitChanges.bind(s.catalog);
    s.catalog.commitChanges = () => { throw new Error('injected metastore failure'); };
    expect(() => run(s, "insert overwrite table p partition (g) values (10, 'a'), (30, 'c')")).toThrow(/injected metastore failure/);
    s.catalog.commitChanges = commit;
    expect(snapshot(wh)).toEqual(before);
    expect(stagingLeftovers(wh)).toEqual([]);
    expect(rows(s, 'select id, g from p order by id')).toEqual([['1', 'a'], ['2', 'b']]);
  });

  it('a failed CREATE TABLE AS SELECT leaves no table behind', () => {
    makeSource(10_000);
    expect(() => run(s, 'create table c as select id from src where assert_true(id < 9000) is null')).toThrow(/assertion failed/);
    expect(rows(s, 'show tables')).toEqual([['src']]);
    expect(existsSync(join(wh, 'c'))).toBe(false);
  });
});

describe('bad input gets a clear error and changes nothing', () => {
  beforeEach(() => {
    run(s, "create table t (id int, name string, d date) partitioned by (p string); insert into t partition (p='x') values (1, 'a', '2020-01-01')");
  });

  const unchanged = (fn: () => void) => {
    const before = snapshot(wh);
    const parts = rows(s, 'show partitions t');
    fn();
    expect(snapshot(wh)).toEqual(before);
    expect(rows(s, 'show partitions t')).toEqual(parts);
  };

  it('a malformed statement: parse error with line:column and the token', () => {
    unchanged(() => expect(() => run(s, 'insert into t partition (p=\'y\')\nselect id name, from t')).toThrow(/syntax error: 'from' is not valid at this position at line 2:17/));
  });

  it('an unknown table names it and what exists nearby', () => {
    unchanged(() => expect(() => run(s, 'select * from tt')).toThrow(/Table not found: default\.tt; did you mean t\?/));
    expect(() => run(s, 'insert into nodb.t values (1)')).toThrow(/Database does not exist: nodb/);
  });

  it('an unknown column names it and the columns nearby', () => {
    unchanged(() => expect(() => run(s, 'select nmae from t')).toThrow(/invalid column reference 'nmae'; did you mean name\? at line 1:8/));
    expect(() => run(s, 'select x.id from t')).toThrow(/no table or alias 'x'/);
  });

  it('a type mismatch', () => {
    unchanged(() => expect(() => run(s, "insert into t partition (p='y') select id, name, true from t")).toThrow(/Cannot convert column d of default\.t from boolean to date/));
    expect(() => run(s, "select * from t where d = true")).toThrow(/operator =: cannot apply to \(date, boolean\)/);
    expect(() => run(s, "select id from t where name")).toThrow(/condition must be boolean, got string/);
  });

  it('an INSERT with the wrong number of columns', () => {
    unchanged(() => expect(() => run(s, "insert into t partition (p='y') select id from t")).toThrow(/table has 3 columns, but query has 1 columns/));
    unchanged(() => expect(() => run(s, "insert into t partition (p='y') values (1, 'a', '2020-01-01', 4)")).toThrow(/but query has 4 columns/));
  });

  it('strict dynamic partitioning without a static key', () => {
    unchanged(() => expect(() => run(s, 'insert into t partition (p) select id, name, d, name from t')).toThrow(/dynamic partition strict mode requires at least one static partition column/));
  });

  it('a GROUP BY violation and a wrong PARTITION clause', () => {
    expect(() => run(s, 'select name, count(*) from t group by id')).toThrow(/column 'name' is not in GROUP BY/);
    unchanged(() => expect(() => run(s, "insert into t partition (q='1') select id, name, d from t")).toThrow(/partition column 'q' does not match p/));
  });

  it('data rows with too few or too many fields read as Hive reads them: missing NULL, extra ignored, unparsable NULL', () => {
    const dir = join(wh, 'rows');
    mkdirSync(dir);
    writeFileSync(join(dir, 'f'), '1|a|2020-01-01\n2|b\n3|c|2020-01-03|extra|more\nx|d|not a date\n\n');
    run(s, `create external table r (id int, name string, d date) row format delimited fields terminated by '|' location '${dir}'`);
    expect(rows(s, 'select * from r')).toEqual([
      ['1', 'a', '2020-01-01'], ['2', 'b', null], ['3', 'c', '2020-01-03'], [null, 'd', null], [null, null, null],
    ]);
  });
});
