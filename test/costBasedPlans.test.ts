// Statistics drive plans (issue 7): EXPLAIN of TPC-DS q64, q72 and q95 orders joins and
// picks broadcast sides differently once ANALYZE has recorded row counts and column
// statistics, and the plans made with statistics still give DuckDB's answers.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBConnection } from '@duckdb/node-api';
import { Session } from '../src/session/session.js';
import { SHARED, duck, duckRows, expectSameRows, forDuckDB, mirrorTablesInDuck, removeDir, rows, run, tempDir } from './helpers.js';

const QUERIES = [64, 72, 95];
const text = (q: number) => readFileSync(join(SHARED, `tpcds/queries/query${q}.sql`), 'utf8').replace(/;[\s\S]*$/, '');

/** The joins of a plan in order: each HashJoin line's condition and what its build side is. */
function joinShape(plan: string[]): string[] {
  const lines = plan.map((l) => l.replace(/ \[est\. rows.*\]$/, ''));
  return lines.flatMap((l, i) => {
    if (!l.trim().startsWith('HashJoin(')) return [];
    const depth = l.search(/\S/);
    const children = lines.slice(i + 1).filter((x, k, all) => x.search(/\S/) === depth + 2 && all.slice(0, k).every((y) => y.search(/\S/) > depth));
    return [`${l.trim()} build=${children[1]?.trim().slice(0, 60)}`];
  });
}

describe('cost-based plans with and without statistics', () => {
  let wh: string;
  let s: Session;
  let d: DuckDBConnection;
  const before = new Map<number, string[]>();

  beforeAll(async () => {
    wh = tempDir();
    s = new Session({ warehouse: wh, hivevars: { DB: 'tpcds', LOCATION: inject('tpcdsData') } });
    run(s, readFileSync(join(SHARED, 'tpcds/ddl/text/alltables.sql'), 'utf8'));
    run(s, 'use tpcds');
    for (const q of QUERIES) before.set(q, rows(s, `explain ${text(q)}`).map((r) => r[0]!));
    for (const t of s.catalog.listTables('tpcds')) run(s, `analyze table ${t} compute statistics for columns`);
    d = await duck();
    await mirrorTablesInDuck(d, s.catalog, 'tpcds', true);
  });
  afterAll(() => { s.close(); removeDir(wh); });

  for (const q of QUERIES) {
    it(`q${q}: ANALYZE changes the join order and broadcast sides; results still equal DuckDB`, async () => {
      const after = rows(s, `explain ${text(q)}`).map((r) => r[0]!);
      const a = joinShape(before.get(q)!), b = joinShape(after);
      expect(a.length).toBeGreaterThan(2);
      expect(b).not.toEqual(a);
      // Estimates with statistics come from ANALYZE's counts, not bytes on disk.
      expect(after.join('\n')).not.toEqual(before.get(q)!.join('\n'));
      expect(after.some((l) => l.includes('Exchange(broadcast)'))).toBe(true);
      expectSameRows(rows(s, text(q)), await duckRows(d, forDuckDB(text(q))), true);
    });
  }

  it('a range with both bounds on one column estimates the share of [min, max] between them', () => {
    // 61 of date_dim's 73,049 days; two independent half-ranges would say a quarter (18,262).
    const plan = rows(s, "explain select d_date_sk from date_dim where d_date between '2002-04-01' and '2002-05-31'").map((r) => r[0]!);
    const scan = plan.find((l) => l.includes('TableScan(table=tpcds.date_dim'))!;
    const est = Number(/est\. rows (\d+)/.exec(scan)![1]);
    expect(est).toBeGreaterThanOrEqual(30);
    expect(est).toBeLessThanOrEqual(120);
  });

  it("IS NULL on a left join's other side keeps its unmatched rows: q78's sales without a return are not estimated as one row", () => {
    const plan = rows(s, 'explain select ss_item_sk from store_sales left join store_returns on sr_ticket_number = ss_ticket_number and sr_item_sk = ss_item_sk where sr_ticket_number is null').map((r) => r[0]!);
    const est = (re: RegExp) => Number(/est\. rows (\d+)/.exec(plan.find((l) => re.test(l))!)![1]);
    const sales = est(/TableScan\(table=tpcds\.store_sales/);
    const kept = est(/Filter\(store_returns\.sr_ticket_number IS NULL\)/);
    expect(kept).toBeGreaterThan(sales * 0.5);
    expect(kept).toBeLessThanOrEqual(sales);
  });

  it('table.optimizer.join-reorder-enabled = false keeps the rule-based order', () => {
    s.config.set('table.optimizer.join-reorder-enabled', 'false');
    try {
      const off = joinShape(rows(s, `explain ${text(72)}`).map((r) => r[0]!));
      s.config.reset('table.optimizer.join-reorder-enabled');
      const on = joinShape(rows(s, `explain ${text(72)}`).map((r) => r[0]!));
      expect(off).not.toEqual(on);
    } finally { s.config.reset('table.optimizer.join-reorder-enabled'); }
  });
});
