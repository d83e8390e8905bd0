// SELECT features on small tables, each query checked against DuckDB on the same rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBConnection } from '@duckdb/node-api';
import { Session } from '../src/session/session.js';
import { duck, duckRows, expectSameRows, removeDir, rows, run, tempDir } from './helpers.js';

const SETUP = `
create table emp (id int, name string, dept int, salary decimal(9,2), bonus double, hired date);
create table dept (id int, dname string, region string);
insert into emp values
  (1, 'ann', 10, 5000.00, 100.5, '2020-01-15'),
  (2, 'bob', 10, 4200.50, null, '2019-03-01'),
  (3, 'cid', 20, 3900.00, 50.0, '2021-07-30'),
  (4, 'dee', null, 6100.25, 0.0, null),
  (5, null, 30, null, 12.25, '2018-12-31'),
  (6, 'eve', 20, 3900.00, 75.0, '2022-02-28');
insert into dept values (10, 'sales', 'east'), (20, 'eng', 'west'), (40, 'ops', null);
create table big (k bigint, v string);
create table bigp (k bigint, w int);
insert into big values (10, 'a'), (4294967306, 'b'), (null, 'c'), (-7, 'd'), (65536, 'e'), (10, 'f');
insert into bigp values (10, 1), (4294967306, 2), (-7, 3), (20, 4), (65536, 5), (null, 6);
`;

const DUCK_SETUP = SETUP.replace(/\bstring\b/g, 'varchar').replace(/\bdouble\b/g, 'double');

