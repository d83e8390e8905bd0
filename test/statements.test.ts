// DDL, INSERT, LOAD and partition statements, with Hive's semantics checked on the
// metastore and on the files Sluice writes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../src/session/session.js';
import { removeDir, rows, run, tempDir } from './helpers.js';

let wh: string;
let s: Session;
beforeEach(() => { wh = tempDir(); s = new Session({ warehouse: wh }); });
afterEach(() => { s.close(); removeDir(wh); });

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => !f.startsWith('.')).sort() : []);

describe('databases', () => {
  it('CREATE/SHOW/USE/DROP DATABASE', () => {
    run(s, "create database d1 comment 'first'; create database if not exists d1; create database d2");
    expect(rows(s, 'show databases')).toEqual([['d1'], ['d2'], ['default']]);
    expect(rows(s, "show databases like 'd*'")).toEqual([['d1'], ['d2'], ['default']]);
    expect(rows(s, "show databases like 'd1|x*'")).toEqual([['d1']]);
    expect(existsSync(join(wh, 'd1.db'))).toBe(true);
    run(s, 'use d1; create table t (a int)');
    expect(s.currentDatabase).toBe('d1');
    expect(() => run(s, 'drop database d1')).toThrow(/not empty/);
    run(s, 'drop database d1 cascade; drop database if exists nope');
    expect(rows(s, 'show databases')).toEqual([['d2'], ['default']]);
    expect(existsSync(join(wh, 'd1.db'))).toBe(false);
    expect(s.currentDatabase).toBe('default');
    expect(() => run(s, 'use nope')).toThrow(/Database does not exist: nope/);
  });
});

describe('tables', () => {
  it('CREATE TABLE records Hive metadata: types, partition keys, SerDe, formats, properties, comment', () => {
    run(s, `create table t (a tinyint, b smallint, c int comment 'see', d bigint, e float, f double, g decimal(10,3), h string,
      i varchar(5), j char(3), k boolean, l date, m timestamp, n binary) comment 'all types'
      partitioned by (p string, q int) row format delimited fields terminated by ',' escaped by '\\\\' null defined as 'NA'
      stored as textfile tblproperties ('owner.team'='etl')`);
    const t = s.catalog.getTable('default', 't')!;
    expect(t.columns.map((c) => c.type)).toEqual(['tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal(10,3)', 'string', 'varchar(5)', 'char(3)', 'boolean', 'date', 'timestamp', 'binary']);
    expect(t.partitionKeys).toEqual([{ name: 'p', type: 'string' }, { name: 'q', type: 'int' }]);
    expect(t.sd.serde.lib).toBe('org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe');
    expect(t.sd.inputFormat).toBe('org.apache.hadoop.mapred.TextInputFormat');
    expect(t.sd.outputFormat).toBe('org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat');
    expect(t.sd.serde.params).toMatchObject({ 'field.delim': ',', 'escape.delim': '\\', 'serialization.null.format': 'NA' });
    expect(t.params['owner.team']).toBe('etl');
    expect(t.comment).toBe('all types');
    expect(t.type).toBe('MANAGED_TABLE');
    const desc = rows(s, 'describe t');
    expect(desc[2]).toEqual(['c', 'int', 'see']);
    expect(desc.some((r) => r[0] === '# Partition Information')).toBe(true);
    const formatted = rows(s, 'describe formatted t').map((r) => r.join('|'));
    expect(formatted).toContain('Table Type:|MANAGED_TABLE|');
    expect(formatted.some((l) => l.startsWith('Location:|' + join(wh, 't')))).toBe(true);
    expect(() => run(s, 'create table t (x int)')).toThrow(/already exists/);
    run(s, 'create table if not exists t (x int)');
    expect(rows(s, 'show tables')).toEqual([['t']]);
  });

  it('DROP TABLE deletes a managed table’s data and keeps an external table’s', () => {
    const ext = join(wh, 'outside');
    mkdirSync(ext);
    writeFileSync(join(ext, 'data.txt'), '1\n2\n');
    run(s, `create external table e (a int) location '${ext}'; create table m (a int); insert into m values (1)`);
    expect(rows(s, 'select count(*) from e')).toEqual([['2']]);
    expect(s.catalog.getTable('default', 'e')!.params.EXTERNAL).toBe('TRUE');
    run(s, 'drop table e; drop table m; drop table if exists nope');
    expect(existsSync(join(ext, 'data.txt'))).toBe(true);
    expect(existsSync(join(wh, 'm'))).toBe(false);
    expect(rows(s, 'show tables')).toEqual([]);
  });

  it('CREATE TABLE AS SELECT', () => {
    run(s, "create table src (a int, b string); insert into src values (1, 'x'), (2, 'y')");
    run(s, 'create table dst as select a * 10 as a10, b from src where a > 1');
    expect(s.catalog.getTable('default', 'dst')!.columns).toEqual([{ name: 'a10', type: 'int' }, { name: 'b', type: 'string' }]);
    expect(rows(s, 'select * from dst')).toEqual([['20', 'y']]);
  });

  it('metadata and data survive a restart of the session (the embedded metastore is on disk)', () => {
    run(s, "create database keep; create table keep.t (a int) partitioned by (p string); insert into keep.t partition (p='x') values (7)");
    s.close();
    s = new Session({ warehouse: wh });
    expect(rows(s, 'show databases')).toContainEqual(['keep']);
    expect(rows(s, 'show partitions keep.t')).toEqual([['p=x']]);
    expect(rows(s, 'select * from keep.t')).toEqual([['7', 'x']]);
  });
});

