// Coverage purchases: a few sales, returns and item or customer attributes that give each
// TPC-DS query of hive-testbench rows at small scales.
//
// hive-testbench's query parameters were drawn for large scales. Sixteen queries ask for
// combinations that the random data of scale 0.01 (29K store lines, 3,000 items, 1,000
// customers) holds by chance or not at all: q13 a store line whose demographics, state,
// price and profit all fall in narrow bands; q69 a store sale after the last sales day;
// q58 an item with the same revenue in all three channels in one week. A query without
// rows checks nothing of what its operators compute, so each scenario below plants what
// its query looks for. The planted rows obey the generator's own rules (prices from
// priceLine, returns from returnOf, keys of existing rows) and follow the random data,
// under ticket and order numbers after it; a separate random stream keeps the random
// data the same with or without them. They are 144 sales lines at every scale (5.04M
// lines at scale 1).
import { Random, seedFor } from './random.js';
import type { TableWriter, Field } from './tableWriter.js';
import { julian, FIRST_DATE } from './calendar.js';
import type { TpcdsScale } from './scale.js';
import {
  type CustomerAttributes, type CustomerHomes, type ItemAttributes, type Items, type Addresses, type Stores,
  HOUSEHOLDS, cdemoOf, hdemoOf,
} from './dimensions.js';
import {
  type Line, type OrderParties, type StoreTraces, catalogReturnMoney, catalogReturnRow, catalogSaleRow, priceLine, returnOf,
  storeReturnRow, storeSaleRow, tallySpend, webReturnRow, webSaleRow,
} from './sales.js';

/** The dimension rows the scenarios pick keys from. */
export interface Dimensions { scale: TpcdsScale; stores: Stores; items: Items; addresses: Addresses; homes: CustomerHomes }

/** One line of a planted sale: its item, a condition on its drawn prices, and the day it
 *  comes back (with a condition on the return's money: returned quantity … net loss). */
interface PlantedLine { item: number; line?: Line; where?: (l: Line) => boolean; returned?: number; returnWhere?: (money: Field[], l: Line) => boolean }
interface Party { customer: number; cdemo: number; hdemo: number; addr: number }
interface StoreTicket { date: number; customer: number; store: number; cdemo?: number | null; hdemo?: number; addr?: number; lines: PlantedLine[] }
interface Order { date: number; bill: Party; ship?: Party; lines: PlantedLine[] }

const MAX_DRAWS = 2_000_000;

export type Channel = 'store' | 'catalog' | 'web';

/** Picks keys and draws prices for the scenarios, and writes their rows. */
export class Planter {
  readonly r = new Random(seedFor('coverage'));
  private ticket: number;
  private catalogOrder: number;
  private webOrder: number;
  /** The channel being planted and its writers (each channel's tables are written in turn). */
  private phase?: { channel: Channel; sales: TableWriter; returns: TableWriter };

  constructor(readonly dims: Dimensions, readonly traces: StoreTraces) {
    this.ticket = dims.scale.storeTickets;
    this.catalogOrder = dims.scale.catalogOrders;
    this.webOrder = dims.scale.webOrders;
  }

  during(channel: Channel, sales: TableWriter, returns: TableWriter, plant: () => void): void {
    this.phase = { channel, sales, returns };
    try { plant(); } finally { this.phase = undefined; }
  }
  private writers(channel: Channel): { sales: TableWriter; returns: TableWriter } {
    if (this.phase?.channel !== channel) throw new Error(`tpcds gen: ${channel} sales are planted while ${channel} sales are written`);
    return this.phase;
  }

