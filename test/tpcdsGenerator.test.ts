// `sluice tpcds gen`: layout, determinism, fidelity of the calendar tables to dsdgen's,
// referential integrity (checked by DuckDB reading the files), and bad input.
import { describe, expect, inject, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateTpcds } from '../src/tpcds/generate.js';
import { SHARED, duck, duckRows, removeDir, tempDir } from './helpers.js';

const TABLES = ['call_center', 'catalog_page', 'catalog_returns', 'catalog_sales', 'customer', 'customer_address', 'customer_demographics',
  'date_dim', 'household_demographics', 'income_band', 'inventory', 'item', 'promotion', 'reason', 'ship_mode', 'store', 'store_returns',
  'store_sales', 'time_dim', 'warehouse', 'web_page', 'web_returns', 'web_sales', 'web_site'];
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.split('|'));

describe('sluice tpcds gen', () => {
  const out = () => inject('tpcdsGenerated');

  it('writes the 24 tables in dsdgen layout, one folder each, fields and lines ending in |', () => {
    expect(readdirSync(out()).sort()).toEqual(TABLES);
    for (const t of TABLES) {
      const text = readFileSync(join(out(), t, `${t}.dat`), 'utf8');
      const first = text.slice(0, text.indexOf('\n'));
      expect(first.endsWith('|'), t).toBe(true);
    }
    const sales = lines(join(out(), 'store_sales', 'store_sales.dat'));
    expect(sales.length).toBeGreaterThan(20_000);
    expect(sales[0].length).toBe(24); // 23 columns and the trailing separator
  });

  it('is deterministic: the same scale gives the same bytes', () => {
    const dir = tempDir();
    try {
      generateTpcds(0.01, dir);
      for (const t of ['store_sales', 'item', 'customer', 'web_returns']) {
        const hash = (root: string) => createHash('sha256').update(readFileSync(join(root, t, `${t}.dat`))).digest('hex');
        expect(hash(dir), t).toBe(hash(out()));
      }
    } finally { removeDir(dir); }
  });

  it("date_dim and time_dim equal dsdgen's on the columns the queries use", () => {
    const official = (t: string) => gunzipSync(readFileSync(join(SHARED, 'tpcds/sf1-sample', `${t}.dat.gz`))).toString('utf8').split('\n').filter(Boolean).map((l) => l.split('|'));
    const ours = lines(join(out(), 'date_dim', 'date_dim.dat'));
    const theirs = official('date_dim');
    expect(ours.length).toBe(theirs.length);
    // sk, id, date, month_seq, week_seq, year, dow, moy, dom, day name, current_year — from
    // 1901 to 2099 (dsdgen counts 1900 and 2100 as leap years, shifting their weekdays).
    const cols = [0, 1, 2, 3, 4, 6, 7, 8, 9, 14, 27];
    let compared = 0;
    for (let i = 0; i < ours.length; i++) {
      if (theirs[i][2] < '1901-01-01' || theirs[i][2] >= '2100-01-01') continue;
      expect(cols.map((c) => ours[i][c]), theirs[i][2]).toEqual(cols.map((c) => theirs[i][c]));
      compared++;
    }
    expect(compared).toBeGreaterThan(72_000);
    const time = lines(join(out(), 'time_dim', 'time_dim.dat'));
    expect(time.map((r) => r.slice(0, 10).join('|'))).toEqual(official('time_dim').map((r) => r.slice(0, 10).join('|')));
  });

  it('keeps referential integrity: every foreign key in the facts names an existing row', async () => {
    const d = await duck();
    // Columns named c1…cN (the trailing | adds one empty column).
    const csv = (t: string) => {
      const file = join(out(), t, `${t}.dat`);
      const head = Buffer.alloc(4096);
      const fd = openSync(file, 'r');
      try { readSync(fd, head, 0, head.length, 0); } finally { closeSync(fd); }
      const n = head.toString('utf8').split('\n')[0].split('|').length;
      const names = Array.from({ length: n }, (_, i) => `'c${i + 1}'`).join(',');
      return `read_csv('${file}', delim='|', header=false, all_varchar=true, names=[${names}])`;
    };
    // [fact table, 1-based column, dimension table]
    const keys: [string, number, string][] = [
      ['store_sales', 1, 'date_dim'], ['store_sales', 3, 'item'], ['store_sales', 4, 'customer'], ['store_sales', 5, 'customer_demographics'],
      ['store_sales', 6, 'household_demographics'], ['store_sales', 7, 'customer_address'], ['store_sales', 8, 'store'], ['store_sales', 9, 'promotion'],
      ['store_returns', 3, 'item'], ['store_returns', 9, 'reason'], ['catalog_sales', 12, 'call_center'], ['catalog_sales', 13, 'catalog_page'],
      ['catalog_sales', 14, 'ship_mode'], ['catalog_sales', 15, 'warehouse'], ['catalog_sales', 16, 'item'], ['web_sales', 13, 'web_page'],
      ['web_sales', 14, 'web_site'], ['web_sales', 4, 'item'], ['inventory', 2, 'item'], ['inventory', 3, 'warehouse'], ['customer', 5, 'customer_address'],
    ];
    for (const [fact, col, dim] of keys) {
      const [[missing]] = await duckRows(d, `select count(*) from ${csv(fact)} f where f.c${col} is not null
        and f.c${col} not in (select k.c1 from ${csv(dim)} k)`);
      expect(Number(missing), `${fact} column ${col} → ${dim}`).toBe(0);
    }
    // A return refers to a sale: same ticket and item.
    const [[orphans]] = await duckRows(d, `select count(*) from ${csv('store_returns')} r anti join ${csv('store_sales')} s
      on r.c10 = s.c10 and r.c3 = s.c3`);
    expect(Number(orphans)).toBe(0);
    // Every return (the coverage purchases' too) refers to its sale and comes back after it
    // was sold, or for catalog and web orders after it shipped: [returns, sales, return's
    // date, item, number columns; sale's item, number, sold-or-shipped date columns].
    const returned: [string, string, number, number, number, number, number, number][] = [
      ['store_returns', 'store_sales', 1, 3, 10, 3, 10, 1], ['catalog_returns', 'catalog_sales', 1, 3, 17, 16, 18, 3], ['web_returns', 'web_sales', 1, 3, 14, 4, 18, 3],
    ];
    for (const [ret, sale, date, item, num, sItem, sNum, sDate] of returned) {
      const [[n, unmatched, early]] = await duckRows(d, `select count(*), count(*) filter (where s.c${sItem} is null),
        count(*) filter (where cast(r.c${date} as int) <= cast(s.c${sDate} as int)) from ${csv(ret)} r
        left join ${csv(sale)} s on r.c${item} = s.c${sItem} and r.c${num} = s.c${sNum}`);
      expect(Number(n), ret).toBeGreaterThan(500);
      expect([Number(unmatched), Number(early)], `${ret}: without their sale, back before it left`).toEqual([0, 0]);
    }
  });

  it('refuses a bad scale with a clear error and writes nothing', () => {
    const dir = tempDir();
    try {
      const r = spawnSync(process.execPath, ['bin/sluice.js', 'tpcds', 'gen', '--scale', 'zero', '--out', join(dir, 'x')], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain("tpcds gen: --scale 'zero' is not a number");
      expect(readdirSync(dir)).toEqual([]);
    } finally { removeDir(dir); }
    expect(execFileSync(process.execPath, ['bin/sluice.js', 'tpcds', '--help'], { encoding: 'utf8' })).toContain('gen');
  });
});
