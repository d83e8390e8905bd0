// Text forms of complex values (array, map, struct): the JSON-like form the Hive CLI prints
// (SerDeUtils.getJSONString) and the nested-separator form LazySimpleSerDe reads and writes.
import { DataType } from './dataType.js';
import { formatValue, parseValue } from './values.js';

/** As the Hive CLI prints a value nested in a complex one: strings, dates and timestamps
 *  quoted, NULL as null, map keys quoted only when they are strings. */
export function formatNestedJson(v: unknown, t: DataType): string {
  if (v === null || v === undefined) return 'null';
  switch (t.id) {
    case 'array': return '[' + (v as unknown[]).map((x) => formatNestedJson(x, t.element)).join(',') + ']';
    case 'map': {
      const parts: string[] = [];
      for (const [k, x] of v as Map<unknown, unknown>) parts.push(formatNestedJson(k, t.key) + ':' + formatNestedJson(x, t.value));
      return '{' + parts.join(',') + '}';
    }
    case 'struct':
      return '{' + t.fields.map((f, i) => JSON.stringify(f.name) + ':' + formatNestedJson((v as unknown[])[i], f.type)).join(',') + '}';
    case 'string': case 'varchar': case 'char': case 'date': case 'timestamp': case 'binary':
      return JSON.stringify(formatValue(v, t));
    default: return formatValue(v, t);
  }
}

/** A hashable key for a value of any type: primitives as they are, complex values as JSON
 *  text (maps as their entries), so equal values get equal keys. */
export function valueKey(v: unknown): string | number | boolean | null {
  return v !== null && typeof v === 'object' ? JSON.stringify(v, (_k, x) => (x instanceof Map ? [...x] : x)) : (v as string | number | boolean | null);
}

/** Hive's default separators by nesting level: level 0 separates fields, 1 collection
 *  items, 2 map keys from values, then \u0004..\u0008 (LazySerDeParameters). */
export function defaultSeparators(fieldDelim: string, collectionDelim?: string, mapKeyDelim?: string): string[] {
  const seps = [fieldDelim, collectionDelim ?? '\u0002', mapKeyDelim ?? '\u0003'];
  for (let c = 4; c <= 8; c++) seps.push(String.fromCharCode(c));
  for (let c = 11; c <= 26; c++) seps.push(String.fromCharCode(c));
  return seps;
}

function sep(seps: string[], level: number, t: DataType): string {
  const s = seps[level];
  if (s === undefined) throw new Error(`type ${t.id} is nested deeper than LazySimpleSerDe's ${seps.length} separator levels`);
  return s;
}

/** Serializes a complex value whose items are separated by seps[level] (top-level columns
 *  are level 1). Nested NULLs are written as the null format. */
export function formatNestedText(v: unknown, t: DataType, level: number, seps: string[], nullFormat: string): string {
  if (v === null || v === undefined) return nullFormat;
  switch (t.id) {
    case 'array': return (v as unknown[]).map((x) => formatNestedText(x, t.element, level + 1, seps, nullFormat)).join(sep(seps, level, t));
    case 'map': {
      const kv = sep(seps, level + 1, t);
      const parts: string[] = [];
      for (const [k, x] of v as Map<unknown, unknown>) parts.push(formatNestedText(k, t.key, level + 2, seps, nullFormat) + kv + formatNestedText(x, t.value, level + 2, seps, nullFormat));
      return parts.join(sep(seps, level, t));
    }
    case 'struct': return t.fields.map((f, i) => formatNestedText((v as unknown[])[i], f.type, level + 1, seps, nullFormat)).join(sep(seps, level, t));
    default: return formatValue(v, t);
  }
}

/** Parses the nested-separator form; like Hive, an item that does not parse is NULL,
 *  missing struct fields are NULL and an empty field is an empty array or map. */
export function parseNestedText(s: string, t: DataType, level: number, seps: string[], nullFormat: string): unknown {
  if (s === nullFormat) return null;
  switch (t.id) {
    case 'array':
      return s === '' ? [] : s.split(sep(seps, level, t)).map((x) => parseNestedText(x, t.element, level + 1, seps, nullFormat));
    case 'map': {
      const m = new Map<unknown, unknown>();
      if (s === '') return m;
      const kv = sep(seps, level + 1, t);
      for (const entry of s.split(sep(seps, level, t))) {
        const at = entry.indexOf(kv);
        const k = parseNestedText(at < 0 ? entry : entry.slice(0, at), t.key, level + 2, seps, nullFormat);
        if (k === null) continue; // Hive drops entries whose key is NULL
        if (!m.has(k)) m.set(k, at < 0 ? null : parseNestedText(entry.slice(at + kv.length), t.value, level + 2, seps, nullFormat));
      }
      return m;
    }
    case 'struct': {
      const parts = s.split(sep(seps, level, t));
      return t.fields.map((f, i) => (parts[i] === undefined ? null : parseNestedText(parts[i], f.type, level + 1, seps, nullFormat)));
    }
    default: return parseValue(s, t);
  }
}
