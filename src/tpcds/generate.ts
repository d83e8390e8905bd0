// `sluice tpcds gen`: the 24 TPC-DS tables in dsdgen's layout (one folder per table, one
// `|`-separated .dat file in each), ready for hive-testbench's text DDL. Written by hand
// because dsdgen is a C program outside npm; see docs/tpcds.md for how the data compares
// with dsdgen's.
import { mkdirSync } from 'node:fs';
import { TableWriter } from './tableWriter.js';
import { tpcdsScale } from './scale.js';
import * as dims from './dimensions.js';
import * as facts from './sales.js';
import { Coverage } from './coverage.js';

export interface GeneratedTable { table: string; rows: number }

export function generateTpcds(sf: number, out: string, log: (line: string) => void = () => {}): GeneratedTable[] {
  const scale = tpcdsScale(sf);
  const coverage = new Coverage(scale);
  mkdirSync(out, { recursive: true });
  const written: GeneratedTable[] = [];
  /** Writes the named tables together (a sales table and its returns are filled in one
   *  pass); returns what the filling reports for later tables. */
  const tables = <T>(names: string[], fill: (...writers: TableWriter[]) => T): T => {
    const t0 = performance.now();
    const writers = names.map((n) => new TableWriter(out, n));
    let result: T;
    try { result = fill(...writers); } finally { for (const w of writers) w.close(); }
    for (const w of writers) written.push({ table: w.table, rows: w.rows });
    log(`${writers.map((w) => `${w.table}: ${w.rows} rows`).join(', ')} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    return result;
  };
  const table = <T>(name: string, fill: (w: TableWriter) => T): T => tables([name], fill);

  table('date_dim', dims.dateDim);
  table('time_dim', dims.timeDim);
  table('income_band', dims.incomeBand);
  table('household_demographics', dims.householdDemographics);
  table('customer_demographics', (w) => dims.customerDemographics(w, scale));
  table('ship_mode', dims.shipMode);
  table('reason', (w) => dims.reason(w, scale));
  const stores = table('store', (w) => dims.store(w, scale));
  table('call_center', (w) => dims.callCenter(w, scale));
  table('warehouse', (w) => dims.warehouse(w, scale));
  table('web_site', (w) => dims.webSite(w, scale));
  table('web_page', (w) => dims.webPage(w, scale));
  table('catalog_page', (w) => dims.catalogPage(w, scale));
  table('promotion', (w) => dims.promotion(w, scale));
  const items = table('item', (w) => dims.item(w, scale, coverage.adjustItem));
  const addresses = table('customer_address', (w) => dims.customerAddress(w, scale));
  const homes = table('customer', (w) => dims.customer(w, scale, coverage.adjustCustomer(addresses)));
  const drawn = { scale, stores, items, addresses, homes };
  const traces = tables(['store_sales', 'store_returns'], (s, r) => {
    const t = facts.storeSales(s, r, scale, { homes, addressZips: addresses.zips, storeZips: stores.zips });
    coverage.plant('store', drawn, t, s, r);
    return t;
  });
  tables(['catalog_sales', 'catalog_returns'], (s, r) => { facts.catalogSales(s, r, scale, traces); coverage.plant('catalog', drawn, traces, s, r); });
  tables(['web_sales', 'web_returns'], (s, r) => { facts.webSales(s, r, scale, traces); coverage.plant('web', drawn, traces, s, r); });
  table('inventory', (w) => facts.inventory(w, scale));
  return written;
}
