// The TPC-DS dimension tables. Calendar, time and demographics tables are pure functions
// of their key, exactly as dsdgen writes them; the rest are drawn from the domains in
// domains.ts with a stream seeded per table.
import { Random, seedFor } from './random.js';
import { TableWriter, businessKey, money, type Field } from './tableWriter.js';
import { FIRST_DATE, FIRST_SALE, LAST_DATE, LAST_SALE, dateOf, isoDate, julian } from './calendar.js';
import type { TpcdsScale } from './scale.js';
import * as D from './domains.js';

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const HOLIDAYS = new Set(['1-1', '1-19', '2-16', '5-25', '7-4', '9-7', '10-12', '11-11', '11-26', '12-25']);

export function dateDim(w: TableWriter): void {
  for (let sk = FIRST_DATE; sk <= LAST_DATE; sk++) {
    const d = dateOf(sk);
    const y = d.getUTCFullYear(), m = d.getUTCMonth() + 1, dom = d.getUTCDate(), dow = d.getUTCDay();
    const q = Math.floor((m - 1) / 3) + 1;
    const weekSeq = Math.floor((sk - FIRST_DATE) / 7) + 1;
    const quarterSeq = (y - 1900) * 4 + q;
    const firstDom = julian(y, m, 1);
    const yesterday = dateOf(sk - 1);
    const yn = (b: boolean) => (b ? 'Y' : 'N');
    w.row([
      sk, businessKey(sk), isoDate(sk), (y - 1900) * 12 + m - 1, weekSeq, quarterSeq, y, dow, m, dom, q,
      y, quarterSeq, weekSeq, DAY_NAMES[dow], `${y}Q${q}`,
      yn(HOLIDAYS.has(`${m}-${dom}`)), yn(dow === 5 || dow === 6),
      yn(HOLIDAYS.has(`${yesterday.getUTCMonth() + 1}-${yesterday.getUTCDate()}`)),
      // dsdgen writes the day before the month's first as d_last_dom; kept for fidelity.
      // "Today" is 2003-01-02 for the d_current_* flags, as in dsdgen.
      firstDom, firstDom - 1, sk - 365, sk - 92, 'N', 'N', yn(y === 2003 && m === 1), yn(y === 2003 && q === 1), yn(y === 2003),
    ]);
  }
}

export function timeDim(w: TableWriter): void {
  for (let s = 0; s < 86_400; s++) {
    const h = Math.floor(s / 3600), mi = Math.floor(s / 60) % 60, se = s % 60;
    const shift = h >= 7 && h < 15 ? 'first' : h >= 15 && h < 23 ? 'second' : 'third';
    const sub = h < 6 ? 'night' : h < 12 ? 'morning' : h < 17 ? 'afternoon' : 'evening';
    const meal = h >= 6 && h < 10 ? 'breakfast' : h >= 12 && h < 15 ? 'lunch' : h >= 17 && h < 20 ? 'dinner' : null;
    w.row([s, businessKey(s + 1), s, h, mi, se, h < 12 ? 'AM' : 'PM', shift, sub, meal]);
  }
}

/** customer_demographics row i (0-based): a pure function of i, as in dsdgen. */
export const cdemoOf = (i: number): Field[] => [
  i + 1, i % 2 === 0 ? 'M' : 'F', D.MARITAL[Math.floor(i / 2) % 5], D.EDUCATION[Math.floor(i / 10) % 7],
  500 * (1 + (Math.floor(i / 70) % 20)), D.CREDIT[Math.floor(i / 1400) % 4],
  Math.floor(i / 5600) % 7, Math.floor(i / 39_200) % 7, Math.floor(i / 274_400) % 7,
];

export function customerDemographics(w: TableWriter, scale: TpcdsScale): void {
  for (let i = 0; i < scale.customerDemographics; i++) w.row(cdemoOf(i));
}

/** household_demographics row i (0-based): sk, income band, buy potential, dependents, vehicles. */
export const hdemoOf = (i: number): Field[] => [i + 1, ((i + 1) % 20) + 1, D.BUY_POTENTIAL[Math.floor(i / 20) % 6], Math.floor(i / 120) % 10, (Math.floor(i / 1200) % 6) - 1];
export const HOUSEHOLDS = 7200;

