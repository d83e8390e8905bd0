// The parallel runtime (issue 6): stages and regions, region failover with injected
// failures, spilling within managed memory, and shuffle compression. Results are checked
// against the same query run on one slot with ample memory.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import * as A from 'apache-arrow';
import { Session } from '../src/session/session.js';
import { SHARED, removeDir, rows, run, tempDir } from './helpers.js';
import { BatchFileWriter } from '../src/shuffle/batchFile.js';
import type { FailureInjection } from '../src/runtime/jobMaster.js';

const AGG_SORT = 'select b, count(*) c, sum(q) s, max(i) m from parts group by b order by b';

describe('parallel runtime', () => {
  let wh: string;
  let s: Session;

  beforeAll(() => {
    wh = tempDir();
    s = new Session({ warehouse: wh, hivevars: { DB: 'tpcds', LOCATION: inject('tpcdsData') } });
    run(s, readFileSync(join(SHARED, 'tpcds/ddl/text/alltables.sql'), 'utf8'));
    run(s, `use default;
      set hive.exec.dynamic.partition.mode=nonstrict;
      create table parts (i int, q int, b int) partitioned by (f int);
      insert overwrite table parts partition (f) select ss_item_sk, ss_quantity, ss_store_sk, ss_item_sk % 6 from tpcds.store_sales;`);
  });
  afterAll(() => { s.close(); removeDir(wh); });

  const withSettings = <T>(settings: Record<string, string>, f: () => T): T => {
    for (const [k, v] of Object.entries(settings)) s.config.set(k, v);
    try { return f(); } finally { for (const k of Object.keys(settings)) s.config.reset(k); }
  };
  const serial = (sql: string) => withSettings({ 'taskmanager.numberOfTaskSlots': '1', 'table.exec.resource.default-parallelism': '1', 'table.exec.hive.infer-source-parallelism.max': '1' }, () => rows(s, sql));
  const parallel = (sql: string, extra: Record<string, string> = {}) => withSettings({ 'taskmanager.numberOfTaskSlots': '2', 'table.exec.resource.default-parallelism': '2',
    'table.exec.hive.infer-source-parallelism.max': '2', 'restart-strategy.fixed-delay.delay': '0 s', ...extra }, () => {
    const r = rows(s, sql);
    expect(s.runtime.localReason).toBeUndefined();
    return r;
  });
  const injecting = (inj: FailureInjection[], sql: string, extra: Record<string, string> = {}) => { s.runtime.injections.push(...inj); return parallel(sql, extra); };
  const attempts = () => s.runtime.lastJob!.attempts;

  it('scan → hash aggregate → sort at parallelism 2 on 2 slots equals the single-thread result; regions run in order', () => {
    const expected = serial(AGG_SORT);
    expect(s.runtime.lastGraph!.stages.map((x) => x.parallelism)).toEqual([1, 1, 1]);
    const actual = parallel(AGG_SORT);
    expect(actual).toEqual(expected);
    expect(expected.length).toBeGreaterThan(5);
    const job = s.runtime.lastJob!;
    // Three stages: the scan (2 subtasks over the 6 partition files), the aggregate hashed
    // by key (2 subtasks), the final sort (1 subtask). Every task is its own region.
    expect(job.stages.map((x) => [x.parallelism, x.inputs])).toEqual([[2, []], [2, [0]], [1, [1]]]);
    expect(job.stages[0].name).toMatch(/^Scan\(parts\)/);
    expect(job.stages[1].name).toMatch(/HashAggregate/);
    expect(job.stages[2].name).toMatch(/Sort$/);
    // Blocking edges: a stage's first deployment follows its producers' last FINISHED.
    const at = (stage: number, state: string, pick: 'first' | 'last') => {
      const ts = job.events.filter((e) => e.stage === stage && e.state === state).map((e) => e.at);
      return pick === 'first' ? Math.min(...ts) : Math.max(...ts);
    };
    expect(at(1, 'DEPLOYING', 'first')).toBeGreaterThanOrEqual(at(0, 'FINISHED', 'last'));
    expect(at(2, 'DEPLOYING', 'first')).toBeGreaterThanOrEqual(at(1, 'FINISHED', 'last'));
    expect(new Set(job.events.map((e) => e.executor)).size).toBe(2);
    // Records per operator: the scans' rows add up to the table's.
    const scanned = job.tasks.filter((t) => t.stage === 0).flatMap((t) => t.metrics.operatorRows).filter((o) => o.operator === 'scan default.parts');
    expect(scanned).toHaveLength(2);
    expect(scanned.reduce((a, o) => a + o.rows, 0)).toBe(Number(serial('select count(*) from parts')[0][0]));
    expect(job.tasks.find((t) => t.stage === 2)!.metrics.operatorRows[0]).toMatchObject({ operator: 'sort', rows: expected.length });
    console.log('regions in order:', job.events.map((e) => `${e.state} ${e.stage}.${e.subtask}@tm${e.executor}`).join(', '));
  });

  it('a finished job leaves no shuffle files: the executors delete released results and the job directory', async () => {
    const jobFiles = () => readdirSync(tmpdir()).filter((d) => d.startsWith(`sluice-${process.pid}-`))
      .flatMap((d) => readdirSync(join(tmpdir(), d)).flatMap((tm) => readdirSync(join(tmpdir(), d, tm)).map((j) => join(d, tm, j))));
    expect(parallel(AGG_SORT).length).toBeGreaterThan(5);
    // Deleting is left to the executor threads between their tasks, so it ends a moment later.
    const deadline = Date.now() + 10_000;
    while (jobFiles().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(jobFiles()).toEqual([]);
  });

  it('EXPLAIN ANALYZE prints each operator\'s actual rows (summed over subtasks) and time', () => {
    const total = serial('select count(*) from parts')[0][0];
    const groups = serial('select count(*) from (select b from parts group by b) g')[0][0];
    const lines = parallel('explain analyze select b, count(*) from parts group by b').map((r) => r[0]!);
    expect(lines.find((l) => l.includes('TableScan(table=default.parts'))).toMatch(new RegExp(`\\[actual rows ${total}, [\\d.]+ ms\\]$`));
    expect(lines.find((l) => l.includes('HashAggregate('))).toMatch(new RegExp(`\\[actual rows ${groups}, `));
    expect(lines[lines.length - 1]).toMatch(/^Job: 2 stages, 4 tasks, \d+ ms; shuffle \d+ bytes written/);
  });

  it('a failure in a downstream region re-runs only that region', () => {
    const expected = serial(AGG_SORT);
    const actual = injecting([{ stage: 1, subtask: 0, attempt: 0, kind: 'throw' }], AGG_SORT);
    expect(actual).toEqual(expected);
    expect(attempts()).toEqual({ '0.0': 1, '0.1': 1, '1.0': 2, '1.1': 1, '2.0': 1 });
    expect(s.runtime.lastJob!.events.filter((e) => e.state === 'FAILED').map((e) => `${e.stage}.${e.subtask}.${e.attempt}`)).toEqual(['1.0.0']);
    expect(s.runtime.lastJob!.restarts).toBe(1);
  });

  it('killing the TaskExecutor that holds blocking results re-runs their producer', () => {
    const expected = serial(AGG_SORT);
    const actual = injecting([{ stage: 1, subtask: 0, attempt: 0, kind: 'killInputHolder' }], AGG_SORT);
    expect(actual).toEqual(expected);
    const a = attempts();
    expect(a['0.0']).toBe(2); // its result was on the killed executor
    expect(a['2.0']).toBe(1);
  });

  it('a worker thread that dies mid-task is replaced and the task re-run', () => {
    const expected = serial(AGG_SORT);
    const actual = injecting([{ stage: 1, subtask: 1, attempt: 0, kind: 'exit' }], AGG_SORT);
    expect(actual).toEqual(expected);
    expect(attempts()['1.1']).toBeGreaterThanOrEqual(2);
  });

  it('a deleted or corrupt shuffle file re-runs the producer that wrote it', () => {
    const expected = serial(AGG_SORT);
    for (const kind of ['deleteResult', 'corruptResult'] as const) {
      const actual = injecting([{ stage: 0, subtask: 1, attempt: 0, kind }], AGG_SORT);
      expect(actual).toEqual(expected);
      expect(attempts()['0.1'], kind).toBe(2);
    }
  });

  it('a CTE read twice is computed once: one producer stage feeds both readers; failures around it re-run the right tasks', () => {
    const CTE = `with t as (select i, count(*) c, sum(q) s from parts group by i)
      select x.i, x.c, y.s from t x join t y on x.i = y.i + 1 order by x.i`;
    const expected = serial(CTE);
    expect(expected.length).toBeGreaterThan(3);
    const scans = () => s.runtime.lastGraph!.stages.filter((x) => x.name.startsWith('Scan(parts)'));
    expect(parallel(CTE, { 'table.optimizer.reuse-sub-plan-enabled': 'false' })).toEqual(expected);
    expect(scans()).toHaveLength(2);
    expect(parallel(CTE)).toEqual(expected);
    expect(scans()).toHaveLength(1);
    const plan = rows(s, `explain ${CTE}`).map((r) => r[0]).join('\n');
    expect(plan).toMatch(/reuse_id=1/);
    expect(plan).toMatch(/Reused\(reuse_id=1\)/);
    const shared = s.runtime.lastGraph!.stages.find((x) => x.outputs.length === 2)!;
    expect(shared).toBeDefined();
    const [first, second] = shared.outputs.map((o) => o.consumer);
    expect(first).not.toBe(second);
    // A reader that fails re-runs alone; the shared producer's results are kept for the other.
    expect(injecting([{ stage: first, subtask: 0, attempt: 0, kind: 'throw' }], CTE)).toEqual(expected);
    expect(attempts()[`${first}.0`]).toBe(2);
    expect(attempts()[`${shared.id}.0`]).toBe(1);
    // Losing the producer's results re-runs it, and both readers still get every row.
    expect(injecting([{ stage: second, subtask: 0, attempt: 0, kind: 'killInputHolder' }], CTE)).toEqual(expected);
  });

  it('a CTE read once filtered and once whole is computed once, the filter applied above the shared copy (q24)', () => {
    const CTE = `with t as (select b, i, sum(q) s from parts group by b, i)
      select b, sum(s) from t where i < 3 group by b having sum(s) > (select 0.1 * avg(s) from t) order by b`;
    const expected = serial(CTE);
    expect(expected.length).toBeGreaterThan(1);
    const scans = () => s.runtime.lastGraph!.stages.filter((x) => x.name.startsWith('Scan(parts)'));
    expect(parallel(CTE)).toEqual(expected);
    expect(scans()).toHaveLength(1);
    const plan = rows(s, `explain ${CTE}`).map((r) => r[0]).join('\n');
    expect(plan).toMatch(/Reused\(reuse_id=\d+\)/);
    expect(plan).not.toMatch(/TableScan\(table=default\.parts[^\n]*filters=/);
    // Where every reference filters, each copy keeps its own pushed-down filter.
    const BOTH = `with t as (select b, i, sum(q) s from parts group by b, i) select x.b, x.s, y.s from t x join t y on x.b = y.b where x.i = 1 and y.i = 2 order by x.b`;
    const both = rows(s, `explain ${BOTH}`).map((r) => r[0]).join('\n');
    expect(both.match(/TableScan\(table=default\.parts[^\n]*filters=/g)).toHaveLength(2);
    expect(parallel(BOTH)).toEqual(serial(BOTH));
  });

  it('a sub-plan read twice inside stages (a window under self-joins) is computed once through forward edges', () => {
    const W = `with w as (select b, i, q, rank() over (partition by b order by q, i) r, sum(q) over (partition by b) t from (select b, i, max(q) q from parts group by b, i) g)
      select x.b, x.i, x.r, y.i, y.t from w x join w y on x.b = y.b and x.r = y.r + 1 where x.r <= 3 order by x.b, x.r`;
    const expected = serial(W);
    expect(expected.length).toBeGreaterThan(3);
    // Window operators run, over all stages (both copies may share one stage).
    const windows = () => s.runtime.lastGraph!.stages.reduce((n, x) => n + (x.name.match(/Window/g)?.length ?? 0), 0);
    expect(parallel(W, { 'table.optimizer.reuse-sub-plan-enabled': 'false' })).toEqual(expected);
    expect(windows()).toBe(2);
    expect(parallel(W)).toEqual(expected);
    expect(windows()).toBe(1);
    const plan = rows(s, `explain ${W}`).map((r) => r[0]).join('\n');
    expect(plan).toMatch(/Exchange\(forward\) reuse_id=\d+/);
    const shared = s.runtime.lastGraph!.stages.find((x) => x.outputs.length === 2 && x.outputs.every((o) => o.distribution === 'forward'))!;
    expect(shared).toBeDefined();
    // Each reader's subtask reads its own producer subtask; a failed reader re-runs alone.
    const reader = shared.outputs[0].consumer;
    expect(injecting([{ stage: reader, subtask: 1, attempt: 0, kind: 'throw' }], W)).toEqual(expected);
    expect(attempts()[`${reader}.1`]).toBe(2);
    expect(attempts()[`${shared.id}.1`]).toBe(1);
  });

  it('full failover restarts every task', () => {
    const expected = serial(AGG_SORT);
    const actual = injecting([{ stage: 1, subtask: 0, attempt: 0, kind: 'throw' }], AGG_SORT, { 'jobmanager.execution.failover-strategy': 'full' });
    expect(actual).toEqual(expected);
    const a = attempts();
    expect(a['0.0']).toBe(2);
    expect(a['0.1']).toBe(2);
  });

  it('when restarts run out the job fails cleanly: error names operator and subtask, no files left, INSERT OVERWRITE not committed', async () => {
    run(s, 'create table target (b int, c bigint); insert into target select b, count(*) from parts group by b');
    const before = rows(s, 'select * from target order by b');
    const location = s.catalog.getTable('default', 'target')!.sd.location;
    const filesBefore = readdirSync(location).sort();
    s.runtime.injections.push(
      { stage: 1, subtask: 0, attempt: 0, kind: 'throw' }, { stage: 1, subtask: 0, attempt: 1, kind: 'throw' });
    expect(() => withSettings({ 'taskmanager.numberOfTaskSlots': '2', 'restart-strategy.fixed-delay.attempts': '1', 'restart-strategy.fixed-delay.delay': '0 s' },
      () => run(s, 'insert overwrite table target select b, count(*) from parts group by b')))
      .toThrow(/Job failed: injected failure in .*HashAggregate.* \(stage 1, subtask 0, attempt 1\).*restart-strategy fixed-delay allows 1 restart, exhausted/);
    expect(rows(s, 'select * from target order by b')).toEqual(before);
    expect(readdirSync(location).sort()).toEqual(filesBefore);
    // The failed job's files went at once; the queries' around it go with their executors'
    // next turn, so wait for those.
    const leftovers = () => readdirSync(tmpdir()).filter((d) => d.startsWith(`sluice-${process.pid}-`))
      .flatMap((d) => readdirSync(join(tmpdir(), d)).flatMap((tm) => readdirSync(join(tmpdir(), d, tm))));
    const deadline = Date.now() + 10_000;
    while (leftovers().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(leftovers()).toEqual([]);
    expect(() => injecting([{ stage: 0, subtask: 0, attempt: 0, kind: 'throw' }], AGG_SORT, { 'restart-strategy': 'none' })).toThrow(/restart-strategy is none/);
  });

  describe('spilling within managed memory (16 MB vs 1 GB)', () => {
    const digest = (r: (string | null)[][]) => createHash('sha256').update(r.map((x) => x.join('\u0001')).join('\n')).digest('hex');
    const peak = (f: () => (string | null)[][]) => {
      let max = process.memoryUsage().rss;
      s.runtime.onProgress = () => { max = Math.max(max, process.memoryUsage().rss); };
      try { return { r: f(), peak: max }; } finally { s.runtime.onProgress = undefined; }
    };
    const both = (sql: string) => {
      const small = peak(() => parallel(sql, { 'taskmanager.memory.managed.size': '16mb' }));
      const spilled = s.runtime.lastJob!.bytesSpilled;
      const big = parallel(sql, { 'taskmanager.memory.managed.size': '1gb' });
      expect(s.runtime.lastJob!.bytesSpilled).toBe(0);
      expect(spilled).toBeGreaterThan(0);
      expect(digest(small.r)).toBe(digest(big));
      // The bound: the process (this test's worker threads included) stays under 3 GiB.
      expect(small.peak).toBeLessThan(3 * 1024 ** 3);
      console.log(`${sql.slice(0, 60)}…: ${big.length} rows, spilled ${(spilled / 1e6).toFixed(1)} MB at 16 MB, peak RSS ${(small.peak / 1e6).toFixed(0)} MB`);
      return big;
    };

    it('an aggregation with over 1M distinct keys', () => {
      const r = both(`select count(*), sum(c), sum(k % 1000), max(s) from (
        select k, count(*) c, sum(q) s from (select (ss_ticket_number * 20000 + ss_item_sk) * 4 + v.x k, ss_quantity q from tpcds.store_sales cross join (select 0 x union all select 1 union all select 2 union all select 3) v) t group by k) g`);
      expect(Number(r[0][0])).toBeGreaterThan(1_000_000);
    });

    it('a full sort of store_sales', () => {
      both('select * from tpcds.store_sales order by ss_sold_date_sk, ss_ticket_number, ss_item_sk');
    });

    it('a hash join of store_sales with customer_demographics', () => {
      // Seven store_sales columns (~16 MB) on the build side: more than a slot's 8 MB.
      both(`select cd_gender, cd_marital_status, count(*), sum(ss_quantity), sum(cd_dep_count), sum(ss_net_paid), max(ss_sold_date_sk),
          sum(ss_ext_sales_price), sum(ss_list_price), sum(ss_coupon_amt), max(concat(cd_credit_rating, cd_education_status))
        from tpcds.customer_demographics join tpcds.store_sales on ss_cdemo_sk = cd_demo_sk
        group by cd_gender, cd_marital_status order by cd_gender, cd_marital_status`);
    });
  });

  it('shuffle compression: bytes written with LZ4 on and off; files open with apache-arrow', () => {
    const sql = 'select ss_item_sk, count(*), sum(ss_net_paid) from tpcds.store_sales group by ss_item_sk order by ss_item_sk';
    const on = parallel(sql, { 'taskmanager.network.blocking-shuffle.compression.enabled': 'true' });
    const jobOn = s.runtime.lastJob!;
    const off = parallel(sql, { 'taskmanager.network.blocking-shuffle.compression.enabled': 'false' });
    const jobOff = s.runtime.lastJob!;
    expect(on).toEqual(off);
    expect(jobOn.shuffleBytesWritten).toBeLessThan(jobOff.shuffleBytesWritten);
    console.log(`shuffle of store_sales by item: ${jobOff.shuffleBytesWritten} bytes uncompressed, ${jobOn.shuffleBytesWritten} with LZ4 (ratio ${(jobOff.shuffleBytesWritten / jobOn.shuffleBytesWritten).toFixed(2)})`);

    const dir = tempDir();
    try {
      const path = join(dir, 'x.arrow');
      const types = [{ id: 'int' }, { id: 'string' }, { id: 'decimal', precision: 7, scale: 2 }, { id: 'boolean' }] as const;
      const w = new BatchFileWriter(path, [...types], true);
      w.write({ length: 3, columns: [
        { type: types[0], values: Int32Array.from([1, 2, 3]), nulls: null },
        { type: types[1], values: ['a', '', 'ü'], nulls: Uint8Array.from([0, 1, 0]) },
        { type: types[2], values: Float64Array.from([150, -2, 0]), nulls: null },
        { type: types[3], values: Uint8Array.from([1, 0, 1]), nulls: null },
      ] });
      w.close();
      const t = A.tableFromIPC(readFileSync(path));
      expect(t.numRows).toBe(3);
      expect(t.schema.fields.map((f) => f.metadata.get('hive.type'))).toEqual(['int', 'string', 'decimal(7,2)', 'boolean']);
      expect(t.toArray().map((r) => r.toJSON())).toEqual([
        { c0: 1, c1: 'a', c2: 150, c3: true }, { c0: 2, c1: null, c2: -2, c3: false }, { c0: 3, c1: 'ü', c2: 0, c3: true }]);
      expect(existsSync(path)).toBe(true);
    } finally { removeDir(dir); }
  });
});
