// The engine's built-in scalar functions (what Flink calls the CoreModule). Each one
// resolves its argument and result types with Hive's rules and contributes a JavaScript
// expression over non-null argument values; the expression compiler inlines it into a
// loop over whole vectors, so no function call happens per row for the common ones.
import {
  DataType, T, asDecimal, commonType, decimalType, isIntegral, isNumeric, isStringLike,
} from '../types/dataType.js';

import type { ScalarFunction } from './functionDefinition.js';

const numericCommon = (a: DataType, b: DataType): DataType | null => {
  const x = isStringLike(a) || a.id === 'void' ? T.double : a;
  const y = isStringLike(b) || b.id === 'void' ? T.double : b;
  if (!isNumeric(x) || !isNumeric(y)) return null;
  return commonType(x, y);
};

function scaleOf(t: DataType): number { return t.id === 'decimal' ? t.scale : 0; }

/** Both operands as decimal types (integers as decimal(digits,0); NULL as the common type). */
function decimalOperands(a: DataType, b: DataType, common: DataType): [{ precision: number; scale: number }, { precision: number; scale: number }] {
  return [asDecimal(a.id === 'void' ? common : a)!, asDecimal(b.id === 'void' ? common : b)!];
}
const asDecimalType = (d: { precision: number; scale: number }): DataType => ({ id: 'decimal', ...d });

/** +, -: decimals keep max scale and gain one integer digit, as Hive does. */
function additive(name: string, op: '+' | '-'): ScalarFunction {
  return {
    kind: 'scalar', name,
    resolve(args) {
      const [a, b] = args;
      const c = numericCommon(a, b);
      if (!c) return null;
      if (c.id === 'decimal') {
        const [da, db] = decimalOperands(a, b, c);
        const scale = Math.max(da.scale, db.scale);
        const result = decimalType(Math.max(da.precision - da.scale, db.precision - db.scale) + scale + 1, scale);
        return { args: [asDecimalType(da), asDecimalType(db)], result };
      }
      return { args: [c, c], result: c };
    },
    code(a, types, result) {
      if (result.id === 'decimal') {
        const s = result.scale;
        const fa = 10 ** (s - scaleOf(types[0])), fb = 10 ** (s - scaleOf(types[1]));
        return `(${fa === 1 ? a[0] : `${a[0]} * ${fa}`} ${op} ${fb === 1 ? a[1] : `${a[1]} * ${fb}`})`;
      }
      if (result.id === 'int' || result.id === 'smallint' || result.id === 'tinyint') return `((${a[0]} ${op} ${a[1]}) | 0)`;
      if (result.id === 'float') return `Math.fround(${a[0]} ${op} ${a[1]})`;
      return `(${a[0]} ${op} ${a[1]})`;
    },
  };
}

const multiply: ScalarFunction = {
  kind: 'scalar', name: 'multiply',
  resolve([a, b]) {
    const c = numericCommon(a, b);
    if (!c) return null;
    if (c.id === 'decimal') {
      const [da, db] = decimalOperands(a, b, c);
      return { args: [asDecimalType(da), asDecimalType(db)], result: decimalType(da.precision + db.precision + 1, da.scale + db.scale) };
    }
    return { args: [c, c], result: c };
  },
  code(a, types, result) {
    if (result.id === 'decimal') {
      const natural = scaleOf(types[0]) + scaleOf(types[1]);
      const drop = natural - result.scale;
      return drop > 0 ? `H.roundHalfUp(${a[0]} * ${a[1]} / ${10 ** drop})` : `(${a[0]} * ${a[1]})`;
    }
    if (result.id === 'int' || result.id === 'smallint' || result.id === 'tinyint') return `Math.imul(${a[0]}, ${a[1]})`;
    if (result.id === 'float') return `Math.fround(${a[0]} * ${a[1]})`;
    return `(${a[0]} * ${a[1]})`;
  },
};

