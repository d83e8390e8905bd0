// Value domains of the TPC-DS specification's distributions (dsdgen's .dst files), the
// part of them the 99 queries filter on. Lists are cut short where the full list only
// adds variety; every value a hive-testbench query names is in its domain.

/** dsdgen's number words: digits spelled with these syllables, least significant first
 *  (52 → "ableanti"); store, call-center and manufacturer names are made this way. */
export const SYLLABLES = ['bar', 'ought', 'able', 'pri', 'ese', 'anti', 'cally', 'ation', 'eing', 'n st'];
export const numberWord = (n: number): string => {
  let s = '';
  do { s += SYLLABLES[n % 10]; n = Math.floor(n / 10); } while (n > 0);
  return s;
};

/** Brand words by class or category id (a brand is class word + category word + " #n"). */
export const BRAND_WORDS = ['amalg', 'importo', 'exporti', 'edu pack', 'scholar', 'corp', 'brand', 'univ', 'maxi', 'amalgamalg'];
export const brandWord = (id: number): string => BRAND_WORDS[(id - 1) % 10];

export const CATEGORIES: readonly { name: string; classes: readonly string[] }[] = [
  { name: 'Women', classes: ['dresses', 'fragrances', 'maternity', 'swimwear'] },
  { name: 'Men', classes: ['accessories', 'pants', 'shirts', 'sports-apparel'] },
  { name: 'Children', classes: ['infants', 'newborn', 'school-uniforms', 'toddlers'] },
  { name: 'Shoes', classes: ['athletic', 'kids', 'mens', 'womens'] },
  { name: 'Music', classes: ['classical', 'country', 'pop', 'rock'] },
  { name: 'Jewelry', classes: ['birdal', 'bracelets', 'consignment', 'costume', 'custom', 'diamonds', 'earings', 'estate', 'gold', 'jewelry boxes', 'loose stones', 'mens watch', 'pendants', 'rings', 'semi-precious', 'womens watch'] },
  { name: 'Home', classes: ['accent', 'bathroom', 'bedding', 'blinds/shades', 'curtains/drapes', 'decor', 'flatware', 'furniture', 'glassware', 'kids', 'lighting', 'mattresses', 'paint', 'rugs', 'tables', 'wallpaper'] },
  { name: 'Sports', classes: ['archery', 'athletic shoes', 'baseball', 'basketball', 'camping', 'fishing', 'fitness', 'football', 'golf', 'guns', 'hockey', 'optics', 'outdoor', 'pools', 'sailing', 'tennis'] },
  { name: 'Books', classes: ['arts', 'business', 'computers', 'cooking', 'entertainments', 'fiction', 'history', 'home repair', 'mystery', 'parenting', 'reference', 'romance', 'science', 'self-help', 'sports', 'travel'] },
  { name: 'Electronics', classes: ['audio', 'automotive', 'camcorders', 'cameras', 'disk drives', 'dvd/vcr players', 'karoke', 'memory', 'monitors', 'musical', 'personal', 'portable', 'scanners', 'stereo', 'televisions', 'wireless'] },
];

export const COLORS = ['almond', 'antique', 'aquamarine', 'azure', 'beige', 'bisque', 'black', 'blanched', 'blue', 'blush', 'brown', 'burlywood', 'burnished', 'chartreuse', 'chiffon', 'chocolate', 'coral', 'cornflower', 'cornsilk', 'cream', 'cyan', 'dark', 'deep', 'dim', 'dodger', 'drab', 'firebrick', 'floral', 'forest', 'frosted', 'gainsboro', 'ghost', 'goldenrod', 'green', 'grey', 'honeydew', 'hot', 'indian', 'ivory', 'khaki', 'lace', 'lavender', 'lawn', 'lemon', 'light', 'lime', 'linen', 'magenta', 'maroon', 'medium', 'metallic', 'midnight', 'mint', 'misty', 'moccasin', 'navajo', 'navy', 'olive', 'orange', 'orchid', 'pale', 'papaya', 'peach', 'peru', 'pink', 'plum', 'powder', 'puff', 'purple', 'red', 'rose', 'rosy', 'royal', 'saddle', 'salmon', 'sandy', 'seashell', 'sienna', 'sky', 'slate', 'smoke', 'snow', 'spring', 'steel', 'tan', 'thistle', 'tomato', 'turquoise', 'violet', 'wheat', 'white', 'yellow'];
export const UNITS = ['Bunch', 'Bundle', 'Box', 'Carton', 'Case', 'Cup', 'Dozen', 'Dram', 'Each', 'Gram', 'Gross', 'Lb', 'N/A', 'Ounce', 'Oz', 'Pallet', 'Pound', 'Tbl', 'Ton', 'Tsp', 'Unknown'];
export const SIZES = ['petite', 'small', 'medium', 'large', 'extra large', 'economy', 'N/A'];

