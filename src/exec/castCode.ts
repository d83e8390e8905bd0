// The JavaScript for CAST(x AS t) between physical representations, with Hive's rules:
// a string that does not parse is NULL, a number out of the target's range is NULL,
// doubles truncate towards zero when cast to integers, decimals round half up.
import { DataType, isIntegral, isStringLike, typeToString } from '../types/dataType.js';
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