/** '/': double for integers and doubles, decimal for decimals; x / 0 is NULL. */
const divide: ScalarFunction = {
  kind: 'scalar', name: 'divide',
  mayReturnNull: true,
  resolve([a, b]) {
    const c = numericCommon(a, b);
    if (!c) return null;
    if (c.id === 'decimal') {
      const [da, db] = decimalOperands(a, b, c);
      const scale = Math.max(6, da.scale + db.precision + 1);
      const precision = da.precision - da.scale + db.scale + scale;
      return { args: [asDecimalType(da), asDecimalType(db)], result: decimalType(precision, scale) };
    }
    return { args: [T.double, T.double], result: T.double };
  },
  code(a, types, result) {
    if (result.id === 'decimal') {
      const sa = scaleOf(types[0]), sb = scaleOf(types[1]);
      // Scale up before dividing: one rounding instead of two, and exact whenever the
      // quotient is representable (25415000·1e11 / 50 is exactly 5083·1e13; divided first
      // it comes out a few ulps short, and cast(… as int) then gives 5082).
      return `(${a[1]} === 0 ? null : H.roundHalfUp(${a[0]} * ${10 ** (result.scale - sa + sb)} / ${a[1]}))`;
    }
    return `(${a[1]} === 0 ? null : ${a[0]} / ${a[1]})`;
  },
};

const intDivide: ScalarFunction = {
  kind: 'scalar', name: 'div',
  mayReturnNull: true,
  resolve([a, b]) {
    const c = numericCommon(a, b);
    if (!c) return null;
    if (isIntegral(c)) return { args: [c, c], result: T.bigint };
    return { args: [T.double, T.double], result: T.bigint };
  },
  code: (a) => `(${a[1]} === 0 ? null : Math.trunc(${a[0]} / ${a[1]}))`,
};

const modulo: ScalarFunction = {
  kind: 'scalar', name: 'mod',
  mayReturnNull: true,
  resolve([a, b]) {
    const c = numericCommon(a, b);
    if (!c) return null;
    return { args: [c, c], result: c };
  },
  code: (a) => `(${a[1]} === 0 ? null : ${a[0]} % ${a[1]})`,
};

function comparison(name: string, op: string): ScalarFunction {
  return {
    kind: 'scalar', name,
    resolve([a, b]) {
      const c = commonType(a, b);
      if (!c) return null;
      return { args: [c, c], result: T.boolean };
    },
    code: (a) => `(${a[0]} ${op} ${a[1]})`,
  };
}

const stringFn = (name: string, arity: number, body: (a: string[]) => string, result: DataType = T.string): ScalarFunction => ({
  kind: 'scalar', name,
  resolve: (args) => (args.length === arity ? { args: args.map(() => T.string), result } : null),
  code: body,
});

const mathFn = (name: string, body: (a: string) => string, mayReturnNull = false): ScalarFunction => ({
  kind: 'scalar', name, mayReturnNull,
  resolve: (args) => (args.length === 1 && (isNumeric(args[0]) || isStringLike(args[0]) || args[0].id === 'void') ? { args: [T.double], result: T.double } : null),
  code: (a) => body(a[0]),
});

const dateOf = (t: DataType) => t.id === 'date' || t.id === 'timestamp' || isStringLike(t) || t.id === 'void';
const datePart = (name: string, body: string): ScalarFunction => ({
  kind: 'scalar', name,
  resolve: (args) => (args.length === 1 && dateOf(args[0]) ? { args: [T.date], result: T.int } : null),
  code: (a) => body.replace(/\$0/g, a[0]),
});

/** &, |, ^, ~ on integers: 32-bit ops inline; bigint through BigInt (64-bit two's complement). */
function bitwise(name: string, op: string): ScalarFunction {
  const unary = op === '~';
  return {
    kind: 'scalar', name,
    resolve(args) {
      if (args.length !== (unary ? 1 : 2)) return null;
      let t: DataType = T.void;
      for (const a of args) { if (!isIntegral(a) && a.id !== 'void') return null; t = commonType(t, a)!; }
      if (t.id === 'void') t = T.int;
      return { args: args.map(() => t), result: t };
    },
    code(a, _types, result) {
      if (result.id === 'bigint') {
        return unary ? `Number(BigInt.asIntN(64, ~BigInt(${a[0]})))` : `Number(BigInt.asIntN(64, BigInt(${a[0]}) ${op} BigInt(${a[1]})))`;
      }
      const narrow = result.id === 'tinyint' ? ' << 24 >> 24' : result.id === 'smallint' ? ' << 16 >> 16' : '';
      return unary ? `((~${a[0]})${narrow})` : `((${a[0]} ${op} ${a[1]})${narrow})`;
    },
  };
}