  private first(what: string, count: number, test: (key: number) => boolean): number { return firstKey(`${what} at scale ${this.dims.scale.sf}`, count, test); }
  cdemo(test: (row: Field[]) => boolean): number { return cdemoWhere(this.dims.scale.customerDemographics, test); }
  hdemo(test: (row: Field[]) => boolean): number { return hdemoWhere(test); }
  address(test: (sk: number) => boolean): number { return this.first('address', this.dims.scale.addresses, test); }
  customer(test: (sk: number) => boolean): number { return this.first('customer', this.dims.scale.customers, test); }
  item(test: (sk: number) => boolean): number { return this.first('item', this.dims.scale.items, test); }
  store(test: (sk: number) => boolean): number { return this.first('store', this.dims.scale.stores, test); }
  /** A customer with a current address, demographics and household, as a party to an order. */
  party(customer: number): Party {
    const { homes } = this.dims;
    return { customer, cdemo: homes.cdemo[customer], hdemo: homes.hdemo[customer], addr: homes.addr[customer] };
  }
  anyParty(): Party { return this.party(this.customer((c) => this.dims.homes.cdemo[c] > 0 && this.dims.homes.hdemo[c] > 0 && this.dims.homes.addr[c] > 0)); }

  /** A line priced by the generator's rules, drawn until `where` holds. */
  line(where: (l: Line) => boolean = () => true): Line {
    for (let i = 0; i < MAX_DRAWS; i++) {
      const l = priceLine(this.r);
      if (where(l)) return l;
    }
    throw new Error('tpcds gen: coverage could not draw a line with the prices asked for');
  }
  private returned(money: (r: Random, l: Line) => Field[], pl: PlantedLine, l: Line): Field[] {
    for (let i = 0; i < MAX_DRAWS; i++) {
      const m = money(this.r, l);
      if (!pl.returnWhere || pl.returnWhere(m, l)) return m;
    }
    throw new Error('tpcds gen: coverage could not draw a return with the money asked for');
  }

  /** Prices each line (drawn, or as given) and writes its sale, then its return if it has one. */
  private eachLine(lines: PlantedLine[], sale: (pl: PlantedLine, l: Line) => void, returned: (pl: PlantedLine, day: number, l: Line) => void): void {
    for (const pl of lines) {
      const l = pl.line ?? this.line(pl.where);
      sale(pl, l);
      if (pl.returned !== undefined) returned(pl, pl.returned, l);
    }
  }

  /** Within a month of the order, and before any of its lines comes back. */
  private shipDate(o: Order): number {
    const firstReturn = Math.min(...o.lines.map((l) => l.returned ?? Infinity));
    if (firstReturn <= o.date + 1) throw new Error('tpcds gen: coverage plants a return before its order ships');
    return o.date + this.r.int(1, Math.min(30, firstReturn - o.date - 1));
  }

  storeTicket(t: StoreTicket): void {
    const { sales, returns } = this.writers('store');
    const { r, dims } = this;
    const home = this.party(t.customer);
    const ticket = ++this.ticket, time = r.int(28_800, 75_599);
    const keys = { date: t.date, time, customer: t.customer, cdemo: t.cdemo === undefined ? home.cdemo || 1 : t.cdemo, hdemo: t.hdemo ?? (home.hdemo || 1), addr: t.addr ?? (home.addr || 1), store: t.store, ticket };
    this.eachLine(t.lines, (pl, l) => {
      const lineKeys = { ...keys, item: pl.item, promo: r.int(1, dims.scale.promotions) };
      sales.row(storeSaleRow(lineKeys, l));
      tallySpend(this.traces, lineKeys, l);
    }, (pl, returned, l) => {
      returns.row(storeReturnRow({ ...keys, date: returned, time: r.int(28_800, 75_599), item: pl.item, reason: r.int(1, dims.scale.reasons) }, this.returned(returnOf, pl, l)));
    });
  }

  catalog(o: Order): void {
    const { sales, returns } = this.writers('catalog');
    const { r, dims: { scale } } = this;
    const order = ++this.catalogOrder, p = parties(o);
    const k = { date: o.date, time: r.int(0, 86_399), shipDate: this.shipDate(o), callCenter: r.int(1, scale.callCenters), page: r.int(1, scale.catalogPages), mode: r.int(1, 20), warehouse: r.int(1, scale.warehouses), order };
    this.eachLine(o.lines, (pl, l) => sales.row(catalogSaleRow({ ...k, item: pl.item, promo: r.int(1, scale.promotions) }, p, l)),
      (pl, returned, l) => returns.row(catalogReturnRow({ ...k, date: returned, time: r.int(0, 86_399), item: pl.item, reason: r.int(1, scale.reasons) }, p, this.returned(catalogReturnMoney, pl, l))));
  }

