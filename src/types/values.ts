// Conversions between text and the physical values held in vectors, with Hive's rules:
// a string that does not parse as the target type becomes NULL (returned here as null).
import { DataType } from './dataType.js';
import { formatNestedJson } from './complexValues.js';

const MS_PER_DAY = 86_400_000;
export const POW10: number[] = Array.from({ length: 39 }, (_, i) => 10 ** i);

/** 'YYYY-MM-DD' (Hive also accepts a trailing time part) to days since epoch. */
export function parseDate(s: string): number | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?\s*$/.exec(s);
  if (!m) return null;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCDate() !== d) return null;
  return Math.round(ms / MS_PER_DAY);
}

export function formatDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

export function parseTimestamp(s: string): number | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*$/.exec(s);
  if (!m) return null;
  const frac = m[7] ? Number((m[7] + '000').slice(0, 3)) : 0;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), frac);
  return Number.isNaN(ms) ? null : ms;
}

export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2000-01-01T10:20:30.123Z
  const base = iso.slice(0, 10) + ' ' + iso.slice(11, 19);
  const frac = iso.slice(20, 23).replace(/0+$/, '');
  return frac ? `${base}.${frac}` : `${base}.0`.replace(/\.0$/, '');
}

/** Parses a decimal literal to an integer scaled by 10^scale, rounding half up as
 *  HiveDecimal does; null when it does not parse or does not fit the precision. */
export function parseDecimal(s: string, precision: number, scale: number): number | null {
  const m = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(s);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null;
  let value: number;
  if (m[4] !== undefined) {
    value = Math.round(Number(s) * POW10[scale]);
    if (!Number.isFinite(value)) return null;
  } else {
    const intPart = m[2] || '0';
    const frac = m[3] ?? '';
    const kept = (frac + '0'.repeat(scale)).slice(0, scale);
    value = Number(intPart + kept);
    if (frac.length > scale && frac.charCodeAt(scale) >= 53 /* '5' */) value += 1;
    if (m[1] === '-') value = -value;
  }
  if (Math.abs(value) >= POW10[precision]) return null;
  return value === 0 ? 0 : value;
}

export function formatDecimal(scaled: number, scale: number): string {
  const neg = scaled < 0;
  // Unscaled values of wide decimals (a quotient at scale 20) pass 1e21, where String()
  // switches to exponent notation; BigInt prints every digit.
  const abs = Math.round(Math.abs(scaled));
  const integer = abs >= 1e21 ? BigInt(abs).toString() : String(abs);
  if (scale === 0) return neg && abs !== 0 ? '-' + integer : integer;
  const digits = integer.padStart(scale + 1, '0');
  const s = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  return neg ? '-' + s : s;
}

/** Java's Double.toString, which Hive uses to print doubles. */
export function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(v);
    return s.includes('.') ? s : s + '.0';
  }
  const [mant, exp] = v.toExponential().split('e');
  const m = mant.includes('.') ? mant : mant + '.0';
  return `${m}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

export function formatFloat(v: number): string {
  // Shortest representation that round-trips through a 32-bit float, like Float.toString.
  if (!Number.isFinite(v) || v === 0) return formatDouble(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return formatDouble(Number(s));
  }
  return formatDouble(v);
}

const INT_RANGE: Record<string, [number, number]> = {
  tinyint: [-128, 127], smallint: [-32768, 32767], int: [-2147483648, 2147483647],
  bigint: [-9223372036854775808, 9223372036854775807],
};

/** Parses text to a physical value of type t, as LazySimpleSerDe and CAST(string AS t) do. */
export function parseValue(s: string, t: DataType): number | string | boolean | null {
  switch (t.id) {
    case 'tinyint': case 'smallint': case 'int': case 'bigint': {
      if (!/^\s*[+-]?\d+\s*$/.test(s)) return null;
      const v = Number(s);
      const [lo, hi] = INT_RANGE[t.id];
      return v < lo || v > hi ? null : v;
    }
    case 'float': case 'double': {
      const tr = s.trim();
      if (tr === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$|^[+-]?(NaN|Infinity)$/.test(tr)) return null;
      const v = Number(tr.replace(/[dDfF]$/, ''));
      return t.id === 'float' ? Math.fround(v) : v;
    }
    case 'decimal': return parseDecimal(s, t.precision, t.scale);
    case 'boolean': {
      const l = s.trim().toLowerCase();
      return l === 'true' ? true : l === 'false' ? false : null;
    }
    case 'date': return parseDate(s);
    case 'timestamp': return parseTimestamp(s);
    case 'varchar': return s.length > t.length ? s.slice(0, t.length) : s;
    case 'char': return charValue(s, t.length);
    default: return s;
  }
}

/** CHAR(n) values are held without trailing spaces: Hive compares and converts CHAR by
 *  its stripped value (HiveChar.getStrippedValue), so 'F ' = 'F'. */
export function charValue(s: string, length: number): string {
  return (s.length > length ? s.slice(0, length) : s).replace(/ +$/, '');
}

/** Text of a physical value as the Hive CLI prints it and LazySimpleSerDe writes it. */
export function formatValue(v: unknown, t: DataType): string {
  switch (t.id) {
    case 'boolean': return v ? 'true' : 'false';
    case 'double': return formatDouble(v as number);
    case 'float': return formatFloat(v as number);
    case 'decimal': return formatDecimal(v as number, t.scale);
    case 'date': return formatDate(v as number);
    case 'timestamp': return formatTimestamp(v as number);
    case 'array': case 'map': case 'struct': return formatNestedJson(v, t);
    default: return String(v);
  }
}
