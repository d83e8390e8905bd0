// Hive's mathematical functions. Results follow Hive's types: most take and return double;
// floor/ceil return bigint (decimal for decimals); bround rounds half to even; invalid
// domains (log of a non-positive number, factorial out of 0..20) give NULL.
import { DataType, T, commonType, decimalType, isIntegral } from '../../types/dataType.js';
import { POW10 } from '../../types/values.js';
import type { FunctionDefinition, ScalarFunction } from '../functionDefinition.js';
import { scalar, scalarWith } from '../signatures.js';

const dbl = (name: string, f: (x: number) => number | null, usage: string) => scalar(name, 'double -> double', (x: number) => {
  const r = f(x);
  return r === null || Number.isNaN(r) ? null : r;
}, { usage });

/** Half-to-even rounding at d decimal places, as BigDecimal.ROUND_HALF_EVEN. */
export function bround(x: number, d: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** d;
  const y = Number((x * f).toPrecision(15));
  const r = Math.round(y);
  const isHalf = Math.abs(y - Math.trunc(y)) === 0.5;
  const v = isHalf ? (Math.trunc(y) % 2 === 0 ? Math.trunc(y) : Math.trunc(y) + Math.sign(y)) : r;
  return v / f;
}

function extreme(name: string, greatest: boolean): ScalarFunction {
  return {
    kind: 'scalar', name, usage: `${name}(v1, v2, …) - the ${greatest ? 'greatest' : 'least'} value, NULL if any is NULL`,
    resolve(args) {
      if (args.length < 2) return null;
      let t: DataType = T.void;
      for (const a of args) { const c = commonType(t, a); if (!c) return null; t = c; }
      if (t.id === 'void') t = T.string;
      return { args: args.map(() => t), result: t };
    },
    make: () => (...xs: unknown[]) => {
      let best = xs[0] as number;
      for (const x of xs) if (greatest ? (x as number) > best : (x as number) < best) best = x as number;
      return best;
    },
  };
}

function shift(name: string, op: (a: bigint, b: number, bits: number) => bigint): ScalarFunction {
  return scalarWith(name, 'integral, int -> same', (types) => {
    const bits = types[0].id === 'bigint' ? 64 : 32;
    return (a: number, b: number) => Number(BigInt.asIntN(bits, op(BigInt.asIntN(bits, BigInt(a)), b & (bits - 1), bits)));
  }, { usage: `${name}(a, b) - bitwise ${name.replace('shift', 'shift ')} of a by b positions` });
}

const FACTORIALS = Array.from({ length: 21 }, (_, i) => { let f = 1; for (let k = 2; k <= i; k++) f *= k; return f; });

/** conv(num, from, to): Hive's base conversion over unsigned 64-bit values. */
export function conv(num: string, fromBase: number, toBase: number): string | null {
  const fb = Math.abs(fromBase), tb = Math.abs(toBase);
  if (fb < 2 || fb > 36 || tb < 2 || tb > 36) return null;
  let s = num.trim();
  const neg = s.startsWith('-');
  if (neg) s = s.slice(1);
  let v = 0n;
  let any = false;
  for (const c of s.toLowerCase()) {
    const d = parseInt(c, 36);
    if (Number.isNaN(d) || d >= fb) break;
    v = BigInt.asUintN(64, v * BigInt(fb) + BigInt(d));
    any = true;
  }
  if (!any) return '0';
  if (neg) v = BigInt.asUintN(64, -v);
  let out: string;
  if (toBase < 0 && BigInt.asIntN(64, v) < 0n) out = '-' + (-BigInt.asIntN(64, v)).toString(tb);
  else out = v.toString(tb);
  return out.toUpperCase();
}