/** floor/ceil: bigint for numbers, decimal(p - s + 1, 0) for decimals (Hive's rule). */
function floorCeil(name: string, f: string): ScalarFunction {
  return {
    kind: 'scalar', name, mayReturnNull: true,
    usage: `${name}(x) - the ${name === 'floor' ? 'largest integer not greater' : 'smallest integer not smaller'} than x`,
    resolve([a, ...rest]) {
      if (rest.length || !a) return null;
      if (a.id === 'decimal') return { args: [a], result: decimalType(Math.min(38, a.precision - a.scale + 1), 0) };
      if (isIntegral(a)) return { args: [a], result: T.bigint };
      if (isNumeric(a) || isStringLike(a) || a.id === 'void') return { args: [T.double], result: T.bigint };
      return null;
    },
    code: (a, types) => (types[0].id === 'decimal'
      ? `${f}(${a[0]} / ${10 ** types[0].scale})`
      : `(Number.isFinite(${a[0]}) ? ${f}(${a[0]}) : null)`),
  };
}

const FUNCTIONS: ScalarFunction[] = [
  bitwise('bitand', '&'), bitwise('bitor', '|'), bitwise('bitxor', '^'), bitwise('bitnot', '~'),
  additive('add', '+'),
  additive('subtract', '-'),
  multiply, divide, intDivide, modulo,
  {
    kind: 'scalar', name: 'negative',
    resolve: ([a]) => (isNumeric(a) ? { args: [a], result: a } : isStringLike(a) ? { args: [T.double], result: T.double } : null),
    code: (a, _t, r) => (r.id === 'int' ? `((-${a[0]}) | 0)` : `(-${a[0]})`),
  },
  comparison('eq', '==='), comparison('ne', '!=='), comparison('lt', '<'), comparison('le', '<='),
  comparison('gt', '>'), comparison('ge', '>='),
  {
    kind: 'scalar', name: 'like', mayReturnNull: false,
    resolve: (args) => (args.length === 2 ? { args: [T.string, T.string], result: T.boolean } : null),
    code: (a) => `H.like(${a[1]}).test(${a[0]})`,
  },
  {
    kind: 'scalar', name: 'rlike',
    resolve: (args) => (args.length === 2 ? { args: [T.string, T.string], result: T.boolean } : null),
    code: (a) => `H.regex(${a[1]}).test(${a[0]})`,
  },
  {
    kind: 'scalar', name: 'concat',
    resolve: (args) => (args.length >= 1 ? { args: args.map(() => T.string), result: T.string } : null),
    code: (a) => `(${a.join(' + ')})`,
  },
  {
    kind: 'scalar', name: 'substr', mayReturnNull: false,
    resolve: (args) => (args.length === 2 || args.length === 3 ? { args: [T.string, T.int, T.int].slice(0, args.length), result: T.string } : null),
    code: (a) => `H.substr(${a[0]}, ${a[1]}, ${a[2] ?? 'Infinity'})`,
  },
  stringFn('upper', 1, (a) => `${a[0]}.toUpperCase()`),
  stringFn('lower', 1, (a) => `${a[0]}.toLowerCase()`),
  stringFn('trim', 1, (a) => `${a[0]}.replace(/^ +| +$/g, '')`),
  stringFn('ltrim', 1, (a) => `${a[0]}.replace(/^ +/, '')`),
  stringFn('rtrim', 1, (a) => `${a[0]}.replace(/ +$/, '')`),
  stringFn('reverse', 1, (a) => `[...${a[0]}].reverse().join('')`),
  stringFn('length', 1, (a) => `[...${a[0]}].length`, T.int),
  {
    kind: 'scalar', name: 'abs',
    resolve: ([a]) => (isNumeric(a) ? { args: [a], result: a } : isStringLike(a) || a.id === 'void' ? { args: [T.double], result: T.double } : null),
    code: (a) => `Math.abs(${a[0]})`,
  },
  {
    kind: 'scalar', name: 'round',
    usage: 'round(x[, d]) - x rounded half away from zero to d (0) decimal places',
    resolve: (args, constants) => {
      const [a] = args;
      if (!a || args.length > 2 || !(isNumeric(a) || isStringLike(a) || a.id === 'void')) return null;
      if (args.length === 2 && !isIntegral(args[1]) && args[1].id !== 'void') return null;
      if (a.id === 'decimal') {
        // Hive's GenericUDFRound: scale becomes d (>= 0), one more integer digit when rounding.
        const d = args.length === 2 ? (typeof constants[1] === 'number' ? constants[1] : a.scale) : 0;
        const scale = d < 0 ? 0 : Math.min(d, 38);
        const intParts = a.precision - a.scale + (d < a.scale ? 1 : 0);
        return { args: args.length === 2 ? [a, T.int] : [a], result: decimalType(Math.min(intParts + scale, 38), scale) };
      }
      if (isIntegral(a)) return { args: args.length === 2 ? [a, T.int] : [a], result: a };
      return { args: args.length === 2 ? [T.double, T.int] : [T.double], result: T.double };
    },
    code: (a, types, result) => {
      if (types[0].id === 'decimal') {
        const s = types[0].scale, ns = (result as { scale: number }).scale;
        const rounded = `H.roundScaled(${a[0]}, ${s}, ${a[1] ?? 0})`;
        // Dividing the rounded unscaled value can leave float error (2449e18 / 1e18 ≠ 2449):
        // the result's unscaled value must be an integer.
        return s >= ns ? `H.roundHalfUp(${rounded} / ${10 ** (s - ns)})` : `(${rounded} * ${10 ** (ns - s)})`;
      }
      if (isIntegral(types[0])) return a[1] === undefined ? a[0] : `(${a[1]} >= 0 ? ${a[0]} : H.roundDouble(${a[0]}, ${a[1]}))`;
      return `H.roundDouble(${a[0]}, ${a[1] ?? 0})`;
    },
  },
  floorCeil('floor', 'Math.floor'), floorCeil('ceil', 'Math.ceil'), floorCeil('ceiling', 'Math.ceil'),
  mathFn('sqrt', (a) => `(${a} < 0 ? null : Math.sqrt(${a}))`, true),
  mathFn('exp', (a) => `Math.exp(${a})`),
  mathFn('ln', (a) => `(${a} <= 0 ? null : Math.log(${a}))`, true),
  datePart('year', `H.year($0)`),
  datePart('month', `H.month($0)`),
  datePart('day', `H.dayOfMonth($0)`),
  datePart('dayofmonth', `H.dayOfMonth($0)`),
  {
    kind: 'scalar', name: 'date_add',
    resolve: (args) => (args.length === 2 && dateOf(args[0]) && (isIntegral(args[1]) || args[1].id === 'void') ? { args: [T.date, T.int], result: T.date } : null),
    code: (a) => `(${a[0]} + ${a[1]})`,
  },
  {
    kind: 'scalar', name: 'date_sub',
    resolve: (args) => (args.length === 2 && dateOf(args[0]) && (isIntegral(args[1]) || args[1].id === 'void') ? { args: [T.date, T.int], result: T.date } : null),
    code: (a) => `(${a[0]} - ${a[1]})`,
  },
  {
    kind: 'scalar', name: 'datediff',
    resolve: (args) => (args.length === 2 && dateOf(args[0]) && dateOf(args[1]) ? { args: [T.date, T.date], result: T.int } : null),
    code: (a) => `(${a[0]} - ${a[1]})`,
  },
  {
    kind: 'scalar', name: 'to_date',
    resolve: (args) => (args.length === 1 && dateOf(args[0]) ? { args: [T.date], result: T.date } : null),
    code: (a) => a[0],
  },
  {
    // Hive's assert_true: fails the query when its argument is false. It is how tests and
    // users stop a job part way (and how Sluice's tests inject a failure mid-INSERT).
    kind: 'scalar', name: 'assert_true', volatile: true,
    resolve: (args) => (args.length === 1 ? { args: [T.boolean], result: T.void } : null),
    code: (a) => `(${a[0]} ? null : H.assertFailed())`,
    mayReturnNull: true,
  },
  {
    // Internal: the row count of a scalar subquery, true when at most one (else it fails).
    kind: 'scalar', name: 'single_row_check', volatile: true,
    resolve: (args) => (args.length === 1 ? { args: [T.bigint], result: T.boolean } : null),
    code: (a) => `(${a[0]} <= 1 ? true : H.tooManyRows())`,
  },
];

