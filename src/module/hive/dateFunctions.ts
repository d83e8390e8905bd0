// Hive's date and time functions. Dates are days since 1970-01-01, timestamps milliseconds
// since 1970-01-01 00:00:00 without a zone (UTC arithmetic), as Hive 3 defines them; the
// functions Hive 3.1 declares as returning strings (add_months, last_day, next_day,
// trunc of a date, date_format, from_unixtime) return strings here too.
import { T } from '../../types/dataType.js';
import { formatDate } from '../../types/values.js';
import type { FunctionDefinition, ScalarFunction } from '../functionDefinition.js';
import { scalar, scalarWith } from '../signatures.js';
import { formatJavaDate, isoWeek, parseJavaDate } from './simpleDateFormat.js';
import { bround } from './mathFunctions.js';
import { instantOfWallClock, wallClockAt } from '../../types/timeZones.js';

const DAY = 86_400_000;
const utc = (ms: number) => new Date(ms);
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

function addMonths(ms: number, n: number): number {
  const d = utc(ms);
  const y = d.getUTCFullYear(), m = d.getUTCMonth(), day = d.getUTCDate();
  const target = new Date(Date.UTC(y, m + n, 1));
  const last = daysIn(target.getUTCFullYear(), target.getUTCMonth());
  // Hive: the last day of a month maps to the last day of the target month.
  const dd = day === daysIn(y, m) || day > last ? last : day;
  return Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), dd) + (((ms % DAY) + DAY) % DAY);
}

/** Hive's months_between: whole months when both are the same day of month or both the
 *  last day; otherwise the day and time difference counts in 31-day months; 8 decimals. */
function monthsBetween(a: number, b: number, roundOff = true): number {
  const x = utc(a), y = utc(b);
  const months = (x.getUTCFullYear() - y.getUTCFullYear()) * 12 + (x.getUTCMonth() - y.getUTCMonth());
  const lastX = x.getUTCDate() === daysIn(x.getUTCFullYear(), x.getUTCMonth());
  const lastY = y.getUTCDate() === daysIn(y.getUTCFullYear(), y.getUTCMonth());
  if (x.getUTCDate() === y.getUTCDate() || (lastX && lastY)) return months;
  const secX = (x.getUTCDate() - 1) * 86400 + x.getUTCHours() * 3600 + x.getUTCMinutes() * 60 + x.getUTCSeconds();
  const secY = (y.getUTCDate() - 1) * 86400 + y.getUTCHours() * 3600 + y.getUTCMinutes() * 60 + y.getUTCSeconds();
  const r = months + (secX - secY) / (31 * 86400);
  return roundOff ? bround(Number(r.toFixed(10)), 8) : r;
}

const DAY_NAMES: Record<string, number> = { su: 0, sun: 0, sunday: 0, mo: 1, mon: 1, monday: 1, tu: 2, tue: 2, tuesday: 2, we: 3, wed: 3, wednesday: 3, th: 4, thu: 4, thursday: 4, fr: 5, fri: 5, friday: 5, sa: 6, sat: 6, saturday: 6 };

function truncDate(ms: number, fmt: string): number | null {
  const d = utc(ms);
  switch (fmt.toUpperCase()) {
    case 'YEAR': case 'YYYY': case 'YY': return Date.UTC(d.getUTCFullYear(), 0, 1);
    case 'QUARTER': case 'Q': return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
    case 'MONTH': case 'MON': case 'MM': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    case 'WEEK': case 'WW': { const day = d.getUTCDay() || 7; return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 1); }
    case 'DAY': case 'DD': return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    case 'HOUR': return ms - (((ms % 3_600_000) + 3_600_000) % 3_600_000);
    case 'MINUTE': return ms - (((ms % 60_000) + 60_000) % 60_000);
    case 'SECOND': return ms - (((ms % 1000) + 1000) % 1000);
    default: return null;
  }
}

const field = (name: string, f: (d: Date, ms: number) => number, usage: string) => scalar(name, 'timestamp -> int', (ms: number) => f(utc(ms), ms), { usage });

const floorTo = (unit: string) => scalar(`floor_${unit}`, 'timestamp -> timestamp', (ms: number) => truncDate(ms, unit), {
  usage: `floor_${unit}(ts) - ts truncated to the ${unit}`,
});

const currentDate: ScalarFunction = {
  kind: 'scalar', name: 'current_date', usage: 'current_date() - the date the query started',
  resolve: (args) => (args.length === 0 ? { args: [], result: T.date } : null),
  atStatementStart: (ms) => Math.floor(ms / DAY),
};
const currentTimestamp: ScalarFunction = {
  kind: 'scalar', name: 'current_timestamp', usage: 'current_timestamp() - the time the query started',
  resolve: (args) => (args.length === 0 ? { args: [], result: T.timestamp } : null),
  atStatementStart: (ms) => ms,
};

