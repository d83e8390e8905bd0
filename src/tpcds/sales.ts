// The TPC-DS fact tables: store, catalog and web sales with their returns, and weekly
// inventory. A sale is a ticket (store) or order (catalog, web) of several line items;
// about one line in ten comes back as a return that refers to it. Some catalog and web
// lines are bought again by a customer who returned the same item to a store — the
// cross-channel repeat purchases TPC-DS queries 17, 25, 29 and 64 look for — and some
// follow a store visit by the same customer, as shoppers use several channels.
// Purchases are not uniform: a tenth of the customers make half of them, items are
// chosen with a popularity skew, and November and December sell more (holiday season).
import { Random, seedFor } from './random.js';
import { TableWriter, money, type Field } from './tableWriter.js';
import { FIRST_SALE, LAST_SALE, julian } from './calendar.js';
import type { TpcdsScale } from './scale.js';
import type { CustomerHomes } from './dimensions.js';

/** Foreign keys are missing now and then (dsdgen leaves ~2% of them NULL). */
const NULL_RATE = 0.03;
const RETURN_RATE = 0.1;
const REPEAT_RATE = 0.15;
const FOLLOW_RATE = 0.25;
/** Half the tickets are bought under the customer's current demographics and address,
 *  and half at a store in the customer's zip (people shop near home). */
const HOME_RATE = 0.5;
const LOCAL_STORE_RATE = 0.5;

/** Who the shoppers are and where the stores stand, from the dimension tables. */
export interface Shoppers { homes: CustomerHomes; addressZips: Int32Array; storeZips: Int32Array }

export interface Line { wholesale: number; list: number; sales: number; qty: number; extDiscount: number; extSales: number; extWholesale: number; extList: number; tax: number; coupon: number; netPaid: number; netPaidIncTax: number; profit: number; ship: number }

/** A line's prices in cents (TPC-DS 4.3: list = wholesale × (1 + markup ≤ 200%), sales =
 *  list × (1 − discount), coupons on a fifth of the lines, tax 0–9%). */
export function priceLine(r: Random): Line {
  const qty = r.int(1, 100);
  const wholesale = r.int(100, 10_000);
  const list = Math.round(wholesale * (1 + 2 * r.next()));
  const sales = Math.round(list * r.next());
  const extSales = sales * qty, extList = list * qty, extWholesale = wholesale * qty;
  const coupon = r.chance(0.2) ? Math.round(extSales * r.next()) : 0;
  const netPaid = extSales - coupon;
  const tax = Math.round(netPaid * r.int(0, 9) / 100);
  return {
    wholesale, list, sales, qty, extDiscount: extList - extSales, extSales, extWholesale, extList, tax, coupon, netPaid,
    netPaidIncTax: netPaid + tax, profit: netPaid - extWholesale, ship: Math.round(extList * 0.1 * r.next()),
  };
}

/** A store line's money columns, wholesale cost to net profit. */
const storeLineMoney = (l: Line): string[] => [money(l.wholesale), money(l.list), money(l.sales), money(l.extDiscount), money(l.extSales),
  money(l.extWholesale), money(l.extList), money(l.tax), money(l.coupon), money(l.netPaid), money(l.netPaidIncTax), money(l.profit)];

/** A catalog or web line's money columns: a store line's with the ship cost and the
 *  net-paid-including-shipping pair. */
const orderLineMoney = (l: Line): string[] => [money(l.wholesale), money(l.list), money(l.sales), money(l.extDiscount), money(l.extSales),
  money(l.extWholesale), money(l.extList), money(l.tax), money(l.coupon), money(l.ship), money(l.netPaid), money(l.netPaidIncTax),
  money(l.netPaid + l.ship), money(l.netPaidIncTax + l.ship), money(l.profit)];

/** A returned quantity and its money (TPC-DS 4.4: fee, ship cost, and the amount split
 *  between cash refund, reversed charge and credit). */
export function returnOf(r: Random, line: Line): Field[] {
  const qty = r.int(1, line.qty);
  const amount = line.sales * qty;
  const tax = Math.round(amount * r.int(0, 9) / 100);
  const fee = r.int(50, 10_000);
  const ship = Math.round(line.wholesale * qty * 0.5 * r.next());
  const total = amount + tax;
  const cash = Math.round(total * r.next());
  const reversed = Math.round((total - cash) * r.next());
  const credit = total - cash - reversed;
  return [qty, money(amount), money(tax), money(total), money(fee), money(ship), money(cash), money(reversed), money(credit), money(ship + fee + (r.chance(0.5) ? tax : 0))];
}