  web(o: Order): void {
    const { sales, returns } = this.writers('web');
    const { r, dims: { scale } } = this;
    const order = ++this.webOrder, p = parties(o);
    const k = { date: o.date, time: r.int(0, 86_399), shipDate: this.shipDate(o), page: r.int(1, scale.webPages), site: r.int(1, scale.webSites), mode: r.int(1, 20), warehouse: r.int(1, scale.warehouses), order };
    this.eachLine(o.lines, (pl, l) => sales.row(webSaleRow({ ...k, item: pl.item, promo: r.int(1, scale.promotions) }, p, l)),
      (pl, returned, l) => returns.row(webReturnRow({ date: returned, time: r.int(0, 86_399), item: pl.item, page: k.page, reason: r.int(1, scale.reasons), order }, p, this.returned(returnOf, pl, l))));
  }
}

const parties = (o: Order): OrderParties => {
  const ship = o.ship ?? o.bill;
  return {
    billCustomer: o.bill.customer, billCdemo: o.bill.cdemo, billHdemo: o.bill.hdemo, billAddr: o.bill.addr,
    shipCustomer: ship.customer, shipCdemo: ship.cdemo, shipHdemo: ship.hdemo, shipAddr: ship.addr,
  };
};

/** What one query needs: attributes for an item or customer as they are generated, and
 *  sales planted after each channel's random ones. */
interface Scenario {
  item?(sk: number, a: ItemAttributes): void;
  customer?(sk: number, a: CustomerAttributes, addresses: Addresses): void;
  store?(p: Planter): void;
  catalog?(p: Planter): void;
  web?(p: Planter): void;
}

const day = (iso: string): number => { const [y, m, d] = iso.split('-').map(Number); return julian(y, m, d); };
/** The days of d_week_seq's week that holds `iso` (weeks run from FIRST_DATE, as in date_dim). */
const weekStart = (iso: string): number => FIRST_DATE + 7 * Math.floor((day(iso) - FIRST_DATE) / 7);
const between = (v: number, lo: number, hi: number): boolean => v >= lo && v <= hi;
/** Demographics columns by position in cdemoOf / hdemoOf rows. */
const CD = { gender: 1, marital: 2, education: 3 }, HD = { buyPotential: 2, deps: 3, vehicles: 4 };
/** Indexes into a return's money (returnOf): the three refund parts. */
const REFUND = { cash: 6, reversed: 7, credit: 8 };
const dollars = (f: Field): number => Number(f) * 100;

