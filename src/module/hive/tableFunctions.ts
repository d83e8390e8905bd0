// Hive's table-generating functions (UDTFs) for LATERAL VIEW and SELECT: explode,
// posexplode, inline, stack, json_tuple, parse_url_tuple. Each returns the rows one
// input row produces; output column names are Hive's defaults.
import { DataType, T, commonType } from '../../types/dataType.js';
import type { TableFunction } from '../functionDefinition.js';
import { getJsonObject, parseUrlText, urlPart } from './stringFunctions.js';
import { ANY_ARRAY, voidAs } from './collectionFunctions.js';

const explode: TableFunction = {
  kind: 'table', name: 'explode',
  usage: 'explode(array | map) - a row per element (col), or per entry (key, value)',
  resolve([a, ...rest]) {
    a = voidAs(a, ANY_ARRAY);
    if (!a || rest.length) return null;
    if (a.id === 'array') return { args: [a], columns: [{ name: 'col', type: a.element }] };
    if (a.id === 'map') return { args: [a], columns: [{ name: 'key', type: a.key }, { name: 'value', type: a.value }] };
    return null;
  },
  make: (types) => (types[0].id === 'array'
    ? ([a]) => (a === null ? [] : (a as unknown[]).map((x) => [x]))
    : ([m]) => (m === null ? [] : [...(m as Map<unknown, unknown>)].map(([k, v]) => [k, v]))),
};

const posexplode: TableFunction = {
  kind: 'table', name: 'posexplode',
  usage: 'posexplode(array) - a row per element with its 0-based position (pos, val)',
  resolve: ([a, ...rest]) => (a = voidAs(a, ANY_ARRAY), a?.id === 'array' && !rest.length ? { args: [a], columns: [{ name: 'pos', type: T.int }, { name: 'val', type: a.element }] } : null),
  make: () => ([a]) => (a === null ? [] : (a as unknown[]).map((x, i) => [i, x])),
};

const inline: TableFunction = {
  kind: 'table', name: 'inline',
  usage: 'inline(array<struct>) - a row per struct, a column per field',
  resolve: ([a, ...rest]) => (a = voidAs(a, { id: 'array', element: { id: 'struct', fields: [{ name: 'col1', type: T.string }] } }), a?.id === 'array' && a.element.id === 'struct' && !rest.length ? { args: [a], columns: a.element.fields.map((f) => ({ name: f.name, type: f.type })) } : null),
  make: (types) => {
    const width = ((types[0] as { element: { fields: unknown[] } }).element.fields).length;
    return ([a]) => (a === null ? [] : (a as (unknown[] | null)[]).map((s) => s ?? new Array(width).fill(null)));
  },
};

const stack: TableFunction = {
  kind: 'table', name: 'stack',
  usage: 'stack(n, v1, v2, …) - the values as n rows (col0, col1, …)',
  resolve(args, constants) {
    const n = constants[0];
    if (args.length < 2 || typeof n !== 'number' || n < 1) return null;
    const values = args.length - 1;
    const width = Math.ceil(values / n);
    const types: DataType[] = [];
    for (let c = 0; c < width; c++) {
      let t: DataType = T.void;
      for (let i = 1 + c; i < args.length; i += width) { const x = commonType(t, args[i]); if (!x) return null; t = x; }
      types.push(t.id === 'void' ? T.string : t);
    }
    return { args: [T.int, ...args.slice(1).map((_, i) => types[i % width])], columns: types.map((type, i) => ({ name: `col${i}`, type })) };
  },
  make: (types, constants) => {
    const n = constants[0] as number;
    const width = Math.ceil((types.length - 1) / n);
    return ([, ...vals]) => Array.from({ length: n }, (_, r) => Array.from({ length: width }, (_, c) => vals[r * width + c] ?? null));
  },
};

const jsonTuple: TableFunction = {
  kind: 'table', name: 'json_tuple',
  usage: 'json_tuple(json, k1, k2, …) - the values of the top-level keys as one row (c0, c1, …)',
  resolve: (args) => (args.length >= 2 ? { args: args.map(() => T.string), columns: args.slice(1).map((_, i) => ({ name: `c${i}`, type: T.string })) } : null),
  make: () => ([json, ...keys]) => {
    if (json === null) return [keys.map(() => null)];
    return [keys.map((k) => (k === null ? null : getJsonObject(json as string, `$['${k}']`)))];
  },
};

const parseUrlTuple: TableFunction = {
  kind: 'table', name: 'parse_url_tuple',
  usage: "parse_url_tuple(url, p1, p2, …) - the URL parts (HOST, PATH, QUERY, QUERY:key, REF, PROTOCOL, AUTHORITY, FILE, USERINFO) as one row",
  resolve: (args) => (args.length >= 2 ? { args: args.map(() => T.string), columns: args.slice(1).map((_, i) => ({ name: `c${i}`, type: T.string })) } : null),
  make: () => ([url, ...parts]) => {
    const u = url === null ? null : parseUrlText(url as string);
    return [parts.map((p) => {
      if (u === null || p === null) return null;
      const part = p as string;
      return part.startsWith('QUERY:') ? urlPart(u, 'QUERY', part.slice(6)) : urlPart(u, part);
    })];
  },
};

export const HIVE_TABLE_FUNCTIONS: TableFunction[] = [explode, posexplode, inline, stack, jsonTuple, parseUrlTuple];
