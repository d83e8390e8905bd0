// Drives the real `sluice sql-client` command, as a user would, over the sf1-sample files.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED, removeDir, tempDir } from './helpers.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'sluice.js');

function sluice(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, 'sql-client', ...args], { encoding: 'utf8', input, timeout: 600_000, maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** As sluice(), without blocking the test worker (long loads would starve vitest's RPC). */
function sluiceAsync(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, 'sql-client', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => { p.kill(); reject(new Error(`sluice ${args.join(' ')} timed out`)); }, 600_000);
    p.on('close', (code) => { clearTimeout(timer); resolve({ code, out, err }); });
  });
}

const EXPECTED_COUNTS = Object.fromEntries(
  readFileSync(join(SHARED, 'tpcds/README.md'), 'utf8').split('```')[1].trim().split('\n').map((l) => l.trim().split(/\s+/)).map(([t, n]) => [t, Number(n)]),
);

describe('sluice sql-client -f over the TPC-DS sf1-sample', () => {
  let wh: string;
  let work: string;
  const data = () => inject('tpcdsData');
  const base = () => ['--warehouse', wh, '-S'];

  beforeAll(() => { wh = tempDir(); work = tempDir(); });
  afterAll(() => { removeDir(wh); removeDir(work); });

  it('creates the 24 text tables from ddl/text/alltables.sql with --hivevar', () => {
    const r = sluice([...base(), '-f', join(SHARED, 'tpcds/ddl/text/alltables.sql'), '--hivevar', 'DB=tpcds', '--hivevar', `LOCATION=${data()}`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const tables = sluice([...base(), '-e', 'show tables in tpcds']).out.trim().split('\n');
    expect(tables.sort()).toEqual(Object.keys(EXPECTED_COUNTS).sort());
  });

  it('counts every table as the README says', () => {
    const script = Object.keys(EXPECTED_COUNTS).map((t) => `select '${t}', count(*) from ${t};`).join('\n');
    const file = join(work, 'counts.sql');
    writeFileSync(file, 'use ${hivevar:DB};\n' + script);
    const r = sluice([...base(), '-f', file, '--hivevar', 'DB=tpcds']);
    expect(r.code).toBe(0);
    const got = Object.fromEntries(r.out.trim().split('\n').map((l) => l.split('\t')).map(([t, n]) => [t, Number(n)]));
    expect(got).toEqual(EXPECTED_COUNTS);
  });

  it('fills a partitioned copy of store_sales by dynamic INSERT OVERWRITE, NULL dates in the default partition', () => {
    const file = join(work, 'partitioned.sql');
    writeFileSync(file, `
      set hive.exec.dynamic.partition.mode=nonstrict;
      set hive.exec.max.dynamic.partitions=5000;
      create database if not exists ${'${DB}'}_part;
      use ${'${DB}'}_part;
      create table store_sales (ss_item_sk bigint, ss_ticket_number bigint, ss_quantity int, ss_net_paid decimal(7,2))
        partitioned by (ss_sold_date_sk bigint) row format delimited fields terminated by '|' stored as textfile;
      from ${'${DB}'}.store_sales ss
      insert overwrite table store_sales partition (ss_sold_date_sk)
        select ss.ss_item_sk, ss.ss_ticket_number, ss.ss_quantity, ss.ss_net_paid, ss.ss_sold_date_sk where ss.ss_sold_date_sk is not null
      insert overwrite table store_sales partition (ss_sold_date_sk)
        select ss.ss_item_sk, ss.ss_ticket_number, ss.ss_quantity, ss.ss_net_paid, ss.ss_sold_date_sk where ss.ss_sold_date_sk is null;
    `);
    const load = sluice([...base(), '-f', file, '--hivevar', 'DB=tpcds']);
    expect(load.err).toBe('');
    expect(load.code).toBe(0);
    const q = (sql: string) => sluice([...base(), '-e', sql]).out.trim().split('\n').sort();
    const perPartition = q('select ss_sold_date_sk, count(*) from tpcds_part.store_sales group by ss_sold_date_sk');
    const source = q('select ss_sold_date_sk, count(*) from tpcds.store_sales group by ss_sold_date_sk');
    expect(perPartition.length).toBeGreaterThan(1000);
    expect(perPartition).toEqual(source);
    expect(source.some((l) => l.startsWith('NULL\t'))).toBe(true);
    const partitions = q('show partitions tpcds_part.store_sales');
    expect(partitions).toContain('ss_sold_date_sk=__HIVE_DEFAULT_PARTITION__');
    expect(partitions.length).toBe(perPartition.length);
    // Hive's layout on disk: k=v directories holding 000000_0 files.
    const tableDir = join(wh, 'tpcds_part.db', 'store_sales');
    const dirs = readdirSync(tableDir).filter((d) => !d.startsWith('.'));
    expect(dirs.length).toBe(partitions.length);
    expect(existsSync(join(tableDir, 'ss_sold_date_sk=__HIVE_DEFAULT_PARTITION__', '000000_0'))).toBe(true);
  });

  for (const format of ['orc', 'parquet']) {
    it(`runs hive-testbench's partitioned load with FILE=${format}; counts and checksums match the text tables`, { timeout: 480_000 }, async () => {
      const dir = join(SHARED, 'tpcds/ddl/partitioned');
      const tables = Object.keys(EXPECTED_COUNTS);
      // hive-testbench runs each table's file with these settings (its settings/load-partitioned.sql).
      const script = ['set hive.exec.dynamic.partition.mode=nonstrict;', 'set hive.exec.max.dynamic.partitions=100000;',
        ...tables.map((t) => readFileSync(join(dir, `${t}.sql`), 'utf8').trim().replace(/;?$/, ';'))].join('\n');
      const file = join(work, `load-${format}.sql`);
      writeFileSync(file, script);
      const db = `tpcds_${format}`;
      const load = await sluiceAsync([...base(), '-f', file, '--hivevar', `DB=${db}`, '--hivevar', 'SOURCE=tpcds', '--hivevar', `FILE=${format}`]);
      expect(load.err).toBe('');
      expect(load.code).toBe(0);
      const checks: string[] = [];
      for (const t of tables) {
        const cols = (await sluiceAsync([...base(), '-e', `describe tpcds.${t}`])).out.trim().split('\n').map((l) => l.split('\t')[0].trim());
        const sums = cols.map((c) => `sum(hash(${c}))`).join(', ');
        checks.push(`select '${t}', count(*), ${sums} from \${hivevar:D}.${t};`);
      }
      const checkFile = join(work, `check-${format}.sql`);
      writeFileSync(checkFile, checks.join('\n'));
      const run = async (d: string) => (await sluiceAsync([...base(), '-f', checkFile, '--hivevar', `D=${d}`])).out.trim().split('\n');
      const [got, want] = await Promise.all([run(db), run('tpcds')]);
      expect(got.length).toBe(tables.length);
      expect(got).toEqual(want);
      const stored = (await sluiceAsync([...base(), '-e', `describe formatted ${db}.store_sales`])).out;
      expect(stored).toContain(format === 'orc' ? 'org.apache.hadoop.hive.ql.io.orc.OrcSerde' : 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    });
  }

  it('-f stops at the first failing statement with a non-zero status unless hive.cli.errors.ignore', () => {
    const file = join(work, 'bad.sql');
    writeFileSync(file, "select 1;\nselect * from no_such_table;\nselect 'after';\n");
    const stop = sluice([...base(), '-f', file]);
    expect(stop.code).not.toBe(0);
    expect(stop.out).toBe('1\n');
    expect(stop.err).toMatch(/Table not found: default\.no_such_table at line 2:15/);
    const go = sluice([...base(), '--hiveconf', 'hive.cli.errors.ignore=true', '-f', file]);
    expect(go.out).toBe('1\nafter\n');
    expect(go.err).toMatch(/no_such_table/);
  });

  it('-e prints tab-separated rows, with a header on request', () => {
    const r = sluice([...base(), '--header', '-e', "select 1 as a, 'x' as b, null as c"]);
    expect(r.out).toBe('a\tb\tc\n1\tx\tNULL\n');
  });

  it('the interactive client prints a table with row count and keeps running after an error', () => {
    const r = sluice(['--warehouse', wh], "select 1 as one;\nselect nope;\nselect\n  2 as two;\nquit;\n");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/│ one │|\bone\b/);
    expect(r.out).toMatch(/1 row in set/);
    expect(r.out).toMatch(/\[ERROR\] invalid column reference 'nope'/);
    expect(r.out).toMatch(/two/);
  });
});

describe('sluice sql-client --defaults (Flink SQL client defaults file)', () => {
  let wh: string;
  beforeAll(() => { wh = tempDir(); });
  afterAll(() => removeDir(wh));

  it('registers catalogs, picks the current catalog and database, and sets configuration', () => {
    const yamlFile = join(wh, 'sql-client-defaults.yaml');
    writeFileSync(yamlFile, [
      'catalogs:',
      '  - name: scratch',
      '    type: generic_in_memory',
      '    default-database: default',
      'execution:',
      '  current-catalog: scratch',
      '  current-database: default',
      'configuration:',
      '  hive.exec.max.dynamic.partitions: 7',
    ].join('\n'));
    const r = sluice(['--warehouse', wh, '-S', '--defaults', yamlFile, '-e', 'show current catalog; show catalogs; set hive.exec.max.dynamic.partitions']);
    expect(r.err).toBe('');
    expect(r.out.trim().split('\n')).toEqual(['scratch', 'hive', 'scratch', 'hive.exec.max.dynamic.partitions\t7']);
  });

  it('a bad defaults file is named in the error', () => {
    const bad = join(wh, 'bad.yaml');
    writeFileSync(bad, 'catalogs:\n  - type: hive\n');
    const r = sluice(['--warehouse', wh, '-S', '--defaults', bad, '-e', 'select 1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.yaml: catalogs\[0\] needs a name/);
  });
});
