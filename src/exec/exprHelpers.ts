// Functions the compiled expressions call for work too large to inline. Caches keep
// per-pattern work (LIKE → RegExp) out of the per-row path.
import { executionError } from '../errors.js';
import { formatValue, parseValue, POW10 } from '../types/values.js';

const likeCache = new Map<string, RegExp>();
const regexCache = new Map<string, RegExp>();

/** SQL LIKE pattern to an anchored RegExp: % any run, _ one character, \ escapes. */
export function likeToRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) { re += escapeRe(pattern[++i]); continue; }
    re += c === '%' ? '[\\s\\S]*' : c === '_' ? '[\\s\\S]' : escapeRe(c);
  }
  return new RegExp(re + '$');
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function utcField(days: number, f: 'y' | 'm' | 'd'): number {
  const d = new Date(days * 86_400_000);
  return f === 'y' ? d.getUTCFullYear() : f === 'm' ? d.getUTCMonth() + 1 : d.getUTCDate();
}

export const HELPERS = {
  like(p: string): RegExp {
    let r = likeCache.get(p);
    if (!r) { r = likeToRegExp(p); likeCache.set(p, r); }
    return r;
  },
  regex(p: string): RegExp {
    let r = regexCache.get(p);
    if (!r) { r = new RegExp(p); regexCache.set(p, r); }
    return r;
  },
  /** Hive's substr: 1-based; a negative start counts from the end; 0 acts as 1. */
  substr(s: string, pos: number, len: number): string {
    const n = s.length;
    if (len <= 0 || Math.abs(pos) > n) return '';
    let start = pos > 0 ? pos - 1 : pos < 0 ? n + pos : 0;
    if (start < 0) start = 0;
    return s.substring(start, Math.min(n, start + len));
  },
  roundHalfUp(x: number): number {
    return x < 0 ? -Math.round(-x) : Math.round(x);
  },
  roundDouble(x: number, d: number): number {
    if (!Number.isFinite(x)) return x;
    const f = 10 ** d;
    const y = Math.abs(x) * f;
    // Correct representation error (2.675 * 100 = 267.49999…) the way BigDecimal rounding would.
    const r = Math.round(Number(y.toPrecision(15)));
    return (x < 0 ? -r : r) / f;
  },
  roundScaled(v: number, scale: number, d: number): number {
    if (d >= scale) return v;
    const f = POW10[scale - d];
    const r = Math.round(Math.abs(v) / f) * f;
    return v < 0 ? -r : r;
  },
  /** NULL (Hive's overflow result) when a scaled decimal exceeds its precision. */
  fitDecimal(x: number, limit: number): number | null {
    return Math.abs(x) >= limit || !Number.isFinite(x) ? null : x;
  },
  year: (d: number) => utcField(d, 'y'),
  month: (d: number) => utcField(d, 'm'),
  dayOfMonth: (d: number) => utcField(d, 'd'),
  parseValue,
  formatValue,
  assertFailed(): never {
    throw executionError('ASSERT_TRUE(): assertion failed.');
  },
  tooManyRows(): never {
    throw executionError('a scalar subquery returned more than one row');
  },
};