const QUERIES: [string, string, boolean?][] = [
  ['projection and arithmetic', 'select id, salary * 2, salary + bonus, id % 4, -id, id / 4 from emp order by id'],
  ['CASE, CAST, COALESCE', "select id, case when salary > 4500 then 'high' when salary > 4000 then 'mid' else 'low' end, case dept when 10 then 'ten' end, cast(salary * 0 + id as int), cast(id as string), coalesce(dept, -1) from emp order by id"],
  ['IN, NOT IN, BETWEEN, LIKE, IS NULL', "select id from emp where dept in (10, 30) or name like 'e%' or (salary between 3000 and 4000 and bonus is not null) or hired is null order by id"],
  ['NOT IN with NULL-free list and NOT LIKE', "select id from emp where dept not in (10) and name not like '%x%' order by id"],
  ['inner join', 'select e.id, d.dname from emp e join dept d on e.dept = d.id order by e.id'],
  ['joins on bigint keys beyond 32 bits, negative and NULL', 'select b.v, p.w from big b join bigp p on b.k = p.k order by b.v, p.w'],
  ['join on bigint keys whose build side fits 32 bits, probed by larger ones', 'select b.v, p.w from bigp p join (select * from big where k < 100) b on b.k = p.k order by b.v'],
  ['left join and GROUP BY on bigint keys', 'select p.k, b.v, count(*) from bigp p left join big b on p.k = b.k group by p.k, b.v order by p.k nulls first, b.v'],
  ['left outer join', 'select e.id, d.dname from emp e left outer join dept d on e.dept = d.id order by e.id'],
  ['right outer join', 'select e.id, d.dname from emp e right outer join dept d on e.dept = d.id order by d.dname, e.id'],
  ['full outer join', 'select e.id, d.dname from emp e full outer join dept d on e.dept = d.id order by e.id nulls first, d.dname'],
  ['left semi join', 'select e.id from emp e left semi join dept d on e.dept = d.id order by e.id'],
  ['cross join', 'select e.id, d.id from emp e cross join dept d order by e.id, d.id'],
  ['comma join with WHERE', "select e.name, d.region from emp e, dept d where e.dept = d.id and d.region = 'west' order by e.name"],
  ['left join under a WHERE that rejects its NULLs (an inner join)', "select e.id, d.dname from emp e left join dept d on e.dept = d.id where d.region = 'east' order by e.id"],
  ['left join under a WHERE that keeps its NULLs', "select e.id, d.dname from emp e left join dept d on e.dept = d.id where d.region is null or d.region = 'east' order by e.id"],
  ['full join under a WHERE on one side (a left join)', 'select e.id, d.dname from emp e full outer join dept d on e.dept = d.id where e.salary > 4000 order by e.id, d.dname'],
  ["left join then a comma join on its null side (q93's shape)", 'select e.id, r.dname from emp e left join dept d on e.dept = d.id, dept r where d.region = r.region order by e.id, r.dname'],
  ["GROUP BY an expression of a joined table's columns", 'select substr(d.dname, 1, 2) k, d.region, count(*), sum(e.salary) from emp e join dept d on e.dept = d.id group by substr(d.dname, 1, 2), d.region order by k'],
  ['ROLLUP over a joined table of aggregates of the other (aggregated before the join)', 'select d.region, d.dname, sum(e.salary), avg(e.bonus), min(e.hired), max(e.salary) from emp e join dept d on e.dept = d.id group by rollup(d.region, d.dname) order by d.region nulls first, d.dname nulls first'],
  ['ROLLUP of three keys with NULL keys, grouping() and every mergeable aggregate', 'select dept, name, year(hired) y, grouping(dept), grouping(name), count(*), count(bonus), sum(salary), avg(bonus), min(bonus), max(name) from emp group by rollup(dept, name, year(hired)) order by dept nulls first, name nulls first, y nulls first, 4, 5'],
  ['ROLLUP with count over a join', 'select d.region, d.dname, count(*), count(e.bonus), sum(e.id) from emp e join dept d on e.dept = d.id group by rollup(d.region, d.dname) order by d.region nulls first, d.dname nulls first'],
  ['join with non-equi residual', 'select e.id, d.id from emp e left join dept d on e.dept = d.id and e.salary > 4500 order by e.id'],
  ['GROUP BY with aggregates', 'select dept, count(*), count(name), sum(salary), avg(salary), min(name), max(hired), avg(bonus) from emp group by dept order by dept nulls first'],
  ['count(DISTINCT) and HAVING', 'select dept, count(distinct salary) c from emp group by dept having count(*) > 1 order by dept nulls first'],
  ['variance and standard deviation', 'select dept, var_pop(salary), var_samp(salary), stddev_pop(bonus), stddev_samp(bonus) from emp group by dept order by dept nulls first'],
  ['window: ranking functions', 'select id, dept, row_number() over (partition by dept order by salary desc, id), rank() over (partition by dept order by salary), dense_rank() over (order by salary), percent_rank() over (partition by dept order by salary), cume_dist() over (order by salary), ntile(3) over (order by id) from emp order by id'],
  ['window: aggregates over partitions and frames', 'select id, sum(salary) over (partition by dept), avg(bonus) over (partition by dept order by id rows between 1 preceding and current row), count(*) over (), min(salary) over (order by id rows between 1 preceding and 1 following), max(bonus) over (partition by dept order by id), sum(id) over (order by salary) from emp order by id'],
  ['window: lag, lead, first_value, last_value', 'select id, lag(id) over (order by id), lead(name, 2) over (order by id), lag(id, 1, 0) over (partition by dept order by id), first_value(name) over (partition by dept order by id), last_value(id) over (partition by dept order by id rows between unbounded preceding and unbounded following) from emp order by id'],
  ['window over an aggregate', 'select dept, sum(salary) s, rank() over (order by sum(salary) desc) r, sum(sum(salary)) over () from emp group by dept order by dept nulls first'],
  ['global aggregate', 'select count(*), sum(id), max(salary), min(bonus) from emp'],
  ['global aggregate over no rows', 'select count(*), sum(id) from emp where id > 100'],
  ['ORDER BY DESC NULLS FIRST/LAST and LIMIT', 'select id, dept from emp order by dept desc nulls first, id limit 4'],
  ['ORDER BY ASC NULLS LAST', 'select id, dept from emp order by dept asc nulls last, id'],
  ['ORDER BY an expression not selected', 'select name from emp order by salary desc nulls last, id'],
  ['UNION ALL', 'select id from emp where id < 3 union all select id from dept order by id'],
  ["a window's output joined with itself on its partition key (co-partitioned)", 'with w as (select dept, id, salary, rank() over (partition by dept order by id) r from emp) select x.dept, x.id, y.id, y.salary from w x join w y on x.dept = y.dept and x.r = y.r + 1 order by x.dept, x.id'],
  ['left join of a window with itself on its partition key', 'with w as (select dept, id, rank() over (partition by dept order by id) r from emp) select x.dept, x.id, y.id from w x left join w y on x.dept = y.dept and x.r = y.r - 1 order by x.dept nulls first, x.id'],
  ['GROUP BY over UNION ALL (each input aggregates first)', 'select k, count(*), count(v), sum(v), avg(v), min(n), max(n) from (select dept k, salary v, name n from emp union all select id, cast(id as decimal(9,2)), dname from dept union all select dept, null, null from emp where id > 4) u group by k order by k nulls first'],
  ['global aggregate over UNION ALL, one input empty', 'select count(*), sum(v), avg(v), min(v) from (select salary v from emp union all select bonus from emp union all select bonus from emp where id > 99) u'],
  ['UNION', 'select dept from emp union select id from dept order by dept nulls first'],
  ['scalar subqueries over one table (computed in one pass)', "select (select count(*) from emp where salary > 4000), (select avg(bonus) from emp where dept = 10), (select max(name) from emp), (select count(distinct salary) from emp where bonus is null or bonus > 10), (select sum(salary) from emp where id > 100), (select count(*) from dept where region is not null) from dept where id = 10"],
  ['single-row derived tables over one table, cross-joined', 'select * from (select count(*) c1, avg(salary) a1 from emp where dept = 10) x, (select count(bonus) c2, min(hired) m2, count(distinct dept) d2 from emp where dept is null or salary < 4000) y, (select sum(id) s3 from emp) z'],
  ['single-row derived tables over the same join, cross-joined', "select * from (select count(*) a from emp, dept where emp.dept = dept.id and region = 'east') x, (select sum(salary) b, count(distinct dname) c from emp, dept where emp.dept = dept.id and salary < 4500) y, (select max(bonus) m from emp, dept where emp.dept = dept.id) z"],
  ['subquery in FROM', 'select s.d, s.total from (select dept d, sum(salary) total from emp group by dept) s where s.total > 5000 order by s.d nulls first'],
  ['WITH', 'with big as (select * from emp where salary > 4000), c as (select dept, count(*) n from big group by dept) select * from c order by dept nulls first'],
  ['SELECT DISTINCT', 'select distinct salary from emp order by salary nulls first'],
  ['string functions', "select id, upper(name), length(name), substr(name, 2), concat(name, '-', cast(dept as string)), name || '!' from emp order by id"],
  ['date functions', "select id, year(hired), month(hired), datediff(hired, cast('2020-01-01' as date)), date_add(hired, 10) from emp order by id"],
  ['date plus days interval', "select id from emp where hired between cast('2019-01-01' as date) and cast('2019-01-01' as date) + 900 days order by id"],
];