export function householdDemographics(w: TableWriter): void {
  for (let i = 0; i < HOUSEHOLDS; i++) w.row(hdemoOf(i));
}

export function incomeBand(w: TableWriter): void {
  for (let i = 0; i < 20; i++) w.row([i + 1, i === 0 ? 0 : i * 10_000 + 1, (i + 1) * 10_000]);
}

export function shipMode(w: TableWriter): void {
  const r = new Random(seedFor('ship_mode'));
  for (let i = 0; i < 20; i++) {
    const code = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let contract = '';
    for (let k = r.int(2, 20); k > 0; k--) contract += code[r.int(0, code.length - 1)];
    w.row([i + 1, businessKey(i + 1), D.SHIP_TYPES[i % 6], D.SHIP_CODES[Math.floor(i / 6) % 4], D.CARRIERS[i], contract]);
  }
}

export function reason(w: TableWriter, scale: TpcdsScale): void {
  for (let i = 0; i < scale.reasons; i++) w.row([i + 1, businessKey(i + 1), D.REASONS[i] ?? `reason ${i + 1}`]);
}

/** Where businesses stand: stores, call centers, warehouses and web sites take counties
 *  from the front of the county list in turn (as dsdgen's small scales put them in a few
 *  counties), so a store or call center stands in each county the queries ask about. */
const BUSINESS_COUNTIES = 22;
/** Where a business address (businessAddress) has its county and zip. */
const ADDRESS_COUNTY = 5;
const ADDRESS_ZIP = 7;

function businessAddress(r: Random, index: number): Field[] {
  const [county, state] = D.COUNTIES[index % BUSINESS_COUNTIES];
  return [String(r.int(1, 999)), `${r.pick(D.STREET_NAMES)} ${r.pick(D.STREET_NAMES)}`, r.pick(D.STREET_TYPES), `Suite ${r.int(0, 49) * 10}`,
    D.CITIES[index % 14], county, state, r.pick(D.ZIPS), 'United States', D.gmtOffset(state)];
}

/** Slowly changing dimensions keep history: a business key has one to three versions
 *  whose rec_start/rec_end dates split 1997–2001 (dsdgen's type-2 history). */
function versions(r: Random, n: number, start: [number, number, number]): { key: number; start: string; end: string | null; version: number }[] {
  const out: { key: number; start: string; end: string | null; version: number }[] = [];
  let key = 0;
  const [y, m, d] = start;
  while (out.length < n) {
    key++;
    const count = Math.min(n - out.length, r.int(1, 3));
    for (let v = 0; v < count; v++) {
      const from = v === 0 ? julian(y, m, d) : julian(y + (count === 2 ? 3 : 2 * v), m, d) + (count === 3 && v === 1 ? 1 : 0);
      const to = v === count - 1 ? null : julian(y + (count === 2 ? 3 : 2 * (v + 1)), m, d) - 1;
      out.push({ key, start: isoDate(from), end: to === null ? null : isoDate(to), version: v });
    }
  }
  return out;
}

/** Where each store stands, by store key: its zip (index into D.ZIPS; shoppers often buy
 *  at a store near home) and county. */
export interface Stores { zips: Int32Array; counties: string[] }

export function store(w: TableWriter, scale: TpcdsScale): Stores {
  const r = new Random(seedFor('store'));
  const zips = new Int32Array(scale.stores + 1);
  const counties: string[] = [];
  versions(r, scale.stores, [1997, 3, 13]).forEach((v, i) => {
    const sk = i + 1;
    const address = businessAddress(r, i);
    zips[sk] = D.ZIPS.indexOf(address[ADDRESS_ZIP] as string);
    counties[sk] = address[ADDRESS_COUNTY] as string;
    w.row([
      sk, businessKey(v.key), v.start, v.end, r.chance(0.3) ? r.int(FIRST_SALE, LAST_SALE) : null, D.numberWord(v.key),
      r.int(200, 300), r.int(5_000_000, 10_000_000), r.pick(D.HOURS), `${r.pick(D.FIRST_NAMES)} ${r.pick(D.LAST_NAMES)}`,
      r.int(1, 10), 'Unknown', D.sentence((x) => r.pick(x), r.int(5, 12), 100), `${r.pick(D.FIRST_NAMES)} ${r.pick(D.LAST_NAMES)}`,
      1, 'Unknown', 1, 'Unknown', ...address, money(r.int(0, 11))
    ]);
  });
  return { zips, counties };
}