export const SALUTATIONS = ['Mr.', 'Mrs.', 'Ms.', 'Miss', 'Sir', 'Dr.'];
export const FIRST_NAMES = ['James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Charles', 'Joseph', 'Thomas', 'Javier', 'Scott', 'Edwin', 'Mary', 'Patricia', 'Linda', 'Barbara', 'Elizabeth', 'Jennifer', 'Maria', 'Susan', 'Margaret', 'Dorothy', 'Lisa', 'Amy', 'Latisha', 'Nancy', 'Karen', 'Betty', 'Helen'];
export const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Jones', 'Brown', 'Davis', 'Miller', 'Wilson', 'Moore', 'Taylor', 'Anderson', 'Thomas', 'Jackson', 'White', 'Harris', 'Martin', 'Thompson', 'Garcia', 'Martinez', 'Robinson', 'Clark', 'Lewis', 'Lee', 'Walker', 'Hall', 'Allen', 'Young', 'Moses', 'Hamilton', 'Ward'];
export const COUNTRIES = ['UNITED STATES', 'CANADA', 'MEXICO', 'CHILE', 'TOGO', 'NIUE', 'GERMANY', 'FRANCE', 'JAPAN', 'BRAZIL', 'INDIA', 'CHINA', 'ITALY', 'SPAIN', 'KENYA', 'PERU'];
export const STREET_NAMES = ['Main', 'Oak', 'Park', 'Pine', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Ash', 'Spring', 'Jackson', 'Dogwood', 'Sycamore', 'Laurel', 'Ridge', 'Sunset', 'Willow', 'View', 'Center', '1st', '2nd', '4th', '6th', '7th', 'Wilson', 'Forest', 'Church', 'River'];
export const STREET_TYPES = ['Street', 'ST', 'Avenue', 'Ave', 'Boulevard', 'Blvd', 'Road', 'RD', 'Parkway', 'Pkwy', 'Way', 'Wy', 'Drive', 'Dr.', 'Circle', 'Cir.', 'Lane', 'Ln', 'Court', 'Ct.'];
export const LOCATION_TYPES = ['single family', 'condo', 'apartment'];
export const CITIES = ['Midway', 'Fairview', 'Oak Grove', 'Five Points', 'Pleasant Hill', 'Centerville', 'Riverside', 'Mount Pleasant', 'Bethel', 'Five Forks', 'Oakland', 'Winchester', 'Farmington', 'Hopewell', 'Salem', 'Greenwood', 'Franklin', 'Clinton', 'Springfield', 'Georgetown', 'Union', 'Marion', 'Glendale', 'Liberty', 'Lakeview', 'Spring Hill', 'Shady Grove', 'Woodland', 'Concord', 'Newport', 'Greenville', 'Jamestown', 'Lebanon', 'Wildwood', 'Enterprise', 'Pleasant Valley', 'Fairfield', 'Kingston', 'Red Hill', 'White Oak'];

/** Counties with their state; every county and state a query names is here. */
export const COUNTIES: readonly [county: string, state: string][] = [
  ['Williamson County', 'TN'], ['Salem County', 'NJ'], ['Terrell County', 'GA'], ['Arthur County', 'NE'],
  ['Oglethorpe County', 'GA'], ['Lea County', 'NM'], ['Furnas County', 'NE'], ['Pennington County', 'SD'],
  ['Bronx County', 'NY'], ['Richland County', 'SC'], ['Maverick County', 'TX'], ['Mesa County', 'CO'],
  ['Raleigh County', 'WV'], ['Fillmore County', 'MN'], ['McPherson County', 'KS'], ['Bonneville County', 'ID'],
  ['Boone County', 'IN'], ['Brown County', 'OH'], ['Sumner County', 'TN'], ['Perry County', 'AL'],
  ['Lunenburg County', 'VA'], ['Halifax County', 'NC'], ['Ziebach County', 'SD'], ['Maricopa County', 'AZ'],
  ['Taos County', 'NM'], ['York County', 'PA'], ['King County', 'WA'], ['Harris County', 'TX'],
  ['Travis County', 'TX'], ['Los Angeles County', 'CA'], ['Fresno County', 'CA'], ['Tulsa County', 'OK'],
  ['Wayne County', 'MI'], ['Kent County', 'MI'], ['Jefferson County', 'KY'], ['Miami-Dade County', 'FL'],
  ['Orange County', 'FL'], ['Fulton County', 'GA'], ['Cook County', 'IL'], ['Madison County', 'IL'],
  ['Jackson County', 'MO'], ['Hennepin County', 'MN'], ['Pima County', 'AZ'], ['Hillsborough County', 'NH'],
  ['Polk County', 'IA'], ['Hinds County', 'MS'], ['Pulaski County', 'AR'], ['Douglas County', 'NE'],
  ['Yellowstone County', 'MT'], ['Franklin County', 'OH'], ['Wake County', 'NC'], ['Fairfax County', 'VA'],
  ['Mobile County', 'AL'], ['Orleans Parish', 'LA'], ['Marion County', 'IN'], ['Dane County', 'WI'],
  ['Multnomah County', 'OR'], ['Clark County', 'NV'], ['Salt Lake County', 'UT'], ['Laramie County', 'WY'],
];
const GMT: Record<string, number> = {
  NY: -5, NC: -5, OH: -5, VA: -5, FL: -5, GA: -5, MI: -5, NH: -5, SC: -5, IN: -5, KY: -5, PA: -5, NJ: -5, WV: -5,
  TX: -6, OK: -6, SD: -6, MO: -6, MN: -6, IA: -6, MS: -6, AR: -6, NE: -6, IL: -6, AL: -6, TN: -6, KS: -6, WI: -6, LA: -6,
  MT: -7, AZ: -7, NM: -7, CO: -7, ID: -7, UT: -7, WY: -7, WA: -8, CA: -8, OR: -8, NV: -8,
};
export const gmtOffset = (state: string): number => GMT[state] ?? -5;

/** Five-digit zip codes addresses are drawn from: a small set, as in dsdgen (whose zips
 *  come from a few hundred city names), so that customers share zips with each other and
 *  with stores (TPC-DS q8, q24). */
export const ZIPS: readonly string[] = [
  '47602', '16704', '35863', '28577', '83910', '36201', '58412', '48162', '28055', '41419', '80332', '38607', '77817', '24891',
  '16226', '18410', '21231', '59345', '13918', '51089', '20317', '17167', '54585', '67881', '78366', '47770', '18360', '51717',
  '73108', '14440', '21800', '85669', '86197', '88274', '83405', '86475', '85392', '85460', '80348', '81792',
];

export const EDUCATION = ['Primary', 'Secondary', 'College', '2 yr Degree', '4 yr Degree', 'Advanced Degree', 'Unknown'];
export const MARITAL = ['M', 'S', 'D', 'W', 'U'];
export const CREDIT = ['Good', 'High Risk', 'Low Risk', 'Unknown'];
export const BUY_POTENTIAL = ['0-500', '501-1000', '1001-5000', '5001-10000', '>10000', 'Unknown'];

export const SHIP_TYPES = ['EXPRESS', 'NEXT DAY', 'OVERNIGHT', 'TWO DAY', 'LIBRARY', 'REGULAR'];
export const SHIP_CODES = ['AIR', 'SURFACE', 'SEA', 'BIKE'];
export const CARRIERS = ['UPS', 'FEDEX', 'AIRBORNE', 'USPS', 'DHL', 'TBS', 'ZHOU', 'ZOUROS', 'MSC', 'LATVIAN', 'ALLIANCE', 'ORIENTAL', 'BARIAN', 'BOXBUNDLES', 'GREAT EASTERN', 'DIAMOND', 'RUPEKSA', 'GERMA', 'HARMSTORF', 'PRIVATECARRIER'];
export const REASONS = ['Package was damaged', 'Stopped working', 'Did not get it on time', 'Not the product that was ordred', 'Parts missing', 'Does not work with a product that I have', 'Gift exchange', 'Did not like the color', 'Did not like the model', 'Did not like the make', 'Did not like the warranty', 'No service location in my area', 'Found a better price in a store', 'Found a better extended warranty in a store', 'Not working any more', 'Did not fit', 'Wrong size', 'Lost my job', 'unauthoized purchase', 'duplicate purchase', 'its is a boy', 'it is a girl'];
export const CALL_CENTER_NAMES = ['NY Metro', 'Mid Atlantic', 'North Midwest', 'Pacific Northwest', 'California', 'Hawaii/Alaska'];
export const CALL_CENTER_CLASSES = ['small', 'medium', 'large'];
export const HOURS = ['8AM-4PM', '8AM-8AM', '8AM-12AM'];
export const WEB_PAGE_TYPES = ['welcome', 'protected', 'feedback', 'general', 'ad', 'order', 'dynamic'];
export const CATALOG_PAGE_TYPES = ['bi-annual', 'quarterly', 'monthly'];

const WORDS = ['able', 'areas', 'available', 'basic', 'children', 'clear', 'common', 'countries', 'different', 'early', 'elaborate', 'european', 'final', 'full', 'good', 'heavy', 'high', 'important', 'international', 'large', 'leading', 'local', 'main', 'national', 'new', 'normal', 'old', 'other', 'particular', 'political', 'public', 'right', 'similar', 'simple', 'single', 'small', 'social', 'special', 'strong', 'true', 'urban', 'various', 'visitors', 'whole', 'young', 'systems', 'theories', 'opportunities', 'approaches', 'intentions', 'passages', 'members', 'decisions', 'priorities', 'seasons', 'expectations', 'notes', 'questions', 'groups', 'years'];
/** Filler text of up to `words` words and `maxLength` characters (the column's width:
 *  Hive would cut a longer value short on insert), as dsdgen's sentence grammar gives. */
export const sentence = (pick: (words: readonly string[]) => string, words: number, maxLength: number): string => {
  let s = '';
  for (let i = 0; i < words; i++) {
    const w = pick(WORDS);
    if (s.length + w.length + 2 > maxLength) break;
    s = s ? `${s} ${w}` : w;
  }
  return s.charAt(0).toUpperCase() + s.slice(1) + '.';
};