export const HIVE_DATE_FUNCTIONS: FunctionDefinition[] = [
  currentDate, currentTimestamp,
  scalar('add_months', 'timestamp, int, string? -> string', (ms: number, n: number, fmt?: string) => {
    const r = addMonths(ms, n);
    return fmt === undefined ? formatDate(Math.floor(r / DAY)) : formatJavaDate(r, fmt);
  }, { usage: 'add_months(start_date, num_months[, output_date_format]) - the date num_months after start_date' }),
  scalar('date_format', 'timestamp, string -> string', (ms: number, fmt: string) => formatJavaDate(ms, fmt), { usage: 'date_format(date/timestamp/string, fmt) - the value formatted with the SimpleDateFormat pattern fmt' }),
  field('dayofweek', (d) => d.getUTCDay() + 1, 'dayofweek(date) - day of the week, 1 = Sunday … 7 = Saturday'),
  field('hour', (d) => d.getUTCHours(), 'hour(ts) - hour of the timestamp (0–23)'),
  field('minute', (d) => d.getUTCMinutes(), 'minute(ts) - minute of the timestamp'),
  field('second', (d) => d.getUTCSeconds(), 'second(ts) - second of the timestamp'),
  field('quarter', (d) => Math.floor(d.getUTCMonth() / 3) + 1, 'quarter(date) - quarter of the year, 1–4'),
  field('weekofyear', (d) => isoWeek(d), 'weekofyear(date) - ISO-8601 week of the year'),
  scalar('from_unixtime', 'bigint, string? -> string', (s: number, fmt = 'yyyy-MM-dd HH:mm:ss') => formatJavaDate(s * 1000, fmt), { usage: "from_unixtime(unix_time[, fmt]) - seconds since 1970 formatted with fmt ('yyyy-MM-dd HH:mm:ss')" }),
  scalar('unix_timestamp', [' -> bigint', 'timestamp -> bigint', 'string, string -> bigint'], (x?: number | string, fmt?: string) => {
    if (x === undefined) return Math.floor(Date.now() / 1000);
    if (typeof x === 'number') return Math.floor(x / 1000);
    const ms = parseJavaDate(x, fmt!);
    return ms === null ? null : Math.floor(ms / 1000);
  }, { volatile: true, usage: 'unix_timestamp([date[, pattern]]) - seconds since 1970 of now, a timestamp, or a string parsed with pattern' }),
  scalar('to_unix_timestamp', ['timestamp -> bigint', 'string, string -> bigint'], (x: number | string, fmt?: string) => {
    if (typeof x === 'number') return Math.floor(x / 1000);
    const ms = parseJavaDate(x, fmt!);
    return ms === null ? null : Math.floor(ms / 1000);
  }, { usage: 'to_unix_timestamp(date[, pattern]) - seconds since 1970 of a timestamp, or of a string parsed with pattern' }),
  scalar('from_utc_timestamp', 'timestamp, string -> timestamp', (ms: number, tz: string) => {
    return wallClockAt(ms, tz) ?? ms;
  }, { usage: 'from_utc_timestamp(ts, zone) - the UTC timestamp ts as wall-clock time in zone' }),
  scalar('to_utc_timestamp', 'timestamp, string -> timestamp', (ms: number, tz: string) => {
    return instantOfWallClock(ms, tz) ?? ms;
  }, { usage: 'to_utc_timestamp(ts, zone) - the wall-clock time ts in zone as a UTC timestamp' }),
  scalar('last_day', 'timestamp -> string', (ms: number) => {
    const d = utc(ms);
    return formatDate(Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY));
  }, { usage: 'last_day(date) - the last day of the month of date' }),
  scalar('next_day', 'timestamp, string -> string', (ms: number, day: string) => {
    const target = DAY_NAMES[day.toLowerCase()];
    if (target === undefined) return null;
    const d = utc(ms);
    const add = ((target - d.getUTCDay() + 7) % 7) || 7;
    return formatDate(Math.floor(ms / DAY) + add);
  }, { usage: "next_day(start_date, day_of_week) - the first day_of_week ('MO', 'TUE', 'Friday', …) after start_date" }),
  scalar('months_between', 'timestamp, timestamp, boolean? -> double', monthsBetween, { usage: 'months_between(date1, date2[, roundOff]) - months from date2 to date1 (fraction in 31-day months, 8 decimals)' }),
  scalarWith('trunc', ['timestamp, string -> string', 'numeric, int? -> double'], (types) => {
    if (types[0].id === 'timestamp') {
      return (ms: number, fmt: string) => {
        const r = /^(YEAR|YYYY|YY|QUARTER|Q|MONTH|MON|MM)$/i.test(fmt) ? truncDate(ms, fmt) : null;
        return r === null ? null : formatDate(Math.floor(r / DAY));
      };
    }
    const t = types[0];
    const scale = t.id === 'decimal' ? t.scale : 0;
    return (x: number, d = 0) => { const v = x / 10 ** scale; const f = 10 ** d; return Math.trunc(v * f) / f; };
  }, { usage: "trunc(date, fmt) - date truncated to the year/quarter/month ('YEAR', 'Q', 'MM'); trunc(x[, d]) - x truncated to d decimal places" }),
  floorTo('year'), floorTo('quarter'), floorTo('month'), floorTo('week'), floorTo('day'), floorTo('hour'), floorTo('minute'), floorTo('second'),
];