export function callCenter(w: TableWriter, scale: TpcdsScale): void {
  const r = new Random(seedFor('call_center'));
  versions(r, scale.callCenters, [1998, 1, 1]).forEach((v, i) => {
    const sk = i + 1;
    const division = r.int(1, 6), company = r.int(1, 6);
    const address = businessAddress(r, i + 8);
    w.row([
      sk, businessKey(v.key), v.start, v.end, null, r.int(FIRST_SALE - 365, FIRST_SALE), D.CALL_CENTER_NAMES[(v.key - 1) % 6],
      r.pick(D.CALL_CENTER_CLASSES), r.int(1, 7) * 100 * (v.key % 3 + 1), r.int(500, 5000), r.pick(D.HOURS),
      `${r.pick(D.FIRST_NAMES)} ${r.pick(D.LAST_NAMES)}`, r.int(1, 6), D.sentence((x) => r.pick(x), r.int(3, 6), 50),
      D.sentence((x) => r.pick(x), r.int(6, 12), 100), `${r.pick(D.FIRST_NAMES)} ${r.pick(D.LAST_NAMES)}`,
      division, D.numberWord(division), company, D.numberWord(company), ...address, money(r.int(0, 12)),
    ]);
  });
}

export function warehouse(w: TableWriter, scale: TpcdsScale): void {
  const r = new Random(seedFor('warehouse'));
  for (let i = 0; i < scale.warehouses; i++) {
    w.row([i + 1, businessKey(i + 1), D.sentence((x) => r.pick(x), 3, 20), r.int(50_000, 1_000_000), ...businessAddress(r, i + 4)]);
  }
}

export function webSite(w: TableWriter, scale: TpcdsScale): void {
  const r = new Random(seedFor('web_site'));
  versions(r, scale.webSites, [1997, 8, 16]).forEach((v, i) => {
    const company = r.int(1, 6);
    const address = businessAddress(r, i + 2);
    w.row([
      i + 1, businessKey(v.key), v.start, v.end, `site_${Math.floor((v.key - 1) / 6)}`, r.int(FIRST_SALE - 30, FIRST_SALE), null,
      'Unknown', `${r.pick(D.FIRST_NAMES)} ${r.pick(D.LAST_NAMES)}`, r.int(1, 6), D.sentence((x) => r.pick(x), r.int(4, 8), 50),
      D.sentence((x) => r.pick(x), r.int(6, 12), 100), `${r.pick(D.FIRST_NAMES)} ${r.pick(D.LAST_NAMES)}`, company, D.numberWord(company),
      ...address, money(r.int(0, 12)),
    ]);
  });
}

export function webPage(w: TableWriter, scale: TpcdsScale): void {
  const r = new Random(seedFor('web_page'));
  versions(r, scale.webPages, [1997, 9, 3]).forEach((v, i) => {
    const autogen = r.chance(0.3);
    w.row([
      i + 1, businessKey(v.key), v.start, v.end, r.int(FIRST_SALE - 10, FIRST_SALE), r.int(LAST_SALE - 100, LAST_SALE),
      autogen ? 'Y' : 'N', autogen ? null : r.int(1, scale.customers), 'http://www.foo.com', r.pick(D.WEB_PAGE_TYPES),
      r.int(300, 7000), r.int(2, 25), r.int(1, 7), r.int(0, 4),
    ]);
  });
}

export function catalogPage(w: TableWriter, scale: TpcdsScale): void {
  const r = new Random(seedFor('catalog_page'));
  const perCatalog = 108;
  for (let i = 0; i < scale.catalogPages; i++) {
    const catalog = Math.floor(i / perCatalog) + 1;
    const type = D.CATALOG_PAGE_TYPES[catalog % 3];
    const months = type === 'bi-annual' ? 6 : type === 'quarterly' ? 3 : 1;
    const start = julian(1998, 1 + ((catalog - 1) * months) % 12, 1) + 365 * Math.floor(((catalog - 1) * months) / 12) - 1;
    w.row([i + 1, businessKey(i + 1), start, start + months * 30, 'DEPARTMENT', catalog, (i % perCatalog) + 1, D.sentence((x) => r.pick(x), r.int(6, 14), 100), type]);
  }
}