/** The keys of a store sale line (NULL where missing). */
export interface StoreLineKeys { date: number | null; time: number | null; item: number; customer: number | null; cdemo: number | null; hdemo: number | null; addr: number | null; store: number | null; promo: number | null; ticket: number }
export const storeSaleRow = (k: StoreLineKeys, l: Line): Field[] =>
  [k.date, k.time, k.item, k.customer, k.cdemo, k.hdemo, k.addr, k.store, k.promo, k.ticket, l.qty, ...storeLineMoney(l)];
/** A store return's row: its keys (reason in place of promotion) and returnOf's money. */
export const storeReturnRow = (k: Omit<StoreLineKeys, 'promo'> & { reason: number | null }, returned: Field[]): Field[] =>
  [k.date, k.time, k.item, k.customer, k.cdemo, k.hdemo, k.addr, k.store, k.reason, k.ticket, ...returned];

/** Who pays for an order and who receives it (catalog and web). */
export interface OrderParties { billCustomer: number | null; billCdemo: number | null; billHdemo: number | null; billAddr: number | null; shipCustomer: number | null; shipCdemo: number | null; shipHdemo: number | null; shipAddr: number | null }
const partyFields = (p: OrderParties): Field[] => [p.billCustomer, p.billCdemo, p.billHdemo, p.billAddr, p.shipCustomer, p.shipCdemo, p.shipHdemo, p.shipAddr];

export interface CatalogLineKeys { date: number | null; time: number | null; shipDate: number | null; callCenter: number | null; page: number | null; mode: number | null; warehouse: number | null; item: number; promo: number | null; order: number }
export const catalogSaleRow = (k: CatalogLineKeys, p: OrderParties, l: Line): Field[] =>
  [k.date, k.time, k.shipDate, ...partyFields(p), k.callCenter, k.page, k.mode, k.warehouse, k.item, k.promo, k.order, l.qty, ...orderLineMoney(l)];
/** A catalog return: refunded to the bill party, returned by the ship party. */
export const catalogReturnRow = (k: { date: number | null; time: number; item: number; callCenter: number | null; page: number | null; mode: number | null; warehouse: number | null; reason: number | null; order: number },
  p: OrderParties, returned: Field[]): Field[] =>
  [k.date, k.time, k.item, ...partyFields(p), k.callCenter, k.page, k.mode, k.warehouse, k.reason, k.order, ...returned];

export interface WebLineKeys { date: number | null; time: number | null; shipDate: number | null; item: number; page: number | null; site: number | null; mode: number | null; warehouse: number | null; promo: number | null; order: number }
export const webSaleRow = (k: WebLineKeys, p: OrderParties, l: Line): Field[] =>
  [k.date, k.time, k.shipDate, k.item, ...partyFields(p), k.page, k.site, k.mode, k.warehouse, k.promo, k.order, l.qty, ...orderLineMoney(l)];
/** A web return is refunded to the buyer but may be sent back by the recipient. */
export const webReturnRow = (k: { date: number | null; time: number; item: number; page: number | null; reason: number | null; order: number }, p: OrderParties, returned: Field[]): Field[] =>
  [k.date, k.time, k.item, ...partyFields(p), k.page, k.reason, k.order, ...returned];

/** A catalog return's money: returnOf's without its net loss, then the catalog's own. */
export const catalogReturnMoney = (r: Random, l: Line): Field[] => [...returnOf(r, l).slice(0, 9), money(l.wholesale * 0.3 + r.int(0, 5000))];

interface Dims { scale: TpcdsScale; r: Random }
const fk = ({ r }: Dims, max: number): number | null => (r.chance(NULL_RATE) ? null : r.int(1, max));
/** dsdgen leaves columns NULL row by row, so lines of one ticket differ in which are. */
const orNull = <T>(r: Random, v: T): T | null => (r.chance(NULL_RATE) ? null : v);
const saleDate = (r: Random): number => {
  if (!r.chance(0.2)) return r.int(FIRST_SALE, LAST_SALE);
  const year = r.int(1998, 2002);
  return r.int(julian(year, 11, 1), julian(year, 12, 31));
};
const buyer = (r: Random, customers: number): number => (r.chance(0.5) ? r.int(1, Math.ceil(customers / 10)) : r.int(1, customers));
const distinctItems = (r: Random, n: number, items: number): number[] => {
  const set = new Set<number>();
  while (set.size < Math.min(n, items)) set.add(1 + Math.floor(items * r.next() ** 2));
  return [...set];
};