describe('INSERT', () => {
  beforeEach(() => {
    run(s, `create table src (id int, name string, country string, city string);
      insert into src values (1, 'a', 'us', 'nyc'), (2, 'b', 'us', 'sf'), (3, 'c', 'de', 'ber'), (4, 'd', null, null), (5, 'e', '', 'x/y=z')`);
    run(s, 'create table t (id int, name string) partitioned by (country string, city string)');
  });

  it('INSERT INTO appends and INSERT OVERWRITE replaces an unpartitioned table', () => {
    run(s, 'create table u (id int); insert into u select id from src where id < 3; insert into u values (9)');
    expect(rows(s, 'select id from u order by id')).toEqual([['1'], ['2'], ['9']]);
    expect(files(join(wh, 'u'))).toEqual(['000000_0', '000000_0_copy_1']);
    run(s, 'insert overwrite table u select id from src where id = 5');
    expect(rows(s, 'select id from u')).toEqual([['5']]);
    expect(files(join(wh, 'u'))).toEqual(['000000_0']);
  });

  it('static partition overwrite replaces only the named partition, even with no rows', () => {
    run(s, "insert into t partition (country='us', city='nyc') values (1, 'old'); insert into t partition (country='us', city='sf') values (2, 'keep')");
    run(s, "insert overwrite table t partition (country='us', city='nyc') select id, name from src where id > 100");
    expect(rows(s, 'show partitions t')).toEqual([['country=us/city=nyc'], ['country=us/city=sf']]);
    expect(rows(s, "select * from t where city='nyc'")).toEqual([]);
    expect(rows(s, 'select id, name from t')).toEqual([['2', 'keep']]);
  });

  it('dynamic partition overwrite replaces only the partitions that receive rows', () => {
    run(s, 'set hive.exec.dynamic.partition.mode=nonstrict');
    run(s, "insert into t partition (country='fr', city='par') values (10, 'untouched'); insert into t partition (country='us', city='nyc') values (11, 'replaced')");
    run(s, 'insert overwrite table t partition (country, city) select id, name, country, city from src where id < 4');
    expect(rows(s, 'select id, name, country, city from t order by id')).toEqual([
      ['1', 'a', 'us', 'nyc'], ['2', 'b', 'us', 'sf'], ['3', 'c', 'de', 'ber'], ['10', 'untouched', 'fr', 'par'],
    ]);
  });

  it('mixed static and dynamic partitions', () => {
    run(s, "insert overwrite table t partition (country='us', city) select id, name, city from src where country = 'us'");
    expect(rows(s, 'show partitions t')).toEqual([['country=us/city=nyc'], ['country=us/city=sf']]);
  });

  it('NULL and empty values go to __HIVE_DEFAULT_PARTITION__; directory names are escaped as Hive escapes them', () => {
    run(s, 'set hive.exec.dynamic.partition.mode=nonstrict; insert into t partition (country, city) select id, name, country, city from src where id >= 4');
    expect(rows(s, 'show partitions t')).toEqual([['country=__HIVE_DEFAULT_PARTITION__/city=__HIVE_DEFAULT_PARTITION__'], ['country=__HIVE_DEFAULT_PARTITION__/city=x%2Fy%3Dz']]);
    expect(existsSync(join(wh, 't', 'country=__HIVE_DEFAULT_PARTITION__', 'city=x%2Fy%3Dz', '000000_0'))).toBe(true);
    expect(rows(s, 'select id, country, city from t order by id')).toEqual([['4', null, null], ['5', null, 'x/y=z']]);
  });

  it('strict mode refuses a dynamic insert without a static key and changes nothing', () => {
    expect(() => run(s, 'insert into t partition (country, city) select id, name, country, city from src')).toThrow(/strict mode.*nonstrict/);
    expect(rows(s, 'show partitions t')).toEqual([]);
  });

  it('multi-insert FROM src INSERT … INSERT … writes both targets in one statement', () => {
    run(s, 'create table small (id int); create table big (id int)');
    run(s, 'from src insert overwrite table small select id where id <= 2 insert overwrite table big select id where id > 2');
    expect(rows(s, 'select id from small order by id')).toEqual([['1'], ['2']]);
    expect(rows(s, 'select id from big order by id')).toEqual([['3'], ['4'], ['5']]);
  });

  it('INSERT … VALUES converts to the column types and INSERT INTO t (cols) fills the rest with NULL', () => {
    run(s, "create table v (a int, b decimal(5,2), c date); insert into v values ('7', 1.005, '2020-02-29'); insert into v (c, a) values ('2021-01-01', 8)");
    expect(rows(s, 'select * from v order by a')).toEqual([['7', '1.01', '2020-02-29'], ['8', null, '2021-01-01']]);
  });

  it('writes LazySimpleSerDe text: \\N for NULL, the table delimiter, Hive file names', () => {
    run(s, "create table w (a int, b string, c double) row format delimited fields terminated by '|'; insert into w values (1, null, 2.5), (null, 'x', null)");
    expect(readFileSync(join(wh, 'w', '000000_0'), 'utf8')).toBe('1|\\N|2.5\n\\N|x|\\N\n');
  });
});

