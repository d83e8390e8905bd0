// Times function-heavy queries on the sf1-sample text tables in Sluice and DuckDB in one
// run (after a warm-up each): inlined core functions, per-row Hive functions, aggregates
// and LATERAL VIEW. The pairs say the same thing in each engine's dialect.
// Usage: npm run bench:functions
import { cpus } from 'node:os';
import { textTables, time } from './textTables.js';

const PAIRS: [name: string, sluice: string, duckdb: string][] = [
  ['inlined string functions (customer)',
    "SELECT count(*), sum(length(upper(c_first_name))), sum(instr(c_email_address, '@')), count(substr(c_last_name, 2, 3)) FROM customer",
    "SELECT count(*), sum(length(upper(c_first_name))), sum(instr(c_email_address, '@')), count(substr(c_last_name, 2, 3)) FROM customer"],
  ['concat_ws and md5 (customer)',
    "SELECT count(DISTINCT concat_ws('-', c_first_name, c_last_name)), count(*) FROM customer WHERE md5(c_email_address) LIKE 'a%'",
    "SELECT count(DISTINCT concat_ws('-', c_first_name, c_last_name)), count(*) FROM customer WHERE md5(c_email_address) LIKE 'a%'"],
  ['date functions (date_dim)',
    "SELECT sum(datediff(d_date, '2000-01-01')), max(date_format(d_date, 'yyyy-MM')), sum(weekofyear(d_date)) FROM date_dim",
    "SELECT sum(datediff('day', DATE '2000-01-01', d_date)), max(strftime(d_date, '%Y-%m')), sum(weekofyear(d_date)) FROM date_dim"],
  ['arithmetic, CASE, COALESCE (store_sales)',
    'SELECT sum(CASE WHEN ss_quantity > 50 THEN ss_net_profit * 2 ELSE coalesce(ss_coupon_amt, 0) END), sum(abs(ss_net_profit) / (ss_quantity + 1)) FROM store_sales',
    'SELECT sum(CASE WHEN ss_quantity > 50 THEN ss_net_profit * 2 ELSE coalesce(ss_coupon_amt, 0) END), sum(abs(ss_net_profit) / (ss_quantity + 1)) FROM store_sales'],
  ['statistical aggregates by store (store_sales)',
    'SELECT ss_store_sk, stddev_samp(ss_net_profit), corr(ss_quantity, ss_net_profit), percentile_approx(ss_sales_price, 0.5) FROM store_sales GROUP BY ss_store_sk',
    'SELECT ss_store_sk, stddev_samp(ss_net_profit), corr(ss_quantity, ss_net_profit), approx_quantile(ss_sales_price, 0.5) FROM store_sales GROUP BY ss_store_sk'],
  ['split + LATERAL VIEW explode (customer)',
    "SELECT count(*), count(DISTINCT part) FROM customer LATERAL VIEW explode(split(c_email_address, '[.@]')) t AS part",
    "SELECT count(*), count(DISTINCT part) FROM (SELECT unnest(regexp_split_to_array(c_email_address, '[.@]')) AS part FROM customer)"],
];

const { s, duck, close } = await textTables();
s.executeSql('USE tpcds');
await duck.run('SET threads = 1');
console.log(`Function benchmark, sf1-sample text tables, ${cpus().length} cores; both engines single-threaded`);
console.log('| query | Sluice ms | DuckDB ms | Sluice/DuckDB |\n| --- | --- | --- | --- |');
let logSum = 0;
for (const [name, sq, dq] of PAIRS) {
  s.executeSql(sq); await duck.runAndReadAll(dq); // warm-up
  const ts = await time(() => s.executeSql(sq));
  const td = await time(() => duck.runAndReadAll(dq));
  logSum += Math.log(ts / td);
  console.log(`| ${name} | ${ts.toFixed(0)} | ${td.toFixed(0)} | ${(ts / td).toFixed(1)}× |`);
}
console.log(`geometric mean of ratios: ${Math.exp(logSum / PAIRS.length).toFixed(1)}×`);
close();