/** A store return a later catalog or web purchase of the same item by the same customer
 *  can repeat. */
export interface StoreVisit { customer: number; date: number }
export interface StoreReturn extends StoreVisit { item: number }
/** What later generation needs from the store sales: returns and visits to repeat or
 *  follow, and each customer's spend (quantity × sales price, cents) in 2000–2003, from
 *  which coverage.ts finds q23's best customer. */
export interface StoreTraces { returns: StoreReturn[]; visits: StoreVisit[]; spend: Float64Array }

const SPEND_FROM = julian(2000, 1, 1), SPEND_TO = julian(2004, 1, 1);
export function tallySpend(traces: StoreTraces, k: StoreLineKeys, l: Line): void {
  if (k.customer !== null && k.date !== null && k.date >= SPEND_FROM && k.date < SPEND_TO) traces.spend[k.customer] += l.qty * l.sales;
}

/** Store keys by zip index. */
function storesByZip(storeZips: Int32Array): number[][] {
  const byZip: number[][] = [];
  for (let sk = 1; sk < storeZips.length; sk++) (byZip[storeZips[sk]] ??= []).push(sk);
  return byZip;
}

export function storeSales(sales: TableWriter, returns: TableWriter, scale: TpcdsScale, shoppers: Shoppers): StoreTraces {
  const d: Dims = { scale, r: new Random(seedFor('store_sales')) };
  const { r } = d;
  const { homes, addressZips } = shoppers;
  const localStores = storesByZip(shoppers.storeZips);
  const traces: StoreTraces = { returns: [], visits: [], spend: new Float64Array(scale.customers + 1) };
  for (let ticket = 1; ticket <= scale.storeTickets; ticket++) {
    const date = saleDate(r), time = r.int(0, 86_399), customer = buyer(r, scale.customers);
    let cdemo = r.int(1, scale.customerDemographics), hdemo = r.int(1, 7200), addr = r.int(1, scale.addresses), store = r.int(1, scale.stores);
    if (r.chance(HOME_RATE)) {
      cdemo = homes.cdemo[customer] || cdemo; hdemo = homes.hdemo[customer] || hdemo; addr = homes.addr[customer] || addr;
    }
    const home = homes.addr[customer];
    const nearby = home ? localStores[addressZips[home]] : undefined;
    if (nearby && r.chance(LOCAL_STORE_RATE)) store = nearby[r.int(0, nearby.length - 1)];
    traces.visits.push({ customer, date });
    for (const item of distinctItems(r, r.int(8, 16), scale.items)) {
      const l = priceLine(r);
      const keys = { date: orNull(r, date), time: orNull(r, time), item, customer: orNull(r, customer), cdemo: orNull(r, cdemo), hdemo: orNull(r, hdemo),
        addr: orNull(r, addr), store: orNull(r, store), promo: fk(d, scale.promotions), ticket };
      sales.row(storeSaleRow(keys, l));
      tallySpend(traces, keys, l);
      if (!r.chance(RETURN_RATE)) continue;
      const returned = date + r.int(1, 90);
      returns.row(storeReturnRow({ date: orNull(r, returned), time: r.int(28_800, 75_599), item, customer: orNull(r, customer), cdemo: orNull(r, cdemo), hdemo: orNull(r, hdemo),
        addr: orNull(r, addr), store: orNull(r, store), reason: fk(d, scale.reasons), ticket }, returnOf(r, l)));
      traces.returns.push({ customer, item, date: returned });
    }
  }
  return traces;
}

function parties(d: Dims, customer?: number): OrderParties {
  const { scale, r } = d;
  const bill = { billCustomer: customer ?? buyer(r, scale.customers), billCdemo: fk(d, scale.customerDemographics), billHdemo: fk(d, 7200), billAddr: fk(d, scale.addresses) };
  // Half the orders ship to whoever pays for them.
  if (r.chance(0.5)) return { ...bill, shipCustomer: bill.billCustomer, shipCdemo: bill.billCdemo, shipHdemo: bill.billHdemo, shipAddr: bill.billAddr };
  return { ...bill, shipCustomer: buyer(r, scale.customers), shipCdemo: fk(d, scale.customerDemographics), shipHdemo: fk(d, 7200), shipAddr: fk(d, scale.addresses) };
}