describe('SELECT against DuckDB', () => {
  let wh: string;
  let s: Session;
  let d: DuckDBConnection;
  beforeAll(async () => {
    wh = tempDir();
    s = new Session({ warehouse: wh });
    run(s, SETUP);
    d = await duck();
    for (const st of DUCK_SETUP.split(';').filter((x) => x.trim())) await d.run(st);
  });
  afterAll(() => { s.close(); removeDir(wh); });

  for (const [name, sql] of QUERIES) {
    it(name, async () => {
      const duckSql = sql.replace(/left semi join (\w+) (\w+) on/, 'semi join $1 $2 on').replace(/ div /g, ' // ').replace(/date_add\((\w+), (\d+)\)/g, '$1 + $2').replace(/datediff\(([^,]+), ([^)]+\))\)/, "datediff('day', $2, $1)").replace(/concat\(name, '-', cast\(dept as string\)\)/, "name || '-' || cast(dept as varchar)").replace(/ \+ (\d+) days/g, " + interval $1 days");
      const expected = await duckRows(d, duckSql);
      expectSameRows(rows(s, sql), expected, true);
    });
  }

  it("a window's output joined with itself on its partition key needs no exchange between them", () => {
    const plan = rows(s, 'explain with w as (select dept, id, rank() over (partition by dept order by id) r from emp) select x.dept, x.id, y.id from w x join w y on x.dept = y.dept and x.r = y.r + 1').map((r) => r[0]!);
    const depth = (l: string) => l.search(/\S/);
    const join = plan.findIndex((l) => l.includes('HashJoin('));
    const window = plan.findIndex((l) => l.includes('Window('));
    expect(window, plan.join('\n')).toBeGreaterThan(join);
    // The join's inputs are the window's rows as they are (forward edges to its one
    // computation), not a broadcast or a hash exchange of them.
    const inputs = plan.slice(join + 1).filter((l) => depth(l) === depth(plan[join]) + 2);
    expect(inputs.length).toBe(2);
    for (const l of inputs) expect(l, plan.join('\n')).toMatch(/^\s*Exchange\(forward\)/);
    expect(plan.slice(join, window).filter((l) => /Exchange\((hash|broadcast)/.test(l))).toEqual([]);
  });

  it('an aggregate over UNION ALL aggregates each input before its exchange', () => {
    const plan = rows(s, 'explain select k, sum(v) from (select dept k, salary v from emp union all select id, null from dept) u group by k').map((r) => r[0]!);
    const union = plan.findIndex((l) => l.includes('UnionAll'));
    expect(union, plan.join('\n')).toBeGreaterThan(0);
    const depth = (l: string) => l.search(/\S/);
    const inputs = plan.slice(union + 1).filter((l) => depth(l) === depth(plan[union]) + 2);
    expect(inputs).toHaveLength(2);
    for (const l of inputs) expect(l).toMatch(/^\s*Exchange\(hash/);
    const below = plan.slice(union + 1).filter((l) => depth(l) === depth(plan[union]) + 4);
    expect(below.length).toBeGreaterThanOrEqual(2);
    for (const l of below.slice(0, 2)) expect(l).toMatch(/^\s*HashAggregate\(keys=/);
  });

  it("a grouping key over one joined table's columns is computed below the join, once per row of that table", () => {
    const plan = rows(s, 'explain select substr(d.dname, 1, 2), count(*) from emp e join dept d on e.dept = d.id group by substr(d.dname, 1, 2)').map((r) => r[0]!);
    const depth = (l: string) => l.search(/\S/);
    const join = plan.findIndex((l) => l.includes('HashJoin('));
    const computed = plan.findIndex((l) => /Project\(.*substr\(.*AS _key\)/.test(l));
    expect(join).toBeGreaterThanOrEqual(0);
    expect(computed).toBeGreaterThan(join);
    expect(depth(plan[computed])).toBeGreaterThan(depth(plan[join]));
    expect(plan.filter((l) => l.includes('HashAggregate(')).pop()).toMatch(/keys=\[_key\]/);
  });

  it('an aggregate of one side under grouping sets over the other aggregates that side by the join key first', () => {
    // 36 rows over 3 departments (ANALYZE's distinct count): grouped early, 3 rows meet dept.
    run(s, 'create table emp36 as select e.dept, e.salary, e.bonus from emp e cross join emp f; analyze table emp36 compute statistics for columns; analyze table dept compute statistics for columns');
    const q = 'select d.region, d.dname, sum(e.salary), avg(e.bonus) from emp36 e join dept d on e.dept = d.id group by rollup(d.region, d.dname)';
    const plan = rows(s, `explain ${q}`).map((r) => r[0]!);
    const join = plan.findIndex((l) => l.includes('HashJoin('));
    const early = plan.findIndex((l, i) => i > join && /HashAggregate\(keys=\[[a-z.]*dept\]/.test(l));
    expect(join).toBeGreaterThanOrEqual(0);
    expect(early, plan.join('\n')).toBeGreaterThan(join);
    expect(plan.slice(0, join).some((l) => l.includes('avg_merge('))).toBe(true);
    // Each department's rows six times over: six times the sums, the same averages.
    const base = rows(s, 'select d.region, d.dname, sum(e.salary) * 6, avg(e.bonus) from emp e join dept d on e.dept = d.id group by rollup(d.region, d.dname) order by 1, 2');
    expect(rows(s, `${q} order by 1, 2`)).toEqual(base);
  });

  it('an outer join whose NULL-extended rows the WHERE rejects is planned as its simpler kind', () => {
    const plan = (q: string) => rows(s, `explain ${q}`).map((r) => r[0]).join('\n');
    expect(plan("select e.id from emp e left join dept d on e.dept = d.id where d.region = 'east'")).toMatch(/HashJoin\(inner/);
    expect(plan("select e.id from emp e left join dept d on e.dept = d.id where coalesce(d.region, 'east') = 'east'")).toMatch(/HashJoin\(left/);
    expect(plan('select e.id from emp e full join dept d on e.dept = d.id where e.salary > 4000')).toMatch(/HashJoin\(left/);
    expect(plan('select e.id from emp e left join dept d on e.dept = d.id, dept r where d.region = r.region')).not.toMatch(/HashJoin\(left/);
  });

  it('global aggregates over one table cross-joined read it once, each on its own rows', () => {
    const plan = rows(s, 'explain select (select count(*) from emp where salary > 4000) a, (select avg(bonus) from emp where dept = 10) b, (select sum(salary) from emp) c from dept where id = 10').map((r) => r[0]).join('\n');
    expect(plan.match(/TableScan\(table=default\.emp/g)).toHaveLength(1);
    expect(plan).toContain('count(CASE WHEN (CAST(emp.salary AS decimal(12,2)) > 4000.00) THEN 1 END)');
    // An aggregate over all rows leaves the scan unfiltered.
    expect(plan).not.toMatch(/TableScan\(table=default\.emp[^\n]*filters=/);
  });

  it('global aggregates over the same join read it once, the shared join condition applied once', () => {
    const plan = rows(s, "explain select * from (select count(*) a from emp, dept where emp.dept = dept.id and region = 'east') x, (select sum(salary) b from emp, dept where emp.dept = dept.id and salary < 4500) y").map((r) => r[0]).join('\n');
    expect(plan.match(/TableScan\(table=default\.emp/g)).toHaveLength(1);
    expect(plan.match(/HashJoin\(inner, \(/g)).toHaveLength(1);
    expect(plan).toContain("count(CASE WHEN (dept.region = 'east') THEN 1 END)");
  });

  it('Hive semantics where DuckDB differs: casts to integer truncate', () => {
    expect(rows(s, 'select cast(salary as int), cast(-2.7 as int), cast(2.7 as bigint) from emp where id = 2')).toEqual([['4200', '-2', '2']]);
  });

  it('NULLs sort first ascending and last descending by default, as in Hive', () => {
    expect(rows(s, 'select dept from emp order by dept').map((r) => r[0])).toEqual([null, '10', '10', '20', '20', '30']);
    expect(rows(s, 'select dept from emp order by dept desc').map((r) => r[0])).toEqual(['30', '20', '20', '10', '10', null]);
  });

  it('Hive semantics where DuckDB differs: integer / integer is a double, x / 0 is NULL, div truncates', () => {
    expect(rows(s, 'select 7 / 2, 7 / 0, 7 div 2, -7 div 2, 7 % 0')).toEqual([['3.5', null, '3', '-3', null]]);
  });

  it("Hive's variance and stddev are the population forms", () => {
    expect(rows(s, 'select variance(id) = var_pop(id), stddev(id) = stddev_pop(id), std(id) = stddev_pop(id) from emp')).toEqual([['true', 'true', 'true']]);
  });

  it('prints decimals with their scale and doubles as Java does', () => {
    expect(rows(s, 'select salary, cast(1e7 as double), cast(0.5 as double), cast(2 as double) from emp where id = 2')).toEqual([['4200.50', '1.0E7', '0.5', '2.0']]);
  });

  it('a string that does not parse as the target type casts to NULL', () => {
    expect(rows(s, "select cast('12x' as int), cast('2020-02-30' as date), cast('1.239' as decimal(5,2))")).toEqual([[null, null, '1.24']]);
  });
});