function scenarios(scale: TpcdsScale): Record<string, Scenario> {
  let q41Item = 0, q64Item = 0, q82Item = 0, q91Customer = 0;
  let q58Item = 0, q58Revenue = 0, q83Item = 0, q23Item = 0, q23Customer = 0;
  return {
    // A 2001 store line of an unmarried (U) buyer with secondary education and three
    // dependents, at an address in TX, OK or MI, priced $100–150 with $100–200 profit.
    q13: {
      store(p) {
        const addr = p.address((a) => ['TX', 'OK', 'MI'].includes(p.dims.addresses.states[a]));
        p.storeTicket({
          date: day('2001-05-10'), customer: p.anyParty().customer, store: 1, addr,
          cdemo: p.cdemo((c) => c[CD.marital] === 'U' && c[CD.education] === 'Secondary'), hdemo: p.hdemo((h) => h[HD.deps] === 3),
          lines: [{ item: 1, where: (l) => between(l.sales, 10_000, 15_000) && between(l.profit, 10_000, 20_000) }],
        });
      },
    },
    // A 2002 catalog order by a man of unknown education, from a customer born in one of
    // the months asked for who lives in one of the seven states.
    q18: {
      catalog(p) {
        const { homes, addresses } = p.dims;
        const states = ['AR', 'TX', 'NC', 'GA', 'MS', 'WV', 'AL'];
        const c = p.customer((k) => [1, 4, 5, 7, 8, 9].includes(homes.birthMonth[k]) && homes.cdemo[k] > 0 && homes.addr[k] > 0 && states.includes(addresses.states[homes.addr[k]]));
        const bill = { ...p.party(c), cdemo: p.cdemo((d) => d[CD.gender] === 'M' && d[CD.education] === 'Unknown') };
        p.catalog({ date: day('2002-06-03'), bill, lines: [{ item: 2 }] });
      },
    },
    // A county whose store sales stay level through the first three quarters of 1999
    // while its web sales triple each quarter.
    q31: {
      store(p) {
        const addr = p.address(() => true);
        for (const date of ['1999-02-10', '1999-05-12', '1999-08-11']) {
          p.storeTicket({ date: day(date), customer: p.anyParty().customer, store: 2, addr, lines: distinct(10, 100).map((item) => ({ item, where: (l) => between(l.extSales, 2_000_000, 2_500_000) })) });
        }
      },
      web(p) {
        const county = p.dims.addresses.counties[p.address(() => true)];
        const addr = p.address((a) => p.dims.addresses.counties[a] === county);
        [['1999-02-17', 4], ['1999-05-19', 16], ['1999-08-18', 64]].forEach(([date, n]) => {
          const bill = { ...p.anyParty(), addr };
          p.web({ date: day(date as string), bill, lines: distinct(n as number, 200).map((item) => ({ item, where: (l) => between(l.extSales, 2_000_000, 2_500_000) })) });
        });
      },
    },
    // Two catalog lines of a manufacturer-66 item between 2002-03-29 and 90 days later,
    // one with a far larger discount than the other.
    q32: {
      catalog(p) {
        const item = p.item((i) => p.dims.items.manufact[i] === 66);
        p.catalog({ date: day('2002-04-10'), bill: p.anyParty(), lines: [{ item, where: (l) => l.extDiscount < 5_000 }] });
        p.catalog({ date: day('2002-05-20'), bill: p.anyParty(), lines: [{ item, where: (l) => l.extDiscount > 1_500_000 }] });
      },
    },
    // The same for the web, manufacturer 356, from 2001-03-12.
    q92: {
      web(p) {
        const item = p.item((i) => p.dims.items.manufact[i] === 356);
        p.web({ date: day('2001-03-20'), bill: p.anyParty(), lines: [{ item, where: (l) => l.extDiscount < 5_000 }] });
        p.web({ date: day('2001-04-25'), bill: p.anyParty(), lines: [{ item, where: (l) => l.extDiscount > 1_500_000 }] });
      },
    },
    // An item of a manufacturer between 970 and 1010 in one of the women's
    // colour × unit × size combinations.
    q41: {
      item(sk, a) {
        if (q41Item === 0 && between(a.manufact, 970, 1010)) { q41Item = sk; Object.assign(a, { category: 1, color: 'frosted', units: 'Lb', size: 'medium' }); }
      },
    },
    // A loss-making line without customer demographics at store 366, the baseline q44
    // ranks that store's items against.
    q44: {
      store(p) {
        p.storeTicket({ date: day('2000-09-14'), customer: p.anyParty().customer, store: Math.min(366, p.dims.scale.stores), cdemo: null, lines: [{ item: 4, where: (l) => l.profit < 0 }] });
      },
    },
    // One item with the same store, catalog and web revenue in the week of 1998-02-21,
    // each far above what a random line adds.
    q58: {
      store(p) {
        q58Item = p.dims.scale.items;
        const line = p.line((x) => x.extSales > 2_000_000);
        q58Revenue = line.extSales;
        p.storeTicket({ date: weekStart('1998-02-21') + 1, customer: p.anyParty().customer, store: 3, lines: [{ item: q58Item, line }] });
      },
      catalog(p) { p.catalog({ date: weekStart('1998-02-21') + 2, bill: p.anyParty(), lines: [{ item: q58Item, where: (x) => Math.abs(x.extSales - q58Revenue) < q58Revenue * 0.02 }] }); },
      web(p) { p.web({ date: weekStart('1998-02-21') + 3, bill: p.anyParty(), lines: [{ item: q58Item, where: (x) => Math.abs(x.extSales - q58Revenue) < q58Revenue * 0.02 }] }); },
    },
    // An azure item priced $81–90, bought and returned at one store in 1999 and again in
    // 2000 by a customer whose marital status has changed since, and returned from a
    // catalog order for less than half its list price.
    q64: {
      item(sk, a) {
        if (q64Item === 0 && between(a.price, 8_100, 9_000)) { q64Item = sk; a.color = 'azure'; }
      },
      store(p) {
        const { homes } = p.dims;
        const customer = p.customer((c) => homes.cdemo[c] > 0 && homes.hdemo[c] > 0 && homes.addr[c] > 0);
        const marital = cdemoOf(homes.cdemo[customer] - 1)[CD.marital];
        const cdemo = p.cdemo((d) => d[CD.marital] !== marital);
        for (const date of ['1999-04-07', '2000-04-12']) p.storeTicket({ date: day(date), customer, store: 4, cdemo, lines: [{ item: q64Item, returned: day(date) + 10 }] });
      },
      catalog(p) {
        p.catalog({
          date: day('2000-06-01'), bill: p.anyParty(),
          lines: [{ item: q64Item, where: (l) => l.extList > 1_000_000, returned: day('2000-06-20'), returnWhere: (m, l) => dollars(m[REFUND.cash]) + dollars(m[REFUND.reversed]) + dollars(m[REFUND.credit]) < l.extList / 4 }],
        });
      },
    },
    // A store sale in March 2003 to a customer in MO, MN or AZ: hive-testbench asks for
    // February–April 2003, after TPC-DS's last sales day (2003-01-02).
    q69: {
      store(p) {
        const { homes, addresses } = p.dims;
        const customer = p.customer((c) => homes.cdemo[c] > 0 && homes.addr[c] > 0 && ['MO', 'MN', 'AZ'].includes(addresses.states[homes.addr[c]]));
        p.storeTicket({ date: day('2003-03-14'), customer, store: 5, lines: [{ item: 5 }] });
      },
    },
    // A small ticket (three lines) on the 1st of a month in 2001 at a store in one of the
    // four counties, by a well-off household with more dependents than vehicles.
    q73: {
      store(p) {
        const counties = ['Lea County', 'Furnas County', 'Pennington County', 'Bronx County'];
        const store = p.store((s) => counties.includes(p.dims.stores.counties[s]));
        const hdemo = p.hdemo((h) => ['>10000', '5001-10000'].includes(h[HD.buyPotential] as string) && (h[HD.vehicles] as number) > 0 && (h[HD.deps] as number) / (h[HD.vehicles] as number) > 1);
        p.storeTicket({ date: day('2001-06-01'), customer: p.anyParty().customer, store, hdemo, lines: distinct(3, 300).map((item) => ({ item })) });
      },
    },
    // An item of manufacturer 80, 675, 292 or 17 with inventory (odd key), priced $60,
    // that sells in a store.
    q82: {
      item(sk, a) {
        if (q82Item === 0 && sk % 2 === 1 && [80, 675, 292, 17].includes(a.manufact)) { q82Item = sk; a.price = 6_000; }
      },
      store(p) { p.storeTicket({ date: day('2001-02-15'), customer: p.anyParty().customer, store: 6, lines: [{ item: q82Item }] }); },
    },
    // One item returned in all three channels in the weeks of the three days asked for.
    q83: {
      store(p) {
        q83Item = p.dims.scale.items - 1;
        p.storeTicket({ date: day('2000-06-01'), customer: p.anyParty().customer, store: 7, lines: [{ item: q83Item, returned: weekStart('2000-06-17') + 2 }] });
      },
      catalog(p) { p.catalog({ date: day('2000-08-01'), bill: p.anyParty(), lines: [{ item: q83Item, returned: weekStart('2000-08-22') + 3 }] }); },
      web(p) { p.web({ date: day('2000-10-20'), bill: p.anyParty(), lines: [{ item: q83Item, returned: weekStart('2000-11-17') + 4 }] }); },
    },
    // A 2001 web line priced $100–150 with $100–200 profit, bought and returned by married
    // four-year graduates, refunded to an address in TX, VA or CA.
    q85: {
      web(p) {
        const cdemo = p.cdemo((d) => d[CD.marital] === 'M' && d[CD.education] === '4 yr Degree');
        const addr = p.address((a) => ['TX', 'VA', 'CA'].includes(p.dims.addresses.states[a]));
        const bill = { ...p.anyParty(), cdemo, addr }, ship = { ...p.anyParty(), cdemo };
        p.web({ date: day('2001-08-08'), bill, ship, lines: [{ item: 6, where: (l) => between(l.sales, 10_000, 15_000) && between(l.profit, 10_000, 20_000), returned: day('2001-09-01') }] });
      },
    },
    // A customer at GMT-7, married with unknown education and of unknown buying potential,
    // who returns a catalog order in December 2000.
    q91: {
      customer(sk, a, addresses) {
        if (q91Customer !== 0 || a.addr === null || addresses.gmt[a.addr] !== -7) return;
        q91Customer = sk;
        a.cdemo = cdemoWhere(scale.customerDemographics, (d) => d[CD.marital] === 'M' && d[CD.education] === 'Unknown');
        a.hdemo = hdemoWhere((h) => h[HD.buyPotential] === 'Unknown');
      },
      catalog(p) {
        p.catalog({ date: day('2000-11-20'), bill: p.anyParty(), ship: p.party(q91Customer), lines: [{ item: 7, returned: day('2000-12-12') }] });
      },
    },
    // Last, so that no later planted sale changes who it is: the best store customer
    // (2000–2003 spend) buys one item in five tickets on one day,
    // making it a frequent item, then orders it by catalog and web in March 2000.
    q23: {
      store(p) {
        q23Item = 3;
        let best = 1;
        for (let c = 2; c < p.traces.spend.length; c++) if (p.traces.spend[c] > p.traces.spend[best]) best = c;
        q23Customer = best;
        for (let i = 0; i < 5; i++) p.storeTicket({ date: day('2001-07-19'), customer: best, store: 1 + i, lines: [{ item: q23Item }] });
      },
      catalog(p) { p.catalog({ date: day('2000-03-08'), bill: p.party(q23Customer), lines: [{ item: q23Item }] }); },
      web(p) { p.web({ date: day('2000-03-21'), bill: p.party(q23Customer), lines: [{ item: q23Item }] }); },
    },
  };
}

