// A compact way to declare a function's signature ("string, int?, int? -> string") and
// Hive's implicit conversions of arguments to parameter types
// (FunctionRegistry.implicitConvertible, widened where Hive's GenericUDFs convert with
// their own converters: strings to numbers and dates, anything primitive to string).
import { DataType, T, isComplex, isIntegral, isNumeric, isStringLike, parseTypeString } from '../types/dataType.js';
import type { Constants, Resolved, ScalarFunction } from './functionDefinition.js';

const NUMERIC_RANK: Record<string, number> = { tinyint: 1, smallint: 2, int: 3, bigint: 4, decimal: 5, float: 6, double: 7 };

export function implicitlyConverts(from: DataType, to: DataType): boolean {
  if (from.id === 'void') return true;
  if (from.id === to.id && !isComplex(from)) return true;
  if (isComplex(from) || isComplex(to)) return from.id === to.id;
  if (isStringLike(to)) return from.id !== 'binary' || to.id === 'string';
  if (to.id === 'binary') return isStringLike(from);
  if (isStringLike(from)) return to.id !== 'boolean';
  if (isNumeric(from) && isNumeric(to)) {
    // Integral narrowing is allowed for integral parameters (Hive errors there; lenient).
    return NUMERIC_RANK[from.id] <= NUMERIC_RANK[to.id] || (isIntegral(from) && isIntegral(to));
  }
  if ((from.id === 'date' && to.id === 'timestamp') || (from.id === 'timestamp' && to.id === 'date')) return true;
  return false;
}

type Param = { type: DataType | 'any' | 'numeric' | 'array' | 'map' | 'integral'; optional: boolean; variadic: boolean };

function parseParams(text: string): Param[] {
  if (text.trim() === '') return [];
  return splitTopLevel(text).map((p) => {
    let s = p.trim();
    const variadic = s.endsWith('...');
    if (variadic) s = s.slice(0, -3);
    const optional = s.endsWith('?');
    if (optional) s = s.slice(0, -1);
    const type = s === 'any' || s === 'numeric' || s === 'array' || s === 'map' || s === 'integral' ? s : parseTypeString(s);
    return { type, optional, variadic };
  });
}

/** Splits on commas outside <> and (). */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) { out.push(text.slice(start, i)); start = i + 1; }
  }
  out.push(text.slice(start));
  return out;
}

/** Argument types for params ("string, int?", or already parsed), or null when args do not fit. */
export function matchParams(paramText: string | Param[], args: DataType[]): DataType[] | null {
  const params = typeof paramText === 'string' ? parseParams(paramText) : paramText;
  const out: DataType[] = [];
  for (let i = 0; i < args.length; i++) {
    const p = params[Math.min(i, params.length - 1)];
    if (!p || (i >= params.length && !p.variadic)) return null;
    const a = args[i];
    switch (p.type) {
      case 'any': out.push(a.id === 'void' ? T.string : a); break;
      case 'numeric':
        if (isNumeric(a)) out.push(a); else if (isStringLike(a) || a.id === 'void') out.push(T.double); else return null;
        break;
      case 'integral':
        if (isIntegral(a)) out.push(a); else if (a.id === 'void') out.push(T.int); else return null;
        break;
      case 'array': case 'map':
        if (a.id === p.type) out.push(a); else if (a.id === 'void') out.push(p.type === 'array' ? { id: 'array', element: T.string } : { id: 'map', key: T.string, value: T.string }); else return null;
        break;
      default:
        if (!implicitlyConverts(a, p.type)) return null;
        out.push(p.type);
    }
  }
  const required = params.filter((p) => !p.optional && !p.variadic).length;
  if (args.length < required) return null;
  return out;
}

export type ResultSpec = string | ((args: DataType[], constants: Constants) => DataType);

export interface ScalarOptions { nullSafe?: boolean; volatile?: boolean; usage?: string }

/**
 * A scalar function from a signature and a per-row implementation over physical values.
 * `signature` is "params -> result", several separated by " | " (first match wins).
 */
export function scalar(
  name: string,
  signature: string | string[],
  impl: (...args: any[]) => unknown,
  opts: ScalarOptions & { result?: ResultSpec } = {},
): ScalarFunction {
  return scalarWith(name, signature, () => impl, opts);
}

/** Like scalar(), for implementations that depend on the resolved types or constants. */
export function scalarWith(
  name: string,
  signature: string | string[],
  make: (types: DataType[], result: DataType, constants: Constants) => (...args: any[]) => unknown,
  opts: ScalarOptions & { result?: ResultSpec } = {},
): ScalarFunction {
  const sigs = (Array.isArray(signature) ? signature : signature.split(' | ')).map((s) => {
    const [params, result] = s.split('->').map((x) => x.trim());
    return { params: parseParams(params), result };
  });
  return {
    kind: 'scalar', name, usage: opts.usage, nullSafe: opts.nullSafe, volatile: opts.volatile,
    resolve(args, constants): Resolved | null {
      // The signature needing the fewest conversions across type families wins
      // (hex('abc') takes the string form, hex(17) the number form).
      let best: { s: typeof sigs[number]; matched: DataType[]; cost: number } | null = null;
      for (const s of sigs) {
        const matched = matchParams(s.params, args);
        if (!matched) continue;
        const cost = matched.reduce((c, t, i) => c + (family(t) === family(args[i]) || args[i].id === 'void' ? 0 : 1), 0);
        if (!best || cost < best.cost) best = { s, matched, cost };
      }
      if (!best) return null;
      const { s, matched } = best;
      const result = opts.result && (s.result === undefined || s.result === '') ? resolveResult(opts.result, matched, constants)
        : s.result === 'same' ? matched[0] : parseTypeString(s.result);
      return { args: matched, result };
    },
    make,
  };
}

function family(t: DataType): string {
  if (isNumeric(t)) return 'number';
  if (isStringLike(t)) return 'string';
  if (t.id === 'date' || t.id === 'timestamp') return 'datetime';
  return t.id;
}

function resolveResult(r: ResultSpec, args: DataType[], constants: Constants): DataType {
  return typeof r === 'string' ? parseTypeString(r) : r(args, constants);
}
