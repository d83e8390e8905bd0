// Dynamic partition pruning: a table partitioned by a join key reads only the partitions
// whose key a filtered dimension returns — and only where that cannot change the result.
// Each query's rows are compared with the same query planned without the rewrite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session } from '../src/session/session.js';
import { removeDir, rows, run, tempDir } from './helpers.js';

describe('dynamic partition pruning', () => {
  let wh: string;
  let s: Session;
  beforeAll(() => {
    wh = tempDir();
    s = new Session({ warehouse: wh });
    run(s, `set hive.exec.dynamic.partition.mode=nonstrict;
      create table dim (k bigint, tag string) stored as orc;
      insert into dim values (1, 'a'), (2, 'b'), (3, 'a'), (4, 'c'), (5, 'b');
      create table fact (v int, w string) partitioned by (k bigint) stored as orc;
      insert overwrite table fact partition (k) values (10, 'x', 1), (11, 'y', 1), (20, 'x', 2), (30, 'z', 3), (40, 'x', 4), (50, 'y', 5), (60, 'z', 6), (70, 'x', null);`);
  });
  afterAll(() => { s.close(); removeDir(wh); });

  const planOf = (sql: string) => rows(s, `explain ${sql}`).map((r) => r[0]).join('\n');
  const without = (sql: string) => {
    s.config.set('table.optimizer.dynamic-filtering.enabled', 'false');
    try { return rows(s, sql); } finally { s.config.reset('table.optimizer.dynamic-filtering.enabled'); }
  };
  const factScan = (plan: string) => plan.split('\n').find((l) => l.includes('table=default.fact'))!;

  it('an inner join with a filtered dimension reads only the matching partitions', () => {
    const q = "select f.v, d.tag from fact f join dim d on f.k = d.k where d.tag = 'a' order by f.v";
    const scan = factScan(planOf(q));
    expect(scan).toMatch(/partitions=2\/7/);
    expect(scan).toMatch(/dynamic pruning=\[k IN d\.k \(2 values\)\]/);
    expect(rows(s, q)).toEqual([['10', 'a'], ['11', 'a'], ['30', 'a']]);
    expect(rows(s, q)).toEqual(without(q));
  });

  it('IN (subquery) prunes like a join; the dimension may be on either side', () => {
    const q = "select v from fact where k in (select k from dim where tag = 'b') order by v";
    expect(factScan(planOf(q))).toMatch(/partitions=2\/7/);
    expect(rows(s, q)).toEqual([['20'], ['50']]);
    const q2 = "select f.v from dim d join fact f on d.k = f.k where d.tag in ('b', 'c') group by f.v order by f.v";
    expect(factScan(planOf(q2))).toMatch(/partitions=3\/7/);
    expect(rows(s, q2)).toEqual(without(q2));
  });

  it("a semi join on the dimension's column filters the dimension below the fact join, which then prunes (q58, q83)", () => {
    const q = "select f.v, d.tag from fact f join dim d on f.k = d.k where d.tag in (select tag from dim where k = 2) order by f.v";
    expect(factScan(planOf(q))).toMatch(/partitions=2\/7/);
    expect(rows(s, q)).toEqual([['20', 'b'], ['50', 'b']]);
    // The week of a given day, as q58 asks: a scalar subquery inside the IN subquery.
    const q2 = "select f.v, d.tag from fact f join dim d on f.k = d.k where d.tag in (select tag from dim where k = (select max(k) from dim where tag = 'c')) order by f.v";
    expect(factScan(planOf(q2))).toMatch(/partitions=1\/7/);
    expect(rows(s, q2)).toEqual([['40', 'c']]);
    // NOT IN sinks too, and prunes nothing: the anti join keeps what the subquery lacks.
    const q3 = "select f.v, d.tag from fact f join dim d on f.k = d.k where d.tag not in (select tag from dim where k = 2) order by f.v";
    expect(factScan(planOf(q3))).not.toMatch(/dynamic pruning/);
    expect(rows(s, q3)).toEqual([['10', 'a'], ['11', 'a'], ['30', 'a'], ['40', 'c']]);
  });

  it('an unfiltered dimension joined to a filtered one elsewhere in the joins prunes by the rows that can match it (q72, q6)', () => {
    // d has no filter of its own; only its rows sharing a tag with e (k = 2: 'b') can reach the output.
    const q = 'select f.v from fact f, dim d, dim e where f.k = d.k and d.tag = e.tag and e.k = 2 order by f.v';
    expect(factScan(planOf(q))).toMatch(/partitions=2\/7.*dynamic pruning=\[k IN d\.k \(2 values\)\]/);
    expect(rows(s, q)).toEqual([['20'], ['50']]);
    expect(rows(s, q)).toEqual(without(q));
  });

  it('keeps every partition where the join could keep other rows: outer and anti joins, an unfiltered dimension', () => {
    for (const q of [
      "select f.v, d.tag from fact f left join dim d on f.k = d.k and d.tag = 'a' order by f.v",
      "select v from fact where k not in (select k from dim where tag = 'a') order by v",
      "select v from fact f where not exists (select 1 from dim d where d.k = f.k and d.tag = 'a') order by v",
      'select f.v from fact f join dim d on f.k = d.k order by f.v',
    ]) {
      expect(factScan(planOf(q)), q).not.toMatch(/dynamic pruning/);
      expect(rows(s, q), q).toEqual(without(q));
    }
  });

  it('prunes every branch of a UNION ALL joined on the key', () => {
    run(s, `create table fact2 (v int) partitioned by (k bigint) stored as orc;
      insert overwrite table fact2 partition (k) values (100, 1), (200, 2), (300, 3), (400, 6);`);
    const q = `select u.v from (select v, k from fact union all select v, k from fact2) u join dim d on u.k = d.k
      where d.tag = 'b' order by u.v`;
    const plan = planOf(q);
    expect(factScan(plan)).toMatch(/partitions=2\/7/);
    expect(plan.split('\n').find((l) => l.includes('table=default.fact2'))).toMatch(/partitions=1\/4/);
    expect(rows(s, q)).toEqual([['20'], ['50'], ['200']]);
    expect(rows(s, q)).toEqual(without(q));
  });

  it('a filter on the preserved side of a left join also filters the other side through the join key', () => {
    // k < 3 holds for every dim row kept, so only fact rows with k < 3 can match them.
    const q = 'select d.k, d.tag, f.v from dim d left join fact f on f.k = d.k where d.k < 3 order by d.k, f.v';
    expect(factScan(planOf(q))).toMatch(/partitions=2\/7/);
    expect(rows(s, q)).toEqual([['1', 'a', '10'], ['1', 'a', '11'], ['2', 'b', '20']]);
    // Not the other way round: a filter on the NULL-supplying side stays in the ON clause.
    const q2 = 'select d.k, f.v from dim d left join fact f on f.k = d.k and f.k < 3 order by d.k, f.v';
    expect(rows(s, q2)).toEqual([['1', '10'], ['1', '11'], ['2', '20'], ['3', null], ['4', null], ['5', null]]);
  });

  it('the NULL partition never matches an equality', () => {
    const q = "select count(*) from fact f join dim d on f.k = d.k where d.tag <> 'zz'";
    expect(factScan(planOf(q))).toMatch(/partitions=5\/7/);
    expect(rows(s, q)).toEqual([['6']]);
  });

  it("a large table's data column joined to a filtered dimension gets the range of its keys: row groups outside it are skipped", () => {
    // 600,000 rows sorted by day (as inventory is by date), 60 row groups of 10,000.
    run(s, `create table ten (i int);
      insert into ten values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9);
      create table days (d bigint, weekday int) stored as orc;
      insert into days select a.i * 100 + b.i * 10 + c.i + 1, (a.i * 100 + b.i * 10 + c.i) % 7 from ten a, ten b, ten c where a.i < 3;
      create table stock (d bigint, item int, qty int) stored as orc;
      insert into stock select t.d, i.n, t.d * 3 + i.n from days t, (select a.i * 1000 + b.i * 100 + c.i * 10 + e.i as n from ten a, ten b, ten c, ten e where a.i < 2) i order by t.d, i.n;
      analyze table stock compute statistics for columns;`);
    const q = 'select count(*), sum(s.qty) from stock s join days d on s.d = d.d where d.d between 100 and 104 and d.weekday <> 3';
    const scan = planOf(q).split('\n').find((l) => l.includes('table=default.stock'))!;
    expect(scan).toMatch(/dynamic pruning=\[d BETWEEN min and max of d\.d \(100 \.\. 104\)\]/);
    expect(rows(s, q)).toEqual(without(q));
    expect(rows(s, q)[0][0]).toBe(String(4 * 2000));
    // Only the row groups holding days 100-104 are read.
    const plan = rows(s, `explain analyze ${q}`).map((r) => r[0]).join('\n');
    const read = Number(/TableScan\(table=default\.stock[^\n]*\[actual rows (\d+)/.exec(plan)![1]);
    expect(read).toBeLessThanOrEqual(30_000);
    // A wide range (most of the column) adds no filter.
    expect(planOf('select count(*) from stock s join days d on s.d = d.d where d.weekday = 3')).not.toMatch(/BETWEEN min and max/);
    // Days reached through another dimension, as q72's inventory dates through the week
    // of d1: the days of day 100's week (98-104) bound the range.
    run(s, 'create table weeks (d bigint, week int) stored as orc; insert into weeks select d, cast(floor(d / 7) as int) from days;');
    const q2 = 'select count(*), sum(s.qty) from stock s join weeks w2 on s.d = w2.d join weeks w1 on w1.week = w2.week where w1.d = 100';
    expect(planOf(q2).split('\n').find((l) => l.includes('table=default.stock'))).toMatch(/dynamic pruning=\[d BETWEEN min and max of w2\.d \(98 \.\. 104\)\]/);
    expect(rows(s, q2)).toEqual(without(q2));
    expect(rows(s, q2)[0][0]).toBe(String(7 * 2000));
  });

  it('a dimension rewritten between two runs of a query prunes by its new values (kept values are checked against its files)', () => {
    run(s, 'create table dim2 (k bigint, tag string) stored as orc; insert into dim2 values (1, \'a\'), (2, \'b\')');
    const q = "select f.v from fact f join dim2 d on f.k = d.k where d.tag = 'a' order by f.v";
    expect(rows(s, q)).toEqual([['10'], ['11']]);
    expect(rows(s, q)).toEqual([['10'], ['11']]);
    run(s, "insert overwrite table dim2 select k, case when k = 2 then 'a' else 'b' end from dim2");
    expect(factScan(planOf(q))).toMatch(/dynamic pruning=\[k IN d\.k \(1 values\)\]/);
    expect(rows(s, q)).toEqual([['20']]);
    run(s, "insert into dim2 values (5, 'a')");
    expect(rows(s, q)).toEqual([['20'], ['50']]);
  });
});