const BY_NAME = new Map<string, ScalarFunction>(FUNCTIONS.map((f) => [f.name, f]));
const ALIASES: Record<string, string> = {
  substring: 'substr', ucase: 'upper', lcase: 'lower', char_length: 'length', character_length: 'length',
  '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'mod',
  '&': 'bitand', '|': 'bitor', '^': 'bitxor', '~': 'bitnot', '=': 'eq', '==': 'eq', '<>': 'ne', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge',
};

/** Every kernel by its internal name (operators included), for shipping plans. */
export function kernelFunctions(): Iterable<[string, ScalarFunction]> { return BY_NAME.entries(); }

export function lookupFunction(name: string): ScalarFunction | undefined {
  const n = name.toLowerCase();
  return BY_NAME.get(ALIASES[n] ?? n);
}

const USAGE: Record<string, string> = {
  mod: 'mod(a, b) - remainder of a / b (sign of a), NULL when b is 0', div: 'a div b - integer part of a / b, NULL when b is 0',
  concat: 'concat(str1, str2, …) - the strings joined, NULL if any is NULL',
  substr: 'substr(str, pos[, len]) - len characters of str from the 1-based pos (negative counts from the end)',
  upper: 'upper(str) - str in upper case', lower: 'lower(str) - str in lower case',
  trim: 'trim(str) - str without leading and trailing spaces', ltrim: 'ltrim(str) - str without leading spaces', rtrim: 'rtrim(str) - str without trailing spaces',
  reverse: 'reverse(str) - str reversed', length: 'length(str) - number of characters in str',
  abs: 'abs(x) - absolute value of x', sqrt: 'sqrt(x) - square root of x, NULL when x < 0', exp: 'exp(x) - e to the power x', ln: 'ln(x) - natural logarithm of x, NULL when x <= 0',
  year: 'year(date) - year of a date, timestamp or string', month: 'month(date) - month of a date (1–12)', day: 'day(date) - day of the month', dayofmonth: 'dayofmonth(date) - day of the month',
  date_add: 'date_add(date, n) - date plus n days', date_sub: 'date_sub(date, n) - date minus n days', datediff: 'datediff(end, start) - days from start to end',
  to_date: 'to_date(str | timestamp) - the date part', assert_true: 'assert_true(cond) - NULL, or fails the query when cond is false',
};

/** The engine's scalar functions by their SQL names (aliases included, operators excluded). */
export function coreScalarFunctions(): Map<string, ScalarFunction> {
  const out = new Map<string, ScalarFunction>();
  const named = (fn: ScalarFunction, name: string) => (fn.usage ? fn : { ...fn, usage: USAGE[name] ?? USAGE[fn.name] });
  for (const [name, fn] of BY_NAME) if (/^[a-z_]+$/.test(name) && !INTERNAL.has(name)) out.set(name, named(fn, name));
  for (const [alias, target] of Object.entries(ALIASES)) if (/^[a-z_]+$/.test(alias)) out.set(alias, named(BY_NAME.get(target)!, target));
  return out;
}

/** Operator kernels the binder calls by internal name (add, eq, …), not SQL functions. */
const INTERNAL = new Set(['single_row_check', 'bitand', 'bitor', 'bitxor', 'bitnot', 'add', 'subtract', 'multiply', 'divide', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'negative', 'like', 'rlike']);