export const HIVE_MATH_FUNCTIONS: FunctionDefinition[] = [
  dbl('acos', (x) => (x < -1 || x > 1 ? null : Math.acos(x)), 'acos(x) - arc cosine of x, NULL outside [-1, 1]'),
  dbl('asin', (x) => (x < -1 || x > 1 ? null : Math.asin(x)), 'asin(x) - arc sine of x, NULL outside [-1, 1]'),
  dbl('atan', Math.atan, 'atan(x) - arc tangent of x'),
  dbl('cos', Math.cos, 'cos(x) - cosine of x (radians)'),
  dbl('sin', Math.sin, 'sin(x) - sine of x (radians)'),
  dbl('tan', Math.tan, 'tan(x) - tangent of x (radians)'),
  dbl('cbrt', Math.cbrt, 'cbrt(x) - cube root of x'),
  dbl('degrees', (x) => (x * 180) / Math.PI, 'degrees(x) - x radians in degrees'),
  dbl('radians', (x) => (x * Math.PI) / 180, 'radians(x) - x degrees in radians'),
  dbl('log10', (x) => (x <= 0 ? null : Math.log10(x)), 'log10(x) - base 10 logarithm of x, NULL when x <= 0'),
  dbl('log2', (x) => (x <= 0 ? null : Math.log2(x)), 'log2(x) - base 2 logarithm of x, NULL when x <= 0'),
  scalar('log', 'double, double -> double | double -> double', (b: number, x?: number) => {
    if (x === undefined) return b <= 0 ? null : Math.log(b);
    return b <= 0 || x <= 0 || b === 1 ? null : Math.log(x) / Math.log(b);
  }, { usage: 'log([base, ] x) - logarithm of x to base (e by default), NULL for non-positive arguments' }),
  scalar('pow', 'double, double -> double', (a: number, b: number) => a ** b, { usage: 'pow(x, y) - x raised to y' }),
  scalar('power', 'double, double -> double', (a: number, b: number) => a ** b, { usage: 'power(x, y) - x raised to y' }),
  scalar('e', ' -> double', () => Math.E, { usage: 'e() - Euler\'s number' }),
  scalar('pi', ' -> double', () => Math.PI, { usage: 'pi() - π' }),
  scalarWith('rand', 'bigint? -> double', () => {
    // A seed starts one sequence per query, so rand(seed) is repeatable row for row.
    let seeded: (() => number) | null = null;
    return (seed?: number | null) => (seed === undefined ? Math.random() : (seeded ??= mulberry(seed ?? 0))());
  }, { volatile: true, nullSafe: true, usage: 'rand([seed]) - a random number in [0, 1)' }),
  {
    kind: 'scalar', name: 'bround',
    usage: "bround(x[, d]) - x rounded to d decimal places, halves to even (banker's rounding)",
    resolve(args, constants) {
      const [a, d] = args;
      if (!a || args.length > 2 || (d && !isIntegral(d))) return null;
      if (a.id === 'decimal') {
        const dv = d ? (typeof constants[1] === 'number' ? constants[1] : a.scale) : 0;
        const scale = dv < 0 ? 0 : Math.min(dv, 38);
        return { args: d ? [a, T.int] : [a], result: decimalType(Math.min(a.precision - a.scale + (dv < a.scale ? 1 : 0) + scale, 38), scale) };
      }
      if (isIntegral(a)) return { args: d ? [a, T.int] : [a], result: a };
      return { args: d ? [T.double, T.int] : [T.double], result: T.double };
    },
    make(types, result) {
      const t = types[0];
      if (t.id === 'decimal') {
        const ns = (result as { scale: number }).scale;
        return (x: number, d = 0) => Math.round(bround(x / POW10[t.scale], d) * POW10[ns]);
      }
      return (x: number, d = 0) => bround(x, d);
    },
  },
  extreme('greatest', true), extreme('least', false),
  scalar('factorial', 'int -> bigint', (n: number) => (n < 0 || n > 20 ? null : FACTORIALS[n]), { usage: 'factorial(n) - n!, NULL outside 0..20' }),
  scalarWith('pmod', 'numeric, numeric -> ', (types) => (a: number, b: number) => (b === 0 ? null : ((a % b) + b) % b), {
    result: (args) => commonType(args[0], args[1]) ?? T.double, usage: 'pmod(a, b) - positive a mod b',
  }),
  scalarWith('positive', 'numeric -> same', () => (x: number) => x, { usage: 'positive(x) - x' }),
  scalarWith('sign', 'numeric -> ', () => Math.sign, {
    result: (args) => (args[0].id === 'decimal' ? T.int : T.double), usage: 'sign(x) - -1, 0 or 1 by the sign of x',
  }),
  shift('shiftleft', (a, b) => a << BigInt(b)),
  shift('shiftright', (a, b) => a >> BigInt(b)),
  shift('shiftrightunsigned', (a, b, bits) => BigInt.asUintN(bits, a) >> BigInt(b)),
  scalar('bin', 'bigint -> string', (n: number) => BigInt.asUintN(64, BigInt(n)).toString(2), { usage: 'bin(n) - n in binary (two\'s complement for negatives)' }),
  scalar('hex', 'bigint -> string | binary -> string | string -> string', (x: number | string) => (typeof x === 'number'
    ? BigInt.asUintN(64, BigInt(x)).toString(16).toUpperCase()
    : Buffer.from(x, 'utf8').toString('hex').toUpperCase()), { usage: 'hex(n | str | bin) - hexadecimal text of a number, or of the bytes of a string or binary' }),
  scalar('unhex', 'string -> binary', (s: string) => (/^[0-9a-fA-F]*$/.test(s) ? Buffer.from(s.length % 2 ? '0' + s : s, 'hex').toString('latin1') : null), { usage: 'unhex(str) - the bytes the hexadecimal text str spells' }),
  scalar('conv', 'string, int, int -> string | bigint, int, int -> string', (n: string | number, a: number, b: number) => conv(String(n), a, b), { usage: 'conv(num, from_base, to_base) - num converted from one base to another' }),
  scalar('width_bucket', 'double, double, double, int -> int', (x: number, lo: number, hi: number, n: number) => {
    if (n <= 0 || lo === hi) return null;
    if (lo < hi) return x < lo ? 0 : x >= hi ? n + 1 : Math.floor(((x - lo) / (hi - lo)) * n) + 1;
    return x > lo ? 0 : x <= hi ? n + 1 : Math.floor(((lo - x) / (lo - hi)) * n) + 1;
  }, { usage: 'width_bucket(expr, min, max, n) - bucket 1..n of expr in n equal-width buckets over [min, max)' }),
];

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
