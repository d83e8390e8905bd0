// Row counts per table at a scale factor. At scale 1 they are dsdgen's; fact tables grow
// linearly with the scale, most dimensions with its square root (dsdgen grows them
// sub-linearly too) and a few are fixed (calendar, demographics' cross products).
export interface TpcdsScale {
  sf: number;
  items: number;
  customers: number;
  addresses: number;
  customerDemographics: number;
  stores: number;
  callCenters: number;
  warehouses: number;
  webSites: number;
  webPages: number;
  catalogPages: number;
  promotions: number;
  reasons: number;
  /** Sales tickets / orders (each holds several line items). */
  storeTickets: number;
  catalogOrders: number;
  webOrders: number;
}

export function tpcdsScale(sf: number): TpcdsScale {
  if (!(sf > 0) || sf > 1000) throw new Error(`tpcds gen: scale must be a number in (0, 1000], got ${sf}`);
  const root = Math.sqrt(sf);
  const grow = (base: number, min: number) => Math.max(min, Math.round(base * root));
  // Customers grow linearly, so each has as many purchases at every scale as at scale 1.
  const customers = Math.max(1_000, Math.round(100_000 * sf));
  return {
    sf,
    items: grow(18_000, 3_000),
    customers,
    addresses: Math.ceil(customers / 2),
    // dsdgen's cross product of gender × marital status × education × purchase estimate ×
    // credit rating (5,600 combinations) × dependents; below scale 1 only the dependent
    // count varies (employed and college dependents are 0), keeping every combination
    // the queries filter on.
    customerDemographics: sf >= 1 ? 1_920_800 : 39_200,
    // hive-testbench's query parameters were drawn at large scales (q44 asks for store 366,
    // q93 for 'reason 66'), so these small dimensions start at their scale-100 (stores) or
    // scale-10000 (reasons) sizes for every query to find its rows.
    stores: grow(402, 402),
    callCenters: grow(6, 6),
    warehouses: grow(5, 2),
    webSites: grow(30, 30),
    webPages: grow(60, 60),
    catalogPages: grow(11_718, 1_000),
    promotions: grow(300, 30),
    reasons: 75,
    // ~10.5 line items per ticket or order: 2,880,404 store, 1,441,548 catalog and
    // 719,384 web sales rows at scale 1.
    storeTickets: Math.max(1, Math.round(240_000 * sf)),
    catalogOrders: Math.max(1, Math.round(160_000 * sf)),
    webOrders: Math.max(1, Math.round(60_000 * sf)),
  };
}