describe('LOAD DATA, ALTER TABLE … PARTITION, MSCK REPAIR', () => {
  it('LOAD DATA LOCAL INPATH copies files in; OVERWRITE replaces; a partition is created', () => {
    const src = join(wh, 'in');
    mkdirSync(src);
    writeFileSync(join(src, 'part1'), '1\tx\n2\ty\n');
    run(s, "create table l (a int, b string) row format delimited fields terminated by '\\t'");
    run(s, `load data local inpath '${join(src, 'part1')}' into table l`);
    run(s, `load data local inpath '${src}' into table l`);
    expect(rows(s, 'select count(*) from l')).toEqual([['4']]);
    run(s, `load data local inpath '${src}' overwrite into table l`);
    expect(rows(s, 'select count(*) from l')).toEqual([['2']]);
    expect(existsSync(join(src, 'part1'))).toBe(true);
    run(s, "create table lp (a int, b string) partitioned by (d string) row format delimited fields terminated by '\\t'");
    run(s, `load data inpath '${join(src, 'part1')}' into table lp partition (d='2020')`);
    expect(existsSync(join(src, 'part1'))).toBe(false);
    expect(rows(s, 'select a, d from lp order by a')).toEqual([['1', '2020'], ['2', '2020']]);
    expect(() => run(s, `load data local inpath '${join(wh, 'missing')}' into table l`)).toThrow(/Invalid path/);
  });

  it('ADD PARTITION and DROP PARTITION', () => {
    run(s, 'create table p (a int) partitioned by (y int, m string)');
    run(s, "alter table p add partition (y=2020, m='01') partition (y=2021, m='02')");
    expect(() => run(s, "alter table p add partition (y=2020, m='01')")).toThrow(/already exists/);
    run(s, "alter table p add if not exists partition (y=2020, m='01')");
    expect(existsSync(join(wh, 'p', 'y=2020', 'm=01'))).toBe(true);
    expect(() => run(s, "alter table p add partition (y='abc', m='01')")).toThrow(/not a valid int/);
    run(s, "alter table p add partition (y=2022, m='03')");
    run(s, 'alter table p drop partition (y < 2022)');
    expect(rows(s, 'show partitions p')).toEqual([['y=2022/m=03']]);
    expect(existsSync(join(wh, 'p', 'y=2020'))).toBe(true); // parent dir of a dropped partition stays
    expect(existsSync(join(wh, 'p', 'y=2020', 'm=01'))).toBe(false);
    expect(() => run(s, "alter table p drop partition (y=1999)")).toThrow(/No partition matches/);
    run(s, 'alter table p drop if exists partition (y=1999)');
  });

  it('MSCK REPAIR TABLE adds partitions found on disk', () => {
    run(s, 'create table r (a int) partitioned by (d string)');
    for (const d of ['2020-01-01', '2020-01-02']) {
      mkdirSync(join(wh, 'r', `d=${d}`), { recursive: true });
      writeFileSync(join(wh, 'r', `d=${d}`, '000000_0'), '1\n');
    }
    mkdirSync(join(wh, 'r', 'not_a_partition'));
    const res = run(s, 'msck repair table r');
    expect(res.kind === 'ok' && res.message).toMatch(/Added 2 partitions/);
    expect(rows(s, 'show partitions r')).toEqual([['d=2020-01-01'], ['d=2020-01-02']]);
    expect(rows(s, 'select count(*) from r')).toEqual([['2']]);
  });
});