/** An order's date, customer and items: usually at random, sometimes a repeat of a store
 *  return (same customer and item, bought within four months after the return), sometimes
 *  following a store visit by the same customer within two months. */
function order(d: Dims, traces: StoreTraces, lines: number): { date: number; customer?: number; items: number[] } {
  const { r, scale } = d;
  const items = distinctItems(r, lines, scale.items);
  const u = r.next();
  if (u < REPEAT_RATE && traces.returns.length > 0) {
    const t = traces.returns[r.int(0, traces.returns.length - 1)];
    if (!items.includes(t.item)) items[0] = t.item;
    return { date: Math.min(t.date + r.int(0, 120), LAST_SALE), customer: t.customer, items };
  }
  if (u < REPEAT_RATE + FOLLOW_RATE && traces.visits.length > 0) {
    const t = traces.visits[r.int(0, traces.visits.length - 1)];
    return { date: Math.min(t.date + r.int(0, 60), LAST_SALE), customer: t.customer, items };
  }
  return { date: saleDate(r), items };
}

export function catalogSales(sales: TableWriter, returns: TableWriter, scale: TpcdsScale, traces: StoreTraces): void {
  const d: Dims = { scale, r: new Random(seedFor('catalog_sales')) };
  const { r } = d;
  for (let number = 1; number <= scale.catalogOrders; number++) {
    const o = order(d, traces, r.int(4, 14));
    const p = parties(d, o.customer);
    const time = r.int(0, 86_399), callCenter = r.int(1, scale.callCenters);
    for (const item of o.items) {
      const l = priceLine(r);
      const shipDate = o.date + r.int(2, 90);
      const page = fk(d, scale.catalogPages), mode = fk(d, 20), wh = fk(d, scale.warehouses);
      sales.row(catalogSaleRow({ date: orNull(r, o.date), time: orNull(r, time), shipDate: orNull(r, shipDate), callCenter: orNull(r, callCenter), page, mode, warehouse: wh, item,
        promo: fk(d, scale.promotions), order: number }, p, l));
      if (!r.chance(RETURN_RATE)) continue;
      returns.row(catalogReturnRow({ date: orNull(r, shipDate + r.int(1, 60)), time: r.int(0, 86_399), item, callCenter, page, mode, warehouse: wh, reason: fk(d, scale.reasons), order: number },
        p, catalogReturnMoney(r, l)));
    }
  }
}

export function webSales(sales: TableWriter, returns: TableWriter, scale: TpcdsScale, traces: StoreTraces): void {
  const d: Dims = { scale, r: new Random(seedFor('web_sales')) };
  const { r } = d;
  for (let number = 1; number <= scale.webOrders; number++) {
    const o = order(d, traces, r.int(8, 16));
    const p = parties(d, o.customer);
    const time = r.int(0, 86_399), site = r.int(1, scale.webSites);
    for (const item of o.items) {
      const l = priceLine(r);
      const shipDate = o.date + r.int(1, 120);
      const page = fk(d, scale.webPages);
      sales.row(webSaleRow({ date: orNull(r, o.date), time: orNull(r, time), shipDate: orNull(r, shipDate), item, page, site: orNull(r, site), mode: fk(d, 20),
        warehouse: fk(d, scale.warehouses), promo: fk(d, scale.promotions), order: number }, p, l));
      if (!r.chance(RETURN_RATE)) continue;
      const returned = orNull(r, shipDate + r.int(1, 60));
      returns.row(webReturnRow({ date: returned, time: r.int(0, 86_399), item, page, reason: fk(d, scale.reasons), order: number }, p, returnOf(r, l)));
    }
  }
}

/** Quantity on hand per warehouse, every Thursday of the five sales years, for every
 *  other item (half the items, as dsdgen: 11,745,000 rows at scale 1). */
export function inventory(w: TableWriter, scale: TpcdsScale): void {
  const r = new Random(seedFor('inventory'));
  for (let week = julian(1998, 1, 1); week <= julian(2002, 12, 26); week += 7) {
    for (let item = 1; item <= scale.items; item += 2) {
      for (let wh = 1; wh <= scale.warehouses; wh++) w.row([week, item, wh, r.chance(0.05) ? null : r.int(0, 1000)]);
    }
  }
}
