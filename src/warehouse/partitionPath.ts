// Hive's partition directory names: k1=v1/k2=v2 with FileUtils.escapePathName's escaping,
// and __HIVE_DEFAULT_PARTITION__ for NULL or empty values.

export const DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

const MUST_ESCAPE = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '\x7f', '{', '[', ']', '^']);

export function escapePathName(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || MUST_ESCAPE.has(ch)) out += '%' + code.toString(16).toUpperCase().padStart(2, '0');
    else out += ch;
  }
  return out;
}

export function unescapePathName(s: string): string {
  return s.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

export function partitionValueText(v: string | null | undefined): string {
  return v === null || v === undefined || v === '' ? DEFAULT_PARTITION : v;
}

/** "k1=v1/k2=v2", the partition's name in the metastore and its directory under the table. */
export function partitionName(keys: string[], values: string[]): string {
  return keys.map((k, i) => `${escapePathName(k)}=${escapePathName(values[i])}`).join('/');
}

/** Parses a relative directory path "k1=v1/k2=v2" against the expected keys; null if it is not one. */
export function parsePartitionName(keys: string[], rel: string): string[] | null {
  const parts = rel.split('/');
  if (parts.length !== keys.length) return null;
  const values: string[] = [];
  for (let i = 0; i < keys.length; i++) {
    const eq = parts[i].indexOf('=');
    if (eq < 0 || unescapePathName(parts[i].slice(0, eq)).toLowerCase() !== keys[i]) return null;
    values.push(unescapePathName(parts[i].slice(eq + 1)));
  }
  return values;
}
