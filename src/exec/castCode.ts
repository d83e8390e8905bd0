// The JavaScript for CAST(x AS t) between physical representations, with Hive's rules:
// a string that does not parse is NULL, a number out of the target's range is NULL,
// doubles truncate towards zero when cast to integers, decimals round half up.
import { DataType, isComplex, isIntegral, isStringLike, typeToString } from '../types/dataType.js';
import { HELPERS } from './exprHelpers.js';
import { POW10 } from '../types/values.js';
import type { ConstantPool } from './exprCompiler.js';
import { unsupported } from '../errors.js';

const INT_BOUNDS: Record<string, [number, number]> = {
  tinyint: [-128, 127], smallint: [-32768, 32767], int: [-2147483648, 2147483647],
  bigint: [-9223372036854775808, 9223372036854775807],
};

export function castCode(v: string, from: DataType, to: DataType, pool: ConstantPool): string {
  if (typeToString(from) === typeToString(to)) return v;
  if (from.id === 'void') return 'null';
  if (isComplex(from) || isComplex(to)) return `${pool.constant(complexConverter(from, to))}(${v})`;
  const type = pool.constant(to);
  if (isStringLike(to)) {
    if (isStringLike(from)) {
      if (to.id === 'varchar') return `(${v}.length > ${to.length} ? ${v}.slice(0, ${to.length}) : ${v})`;
      if (to.id === 'char') return `H.parseValue(${v}, ${type})`;
      return v;
    }
    return `H.formatValue(${v}, ${pool.constant(from)})`;
  }
  if (isStringLike(from)) return `H.parseValue(${v}, ${type})`;
  const fromScale = from.id === 'decimal' ? from.scale : 0;
  // Numeric source as a plain JS number (unscaled).
  const num = from.id === 'decimal' ? `(${v} / ${POW10[fromScale]})` : from.id === 'boolean' ? `(${v} ? 1 : 0)` : v;
  switch (to.id) {
    case 'boolean':
      if (from.id === 'date' || from.id === 'timestamp') return 'null';
      return `(${v} !== 0)`;
    case 'tinyint': case 'smallint': case 'int': case 'bigint': {
      const hi = INT_BOUNDS[to.id][1];
      if (from.id === 'date') return 'null';
      if (from.id === 'timestamp') return `Math.floor(${v} / 1000)`;
      const t = isIntegral(from) ? v : `Math.trunc(${num})`;
      if (to.id === 'bigint' || (isIntegral(from) && (INT_BOUNDS[from.id][1] <= hi))) return t;
      // Hive wraps integer overflow as Java's narrowing does.
      return to.id === 'int' ? `(${t} | 0)` : to.id === 'smallint' ? `((${t} << 16) >> 16)` : `((${t} << 24) >> 24)`;
    }
    case 'float': return from.id === 'timestamp' ? `Math.fround(${v} / 1000)` : `Math.fround(${num})`;
    case 'double': return from.id === 'timestamp' ? `(${v} / 1000)` : num;
    case 'decimal': {
      const limit = POW10[to.precision];
      let scaled: string;
      if (from.id === 'decimal') {
        const diff = to.scale - from.scale;
        scaled = diff >= 0 ? `(${v} * ${POW10[diff]})` : `H.roundHalfUp(${v} / ${POW10[-diff]})`;
      } else if (isIntegral(from) || from.id === 'boolean') {
        scaled = `(${num} * ${POW10[to.scale]})`;
      } else if (from.id === 'float' || from.id === 'double') {
        scaled = `H.roundHalfUp(Number((${v} * ${POW10[to.scale]}).toPrecision(15)))`;
      } else return 'null';
      return `H.fitDecimal(${scaled}, ${limit})`;
    }
    case 'date':
      if (from.id === 'timestamp') return `Math.floor(${v} / 86400000)`;
      return 'null';
    case 'timestamp':
      if (from.id === 'date') return `(${v} * 86400000)`;
      if (isIntegral(from)) return `(${v} * 1000)`;
      if (from.id === 'double' || from.id === 'float' || from.id === 'decimal') return `(${num} * 1000)`;
      return 'null';
    default:
      throw unsupported(`CAST from ${typeToString(from)} to ${typeToString(to)}`);
  }
}

/** Converts complex values element by element (array<decimal(2,1)> to array<double>, …),
 *  each element with the primitive CAST rules above. */
export function complexConverter(from: DataType, to: DataType): (v: unknown) => unknown {
  if (typeToString(from) === typeToString(to)) return (v) => v;
  if (from.id === 'void') return () => null;
  if (from.id === 'array' && to.id === 'array') {
    const e = complexConverter(from.element, to.element);
    return (v) => (v as unknown[]).map((x) => (x === null ? null : e(x)));
  }
  if (from.id === 'map' && to.id === 'map') {
    const k = complexConverter(from.key, to.key), x = complexConverter(from.value, to.value);
    return (v) => new Map([...(v as Map<unknown, unknown>)].map(([a, b]) => [k(a), b === null ? null : x(b)]));
  }
  if (from.id === 'struct' && to.id === 'struct' && from.fields.length === to.fields.length) {
    const fs = from.fields.map((f, i) => complexConverter(f.type, to.fields[i].type));
    return (v) => (v as unknown[]).map((x, i) => (x === null ? null : fs[i](x)));
  }
  if (isComplex(from) || isComplex(to)) throw unsupported(`CAST from ${typeToString(from)} to ${typeToString(to)}`);
  const consts: unknown[] = [];
  const code = castCode('v', from, to, { constant(value) { consts.push(value); return `K[${consts.length - 1}]`; } });
  const f = new Function('v', 'K', 'H', `const r = ${code}; return r === undefined ? null : r;`) as (v: unknown, K: unknown[], H: unknown) => unknown;
  // Booleans inside complex values are true/false; the primitive code expects the same.
  return (v) => f(v, consts, HELPERS);
}