describe('SET, RESET, EXPLAIN', () => {
  it('SET and RESET configuration, Flink and Hive syntax', () => {
    run(s, "SET 'table.exec.resource.default-parallelism'='4'; set hive.exec.dynamic.partition.mode=nonstrict");
    expect(rows(s, "set table.exec.resource.default-parallelism")).toEqual([['table.exec.resource.default-parallelism', '4']]);
    expect(s.config.get('hive.exec.dynamic.partition.mode')).toBe('nonstrict');
    run(s, "reset 'table.exec.resource.default-parallelism'");
    expect(s.config.get('table.exec.resource.default-parallelism')).toBe('-1');
    run(s, 'reset');
    expect(s.config.get('hive.exec.dynamic.partition.mode')).toBe('strict');
    expect(() => run(s, "set hive.exec.dynamic.partition.mode=loose")).toThrow(/must be one of strict, nonstrict/);
    run(s, "SET 'table.sql-dialect'='hive'");
    expect(() => run(s, "SET 'table.sql-dialect'='default'")).toThrow(/only the 'hive' dialect/);
    run(s, 'set hivevar:who=me');
    expect(rows(s, "select '${who}'")).toEqual([['me']]);
  });

  it('EXPLAIN shows partition pruning on partition-column predicates', () => {
    run(s, "create table e (a int) partitioned by (d int); alter table e add partition (d=1) partition (d=2) partition (d=3)");
    const plan = rows(s, 'explain select a from e where d >= 2 and a > 0').map((r) => r[0]).join('\n');
    expect(plan).toMatch(/partitions=2\/3/);
    expect(plan).toMatch(/filters=\[\(e\.a > 0\)\]/);
    const none = rows(s, 'explain select a from e where d = 9').map((r) => r[0]).join('\n');
    expect(none).toMatch(/partitions=0\/3/);
  });
});