export function promotion(w: TableWriter, scale: TpcdsScale): void {
  const r = new Random(seedFor('promotion'));
  for (let i = 0; i < scale.promotions; i++) {
    const start = r.int(FIRST_SALE - 30, LAST_SALE - 60);
    const yn = () => (r.chance(0.5) ? 'Y' : 'N');
    w.row([
      i + 1, businessKey(i + 1), start, start + r.int(10, 60), r.int(1, scale.items), '1000.00', 1, D.numberWord(i + 1),
      yn(), yn(), 'N', yn(), 'N', 'N', yn(), 'N', D.sentence((x) => r.pick(x), r.int(4, 8), 50), 'Unknown', 'N',
    ]);
  }
}

/** dsdgen's 1,000 manufacturers, spread over the item keys so that each of them makes at
 *  least one item once there are 1,000 keys (uniform draws leave a fifth of them without
 *  items at small scales, and the queries name single manufacturers). */
const manufacturerOf = (key: number, r: Random): number => (key <= 1000 ? 1 + ((key * 7919) % 1000) : r.int(1, 1000));

/** The item attributes queries filter on, as drawn for one row; `adjust` may change them
 *  before the row is written (coverage.ts gives a few items the combinations that small
 *  scales would otherwise lack). */
export interface ItemAttributes { category: number; manufact: number; price: number; size: string; color: string; units: string }
/** Each item's manufacturer id and current price in cents, by item key. */
export interface Items { manufact: Int32Array; price: Int32Array }

export function item(w: TableWriter, scale: TpcdsScale, adjust?: (sk: number, a: ItemAttributes) => void): Items {
  const r = new Random(seedFor('item'));
  const items: Items = { manufact: new Int32Array(scale.items + 1), price: new Int32Array(scale.items + 1) };
  let shared: { desc: string; price: number; manufact: number; category: number; classId: number; brand: number } | null = null;
  versions(r, scale.items, [1997, 10, 27]).forEach((v, i) => {
    // A new version keeps the description and may change price, brand and class.
    if (v.version === 0 || shared === null) {
      shared = { desc: D.sentence((x) => r.pick(x), r.int(8, 30), 200), price: r.int(9, 9999), manufact: manufacturerOf(v.key, r), category: r.int(1, 10), classId: 1, brand: 1 };
    } else if (r.chance(0.5)) {
      shared = { ...shared, price: r.int(9, 9999) };
    }
    if (v.version === 0 || r.chance(0.5)) {
      const c = D.CATEGORIES[shared.category - 1];
      // Low brand numbers are the common ones (#1 in ~40% of items), as in dsdgen.
      shared = { ...shared, classId: r.int(1, c.classes.length), brand: 1 + Math.floor(16 * r.next() ** 3) };
    }
    const sk = i + 1;
    const wholesaleShare = 0.2 + 0.7 * r.next();
    const size = r.pick(D.SIZES), formulation = `${r.int(1000, 99999)}${r.pick(D.COLORS)}${r.int(100000, 9999999)}`.slice(0, 20);
    const a: ItemAttributes = { category: shared.category, manufact: shared.manufact, price: shared.price, size, color: r.pick(D.COLORS), units: r.pick(D.UNITS) };
    const manager = r.int(1, 100), product = D.numberWord(r.int(1, 1000));
    adjust?.(sk, a);
    const c = D.CATEGORIES[a.category - 1];
    const classId = ((shared.classId - 1) % c.classes.length) + 1;
    items.manufact[sk] = a.manufact; items.price[sk] = a.price;
    w.row([
      sk, businessKey(v.key), v.start, v.end, shared.desc, money(a.price), money(Math.max(1, Math.round(a.price * wholesaleShare))),
      a.category * 1_000_000 + classId * 1000 + shared.brand,
      `${D.brandWord(classId)}${D.brandWord(a.category)} #${shared.brand}`,
      classId, c.classes[classId - 1], a.category, c.name, a.manufact, D.numberWord(a.manufact),
      a.size, formulation, a.color, a.units, 'Unknown', manager, product,
    ]);
  });
  return items;
}