/** The first key in 1..count that satisfies `test`; fails generation if none does. */
function firstKey(what: string, count: number, test: (key: number) => boolean): number {
  for (let k = 1; k <= count; k++) if (test(k)) return k;
  throw new Error(`tpcds gen: coverage found no ${what}`);
}
const cdemoWhere = (count: number, test: (row: Field[]) => boolean): number => firstKey('customer demographics', count, (k) => test(cdemoOf(k - 1)));
const hdemoWhere = (test: (row: Field[]) => boolean): number => firstKey('household demographics', HOUSEHOLDS, (k) => test(hdemoOf(k - 1)));
/** n distinct item keys from `from` on. */
const distinct = (n: number, from: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/** The scenarios of one generation run, called at each step of generate.ts. */
export class Coverage {
  private readonly all: Scenario[];
  private planter?: Planter;
  constructor(scale: TpcdsScale) { this.all = Object.values(scenarios(scale)); }

  adjustItem = (sk: number, a: ItemAttributes): void => { for (const s of this.all) s.item?.(sk, a); };
  adjustCustomer = (addresses: Addresses) => (sk: number, a: CustomerAttributes): void => { for (const s of this.all) s.customer?.(sk, a, addresses); };

  /** Plants the scenarios' sales of one channel, after its random ones. */
  plant(channel: Channel, dims: Dimensions, traces: StoreTraces, sales: TableWriter, returns: TableWriter): void {
    const planter = (this.planter ??= new Planter(dims, traces));
    planter.during(channel, sales, returns, () => { for (const s of this.all) s[channel]?.(planter); });
  }
}
