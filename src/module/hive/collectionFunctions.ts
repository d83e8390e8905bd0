// Hive's functions that build and read complex values: array, map, struct, named_struct,
// size, array_contains, map_keys, map_values, sort_array, and index (a[i], m[k]).
import { DataType, T, commonType, isComplex, typeToString } from '../../types/dataType.js';
import type { FunctionDefinition, ScalarFunction } from '../functionDefinition.js';

export const ANY_ARRAY: DataType = { id: 'array', element: T.string };
export const ANY_MAP: DataType = { id: 'map', key: T.string, value: T.string };
/** NULL literals (type void) stand for a complex value of the function's choosing. */
export const voidAs = (t: DataType, as: DataType): DataType => (t?.id === 'void' ? as : t);

/** The common type of all args (string when all are NULL); null when they have none. */
function common(args: DataType[]): DataType | null {
  let t: DataType = T.void;
  for (const a of args) {
    if (isComplex(a) || isComplex(t)) { if (t.id === 'void') { t = a; continue; } if (a.id === 'void') continue; if (typeToString(a) !== typeToString(t)) return null; continue; }
    const c = commonType(t, a);
    if (!c) return null;
    t = c;
  }
  return t.id === 'void' ? T.string : t;
}

/** Orders values of one primitive type; NULLs first, as Hive's sort_array. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return (a as number) < (b as number) ? -1 : 1;
}

const array: ScalarFunction = {
  kind: 'scalar', name: 'array', nullSafe: true, usage: 'array(v1, v2, …) - an array of the values',
  resolve(args) {
    const t = common(args);
    return t ? { args: args.map(() => t), result: { id: 'array', element: t } } : null;
  },
  make: () => (...xs: unknown[]) => xs,
};

const map: ScalarFunction = {
  kind: 'scalar', name: 'map', nullSafe: true, usage: 'map(k1, v1, k2, v2, …) - a map of the key-value pairs',
  resolve(args) {
    if (args.length % 2 !== 0) return null;
    const k = common(args.filter((_, i) => i % 2 === 0)), v = common(args.filter((_, i) => i % 2 === 1));
    if (!k || !v || isComplex(k)) return null;
    return { args: args.map((_, i) => (i % 2 === 0 ? k : v)), result: { id: 'map', key: k, value: v } };
  },
  make: () => (...xs: unknown[]) => {
    const m = new Map<unknown, unknown>();
    for (let i = 0; i < xs.length; i += 2) if (xs[i] !== null) m.set(xs[i], xs[i + 1]);
    return m;
  },
};

const struct: ScalarFunction = {
  kind: 'scalar', name: 'struct', nullSafe: true, usage: 'struct(v1, v2, …) - a struct with fields col1, col2, …',
  resolve: (args) => {
    const types = args.map((a) => (a.id === 'void' ? T.string : a));
    return { args: types, result: { id: 'struct', fields: types.map((type, i) => ({ name: `col${i + 1}`, type })) } };
  },
  make: () => (...xs: unknown[]) => xs,
};

const namedStruct: ScalarFunction = {
  kind: 'scalar', name: 'named_struct', nullSafe: true, usage: "named_struct('name1', v1, 'name2', v2, …) - a struct with the named fields",
  resolve(args, constants) {
    if (args.length === 0 || args.length % 2 !== 0) return null;
    const fields: { name: string; type: DataType }[] = [];
    for (let i = 0; i < args.length; i += 2) {
      if (typeof constants[i] !== 'string') return null;
      fields.push({ name: (constants[i] as string).toLowerCase(), type: args[i + 1].id === 'void' ? T.string : args[i + 1] });
    }
    return { args: args.map((a, i) => (i % 2 === 0 ? T.string : fields[(i - 1) / 2].type)), result: { id: 'struct', fields } };
  },
  make: () => (...xs: unknown[]) => xs.filter((_, i) => i % 2 === 1),
};

const size: ScalarFunction = {
  kind: 'scalar', name: 'size', nullSafe: true, usage: 'size(array | map) - number of elements, -1 for NULL',
  resolve: ([a, ...rest]) => (a && !rest.length && (a.id === 'array' || a.id === 'map' || a.id === 'void') ? { args: [a.id === 'void' ? { id: 'array', element: T.string } : a], result: T.int } : null),
  make: () => (x: unknown[] | Map<unknown, unknown> | null) => (x === null ? -1 : x instanceof Map ? x.size : x.length),
};

const arrayContains: ScalarFunction = {
  kind: 'scalar', name: 'array_contains', usage: 'array_contains(array, value) - true when the array holds value',
  resolve([a, v, ...rest]) {
    if (a?.id === 'void' && v && !rest.length) return { args: [{ id: 'array', element: v.id === 'void' ? T.string : v }, v.id === 'void' ? T.string : v], result: T.boolean };
    if (!a || !v || rest.length || a.id !== 'array' || !common([a.element, v])) return null;
    return { args: [a, a.element], result: T.boolean };
  },
  make: () => (arr: unknown[], v: unknown) => arr.includes(v),
};

const mapKeys: ScalarFunction = {
  kind: 'scalar', name: 'map_keys', usage: 'map_keys(map) - the keys of the map, as an array',
  resolve: ([m, ...rest]) => { m = voidAs(m, ANY_MAP); return m?.id === 'map' && !rest.length ? { args: [m], result: { id: 'array', element: m.key } } : null; },
  make: () => (m: Map<unknown, unknown>) => [...m.keys()],
};
const mapValues: ScalarFunction = {
  kind: 'scalar', name: 'map_values', usage: 'map_values(map) - the values of the map, as an array',
  resolve: ([m, ...rest]) => { m = voidAs(m, ANY_MAP); return m?.id === 'map' && !rest.length ? { args: [m], result: { id: 'array', element: m.value } } : null; },
  make: () => (m: Map<unknown, unknown>) => [...m.values()],
};

const sortArray: ScalarFunction = {
  kind: 'scalar', name: 'sort_array', usage: 'sort_array(array[, ascending]) - the array sorted (NULLs first ascending)',
  resolve: ([a, asc, ...rest]) => (a = voidAs(a, ANY_ARRAY), a?.id === 'array' && !isComplex(a.element) && !rest.length && (!asc || asc.id === 'boolean') ? { args: asc ? [a, T.boolean] : [a], result: a } : null),
  make: () => (arr: unknown[], asc = true) => [...arr].sort((x, y) => (asc ? compareValues(x, y) : compareValues(y, x))),
};

/** a[i] (0-based; NULL out of range) and m[k]. */
export const index: ScalarFunction = {
  kind: 'scalar', name: 'index', usage: 'index(a, n) / a[n] - element n (0-based) of an array, or the value of key n of a map',
  resolve([c, k, ...rest]) {
    c = voidAs(c, ANY_ARRAY);
    if (!c || !k || rest.length) return null;
    if (c.id === 'array') return (k.id === 'int' || k.id === 'smallint' || k.id === 'tinyint' || k.id === 'bigint' || k.id === 'void') ? { args: [c, T.int], result: c.element } : null;
    if (c.id === 'map') { const t = commonType(c.key, k); return t ? { args: [c, c.key], result: c.value } : null; }
    return null;
  },
  make: (types) => (types[0].id === 'array'
    ? (a: unknown[], i: number) => (i >= 0 && i < a.length ? a[i] : null)
    : (m: Map<unknown, unknown>, k: unknown) => m.get(k) ?? null),
};

export const HIVE_COLLECTION_FUNCTIONS: FunctionDefinition[] = [array, map, struct, namedStruct, size, arrayContains, mapKeys, mapValues, sortArray, index];