/** Where each address is, by address key: its zip (index into D.ZIPS), county, state and GMT offset. */
export interface Addresses { zips: Int32Array; counties: string[]; states: string[]; gmt: Int8Array }

export function customerAddress(w: TableWriter, scale: TpcdsScale): Addresses {
  const r = new Random(seedFor('customer_address'));
  const addresses: Addresses = { zips: new Int32Array(scale.addresses + 1), counties: [], states: [], gmt: new Int8Array(scale.addresses + 1) };
  for (let i = 0; i < scale.addresses; i++) {
    // Half the customers live in the counties where the businesses stand.
    const [county, state] = r.chance(0.5) ? D.COUNTIES[r.int(0, BUSINESS_COUNTIES - 1)] : r.pick(D.COUNTIES);
    const streetNumber = String(r.int(1, 999)), street = `${r.pick(D.STREET_NAMES)} ${r.pick(D.STREET_NAMES)}`, streetType = r.pick(D.STREET_TYPES);
    const suite = `Suite ${r.int(0, 49) * 10}`, city = r.pick(D.CITIES);
    const sk = i + 1, zip = r.int(0, D.ZIPS.length - 1);
    addresses.zips[sk] = zip; addresses.counties[sk] = county; addresses.states[sk] = state; addresses.gmt[sk] = D.gmtOffset(state);
    w.row([sk, businessKey(sk), streetNumber, street, streetType, suite, city, county, state, D.ZIPS[zip], 'United States', D.gmtOffset(state), r.pick(D.LOCATION_TYPES)]);
  }
  return addresses;
}

/** Each customer's current demographics and address by customer key (0 where NULL): a
 *  purchase is often made under them. And the birth month, which q18 filters on. */
export interface CustomerHomes { cdemo: Int32Array; hdemo: Int32Array; addr: Int32Array; birthMonth: Int8Array }
/** A customer's current demographics and address as drawn; `adjust` may change them. */
export interface CustomerAttributes { cdemo: number | null; hdemo: number | null; addr: number | null }

export function customer(w: TableWriter, scale: TpcdsScale, adjust?: (sk: number, a: CustomerAttributes) => void): CustomerHomes {
  const r = new Random(seedFor('customer'));
  const hosts = ['com', 'org', 'edu'];
  const nullable = <T>(v: T): T | null => (r.chance(0.03) ? null : v);
  const n = scale.customers + 1;
  const homes: CustomerHomes = { cdemo: new Int32Array(n), hdemo: new Int32Array(n), addr: new Int32Array(n), birthMonth: new Int8Array(n) };
  for (let i = 0; i < scale.customers; i++) {
    const sk = i + 1;
    const first = r.pick(D.FIRST_NAMES), last = r.pick(D.LAST_NAMES);
    const firstSale = r.int(FIRST_SALE - 3650, LAST_SALE);
    const a: CustomerAttributes = { cdemo: nullable(r.int(1, scale.customerDemographics)), hdemo: nullable(r.int(1, HOUSEHOLDS)), addr: nullable(r.int(1, scale.addresses)) };
    const salutation = r.pick(D.SALUTATIONS), preferred = r.chance(0.5) ? 'Y' : 'N';
    const birthDay = r.int(1, 28), birthMonth = r.int(1, 12), birthYear = r.int(1924, 1992), country = r.pick(D.COUNTRIES);
    const email = `${first}.${last}@${businessKey(r.int(1, 1 << 30)).slice(8)}.${r.pick(hosts)}`, lastReview = r.int(LAST_SALE - 500, LAST_SALE);
    adjust?.(sk, a);
    homes.cdemo[sk] = a.cdemo ?? 0; homes.hdemo[sk] = a.hdemo ?? 0; homes.addr[sk] = a.addr ?? 0; homes.birthMonth[sk] = birthMonth;
    w.row([
      sk, businessKey(sk), a.cdemo, a.hdemo, a.addr,
      firstSale + 30, firstSale, salutation, first, last, preferred, birthDay, birthMonth, birthYear, country, null, email, lastReview,
    ]);
  }
  return homes;
}
