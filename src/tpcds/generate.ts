// `sluice tpcds gen`: the 24 TPC-DS tables in dsdgen's layout (one folder per table, one
// `|`-separated .dat file in each), ready for hive-testbench's text DDL. Written by hand
// because dsdgen is a C program outside npm; see docs/tpcds.md for how the data compares
// with dsdgen's.
import { mkdirSync } from 'node:fs';
import { TableWriter } from './tableWriter.js';
import { tpcdsScale } from './scale.js';
import * as dims from './dimensions.js';
import * as facts from './sales.js';

export interface GeneratedTable { table: string; rows: number }

export function generateTpcds(sf: number, out: string, log: (line: string) => void = () => {}): GeneratedTable[] {
  const scale = tpcdsScale(sf);
  mkdirSync(out, { recursive: true });
  const written: GeneratedTable[] = [];
  const table = (name: string, fill: (w: TableWriter) => void) => {
    const t0 = performance.now();
    const w = new TableWriter(out, name);
    try { fill(w); } finally { w.close(); }
    written.push({ table: name, rows: w.rows });
    log(`${name}: ${w.rows} rows (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };
  const pair = (sales: string, returns: string, fill: (s: TableWriter, r: TableWriter) => void) => {
    const t0 = performance.now();
    const s = new TableWriter(out, sales), r = new TableWriter(out, returns);
    try { fill(s, r); } finally { s.close(); r.close(); }
    written.push({ table: sales, rows: s.rows }, { table: returns, rows: r.rows });
    log(`${sales}: ${s.rows} rows, ${returns}: ${r.rows} rows (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  };

  table('date_dim', dims.dateDim);
  table('time_dim', dims.timeDim);
  table('income_band', dims.incomeBand);
  table('household_demographics', dims.householdDemographics);
  table('customer_demographics', (w) => dims.customerDemographics(w, scale));
  table('ship_mode', dims.shipMode);
  table('reason', (w) => dims.reason(w, scale));
  table('store', (w) => dims.store(w, scale));
  table('call_center', (w) => dims.callCenter(w, scale));
  table('warehouse', (w) => dims.warehouse(w, scale));
  table('web_site', (w) => dims.webSite(w, scale));
  table('web_page', (w) => dims.webPage(w, scale));
  table('catalog_page', (w) => dims.catalogPage(w, scale));
  table('promotion', (w) => dims.promotion(w, scale));
  table('item', (w) => dims.item(w, scale));
  table('customer_address', (w) => dims.customerAddress(w, scale));
  table('customer', (w) => dims.customer(w, scale));
  let traces: facts.StoreTraces = { returns: [], visits: [] };
  pair('store_sales', 'store_returns', (s, r) => { traces = facts.storeSales(s, r, scale); });
  pair('catalog_sales', 'catalog_returns', (s, r) => facts.catalogSales(s, r, scale, traces));
  pair('web_sales', 'web_returns', (s, r) => facts.webSales(s, r, scale, traces));
  table('inventory', (w) => facts.inventory(w, scale));
  return written;
}
