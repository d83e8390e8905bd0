// Hive's string functions (GenericUDF* / UDF* in org.apache.hadoop.hive.ql.udf), with
// Hive's results for edge cases: positions are 1-based, a NULL argument gives NULL unless
// the function says otherwise, binary values are held as latin1 strings.
import { createHash } from 'node:crypto';
import { DataType, T, commonType } from '../../types/dataType.js';
import type { FunctionDefinition, ScalarFunction } from '../functionDefinition.js';
import { scalar, scalarWith } from '../signatures.js';
import { formatValue } from '../../types/values.js';
import { javaRegex, javaSplit } from './javaRegex.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const bin = (b: Buffer) => b.toString('latin1');
const bytes = (s: string) => Buffer.from(s, 'latin1');

function pad(left: boolean) {
  return (s: string, len: number, p: string): string | null => {
    if (len < 0) return null;
    const chars = [...s];
    if (len <= chars.length) return chars.slice(0, len).join('');
    if (p === '') return null;
    const need = len - chars.length;
    const pc = [...p];
    let fill = '';
    for (let i = 0; i < need; i++) fill += pc[i % pc.length];
    return left ? fill + s : s + fill;
  };
}

function soundex(s: string): string {
  const codes: Record<string, string> = { B: '1', F: '1', P: '1', V: '1', C: '2', G: '2', J: '2', K: '2', Q: '2', S: '2', X: '2', Z: '2', D: '3', T: '3', L: '4', M: '5', N: '5', R: '6' };
  const up = s.toUpperCase().replace(/[^A-Z]/g, '');
  if (!up) return '';
  let out = up[0];
  let last = codes[up[0]] ?? '';
  for (let i = 1; i < up.length && out.length < 4; i++) {
    const c = up[i];
    const code = codes[c] ?? '';
    if (code && code !== last) out += code;
    if (c !== 'H' && c !== 'W') last = code;
  }
  return out.padEnd(4, '0');
}

function levenshtein(a: string, b: string): number {
  const x = [...a], y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/** java.text.DecimalFormat("#,###,###.00…") with HALF_EVEN, as format_number. */
export function formatNumber(x: number, d: number): string | null {
  if (d < 0) return null;
  if (!Number.isFinite(x)) return x > 0 ? '∞' : x < 0 ? '-∞' : '\uFFFD';
  const f = 10 ** d;
  const scaled = x * f;
  let r = Math.round(scaled);
  const frac = Math.abs(scaled - Math.trunc(scaled));
  if (Math.abs(frac - 0.5) < 1e-9 && Math.abs(r) % 2 === 1) r -= Math.sign(scaled); // half-even
  const neg = r < 0;
  const digits = String(Math.abs(r)).padStart(d + 1, '0');
  const intPart = digits.slice(0, digits.length - d).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const s = d > 0 ? `${intPart}.${digits.slice(digits.length - d)}` : intPart;
  return neg && /[1-9]/.test(s) ? '-' + s : s;
}

/** A part of a URL as java.net.URL gives it to parse_url and parse_url_tuple; the QUERY
 *  value of a key is read from the raw query text, undecoded, as Hive's regex does. */
export function urlPart(u: URL, part: string, key?: string): string | null {
  const query = u.search ? u.search.slice(1) : null;
  switch (part) {
    case 'HOST': return u.hostname || null;
    case 'PATH': return u.pathname;
    case 'QUERY': {
      if (query === null) return null;
      if (key === undefined) return query;
      const m = new RegExp(`(&|^)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}=([^&]*)`).exec(query);
      return m ? m[2] : null;
    }
    case 'REF': return u.hash ? u.hash.slice(1) : null;
    case 'PROTOCOL': return u.protocol.replace(/:$/, '');
    case 'FILE': return u.pathname + (u.search ?? '');
    case 'AUTHORITY': return u.host ? (u.username ? `${u.username}${u.password ? ':' + u.password : ''}@` : '') + u.host : null;
    case 'USERINFO': return u.username ? u.username + (u.password ? ':' + u.password : '') : null;
    default: return null;
  }
}

/** The URL text parsed, or null when it is not a URL. */
export function parseUrlText(url: string): URL | null {
  try { return new URL(url); } catch { return null; }
}

function parseUrl(url: string, part: string, key?: string): string | null {
  const u = parseUrlText(url);
  return u === null ? null : urlPart(u, part, key);
}

/** JSONPath as get_json_object reads it: $, .key, ['key'], [n], [*]. */
export function getJsonObject(json: string, path: string): string | null {
  if (!path.startsWith('$')) return null;
  let v: unknown;
  try { v = JSON.parse(json); } catch { return null; }
  const steps = path.slice(1).match(/\.[^.[]+|\[\d+\]|\[\*\]|\['[^']*'\]/g) ?? [];
  if (steps.join('') !== path.slice(1)) return null;
  let cur: unknown[] = [v];
  let multi = false;
  for (const st of steps) {
    const next: unknown[] = [];
    for (const c of cur) {
      if (c === null || typeof c !== 'object') continue;
      if (st === '[*]') { if (Array.isArray(c)) { next.push(...c); multi = true; } continue; }
      if (st.startsWith('[') && !st.startsWith("['")) { if (Array.isArray(c)) { const x = c[Number(st.slice(1, -1))]; if (x !== undefined) next.push(x); } continue; }
      const key = st.startsWith('.') ? st.slice(1) : st.slice(2, -2);
      if (Array.isArray(c)) { for (const e of c) if (e && typeof e === 'object' && key in e) next.push((e as Record<string, unknown>)[key]); multi = true; }
      else if (key in (c as object)) next.push((c as Record<string, unknown>)[key]);
    }
    cur = next;
  }
  if (cur.length === 0) return null;
  const out = multi ? (cur.length === 1 ? cur[0] : cur) : cur[0];
  if (out === null || out === undefined) return null;
  return typeof out === 'string' ? out : JSON.stringify(out);
}

/** Java's String.format for printf: %[flags][width][.precision](s|d|f|e|x|X|o|c|b|%|n). */
export function javaFormat(fmt: string, args: unknown[], types: DataType[]): string {
  let k = 0;
  return fmt.replace(/%([-#+ 0,(]*)(\d+)?(?:\.(\d+))?([sSdfeExXocbBn%])/g, (_m, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    if (conv === 'n') return '\n';
    const t = types[k + 1];
    const v = args[k++];
    let s: string;
    if (v === null || v === undefined) s = 'null';
    else switch (conv) {
      case 'd': { const n = Math.trunc(Number(v)); s = flags.includes(',') ? n.toLocaleString('en-US') : String(Math.abs(n)); if (!flags.includes(',') && n < 0) s = '-' + s; else if (flags.includes('+') && n >= 0) s = '+' + s; break; }
      case 'f': { const n = t?.id === 'decimal' ? Number(v) / 10 ** t.scale : Number(v); s = n.toFixed(prec === undefined ? 6 : Number(prec)); if (flags.includes('+') && n >= 0) s = '+' + s; if (flags.includes(',')) s = s.replace(/\B(?=(\d{3})+(?!\d))/g, ','); break; }
      case 'e': case 'E': { s = Number(v).toExponential(prec === undefined ? 6 : Number(prec)).replace(/e([+-])(\d)$/, 'e$10$2'); if (conv === 'E') s = s.toUpperCase(); break; }
      case 'x': case 'X': { const n = BigInt.asUintN(t?.id === 'bigint' ? 64 : 32, BigInt(Math.trunc(Number(v)))); s = n.toString(16); if (conv === 'X') s = s.toUpperCase(); break; }
      case 'o': s = BigInt.asUintN(t?.id === 'bigint' ? 64 : 32, BigInt(Math.trunc(Number(v)))).toString(8); break;
      case 'c': s = typeof v === 'number' ? String.fromCodePoint(v) : String(v)[0]; break;
      case 'b': case 'B': s = String(v !== false); break;
      default: s = t ? formatValue(v, t) : String(v); if (prec !== undefined) s = s.slice(0, Number(prec));
    }
    if (conv === 'S' || conv === 'B') s = s.toUpperCase();
    const w = width === undefined ? 0 : Number(width);
    if (s.length < w) s = flags.includes('-') ? s.padEnd(w) : flags.includes('0') && /[dfeExXo]/.test(conv) ? (s[0] === '-' ? '-' + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0')) : s.padStart(w);
    return s;
  });
}

function mask(s: string, upper = 'X', lower = 'x', digit = 'n', from = 0, to = Infinity): string {
  const cs = [...s];
  for (let i = Math.max(0, from); i < Math.min(cs.length, to); i++) {
    const c = cs[i];
    if (c >= 'A' && c <= 'Z') cs[i] = upper; else if (c >= 'a' && c <= 'z') cs[i] = lower; else if (c >= '0' && c <= '9') cs[i] = digit;
  }
  return cs.join('');
}
const maskChar = (x: unknown, dflt: string) => (typeof x === 'string' && x.length > 0 ? x[0] : dflt);

const ENCODINGS: Record<string, BufferEncoding> = {
  'UTF-8': 'utf8', 'US-ASCII': 'ascii', 'ISO-8859-1': 'latin1', 'UTF-16LE': 'utf16le',
};
function charset(name: string): BufferEncoding | 'utf16be' | 'utf16' {
  const n = name.toUpperCase();
  if (n === 'UTF-16BE') return 'utf16be';
  if (n === 'UTF-16') return 'utf16';
  const e = ENCODINGS[n];
  if (!e) throw new Error(`unsupported charset '${name}' (UTF-8, US-ASCII, ISO-8859-1, UTF-16, UTF-16BE, UTF-16LE)`);
  return e;
}
function encode(s: string, cs: string): string {
  const e = charset(cs);
  if (e === 'utf16be' || e === 'utf16') { const b = Buffer.from(s, 'utf16le').swap16(); return bin(e === 'utf16' ? Buffer.concat([Buffer.from([0xfe, 0xff]), b]) : b); }
  return bin(Buffer.from(s, e));
}
function decode(b: string, cs: string): string {
  const e = charset(cs);
  if (e === 'utf16be' || e === 'utf16') {
    let buf = Buffer.from(bytes(b));
    if (e === 'utf16' && buf[0] === 0xfe && buf[1] === 0xff) buf = buf.subarray(2);
    return Buffer.from(buf).swap16().toString('utf16le');
  }
  return bytes(b).toString(e);
}

const concatWs: ScalarFunction = {
  kind: 'scalar', name: 'concat_ws', nullSafe: true,
  usage: 'concat_ws(separator, [string | array(string)]+) - the strings joined by separator, NULLs skipped',
  resolve(args) {
    if (args.length < 2) return null;
    const out: DataType[] = [];
    for (const a of args) {
      if (a.id === 'array') { if (a.element.id !== 'string' && a.element.id !== 'varchar' && a.element.id !== 'char' && a.element.id !== 'void') return null; out.push(a); }
      else if (a.id === 'string' || a.id === 'varchar' || a.id === 'char' || a.id === 'void') out.push(T.string);
      else return null;
    }
    return { args: out, result: T.string };
  },
  make: () => (sep: string | null, ...parts: unknown[]) => {
    if (sep === null) return null;
    const items: string[] = [];
    for (const p of parts) {
      if (p === null) continue;
      if (Array.isArray(p)) { for (const x of p) if (x !== null) items.push(x as string); } else items.push(p as string);
    }
    return items.join(sep);
  },
};

const field: ScalarFunction = {
  kind: 'scalar', name: 'field', nullSafe: true,
  usage: 'field(val, val1, val2, …) - 1-based index of val among the others, 0 when absent or NULL',
  resolve(args) {
    if (args.length < 2) return null;
    let t: DataType = T.void;
    for (const a of args) { const c = commonType(t, a); if (!c) return null; t = c; }
    if (t.id === 'void') t = T.string;
    return { args: args.map(() => t), result: T.int };
  },
  make: () => (v: unknown, ...list: unknown[]) => (v === null ? 0 : list.indexOf(v) + 1),
};

const elt: ScalarFunction = {
  kind: 'scalar', name: 'elt', nullSafe: true,
  usage: 'elt(n, str1, str2, …) - the n-th string, NULL when n is out of range',
  resolve: (args) => (args.length >= 2 ? { args: [T.int, ...args.slice(1).map(() => T.string)], result: T.string } : null),
  make: () => (n: number | null, ...list: unknown[]) => (n === null || n < 1 || n > list.length ? null : list[n - 1]),
};

const printf: ScalarFunction = {
  kind: 'scalar', name: 'printf', nullSafe: true,
  usage: 'printf(format, obj, …) - Java String.format of the arguments',
  resolve: (args) => (args.length >= 1 ? { args: [T.string, ...args.slice(1).map((a) => (a.id === 'void' ? T.string : a))], result: T.string } : null),
  make: (types) => (fmt: string | null, ...rest: unknown[]) => (fmt === null ? null : javaFormat(fmt, rest, types)),
};

export const HIVE_STRING_FUNCTIONS: FunctionDefinition[] = [
  scalar('ascii', 'string -> int', (s: string) => (s.length ? s.charCodeAt(0) << 24 >> 24 : 0), { usage: 'ascii(str) - numeric value of the first character of str' }),
  scalar('base64', 'binary -> string', (b: string) => bytes(b).toString('base64'), { usage: 'base64(bin) - bin as base 64 text' }),
  scalar('unbase64', 'string -> binary', (s: string) => bin(Buffer.from(s, 'base64')), { usage: 'unbase64(str) - base 64 text decoded to binary' }),
  scalar('chr', 'bigint -> string | double -> string', (n: number) => { const v = Math.trunc(n); return v < 0 ? '' : String.fromCharCode(v % 256); }, { usage: 'chr(n) - the character with ASCII code n mod 256' }),
  concatWs, field, elt, printf,
  scalar('decode', 'binary, string -> string', decode, { usage: "decode(bin, charset) - bin decoded with charset ('UTF-8', 'US-ASCII', 'ISO-8859-1', 'UTF-16BE', 'UTF-16LE', 'UTF-16')" }),
  scalar('encode', 'string, string -> binary', encode, { usage: 'encode(str, charset) - str encoded with charset' }),
  scalar('find_in_set', 'string, string -> int', (s: string, list: string) => (s.includes(',') ? 0 : list.split(',').indexOf(s) + 1), { usage: 'find_in_set(str, strList) - 1-based position of str in the comma-separated strList, 0 if absent' }),
  scalarWith('format_number', 'numeric, int -> string | numeric, string -> string', (types) => (x: number, d: number | string) => {
    const v = types[0].id === 'decimal' ? x / 10 ** types[0].scale : x;
    if (typeof d === 'string') { const m = /\.(0*)/.exec(d); return formatNumber(v, m ? m[1].length : 0); }
    return formatNumber(v, d);
  }, { usage: "format_number(x, d) - x formatted like '#,###,###.##' rounded to d decimal places" }),
  scalar('get_json_object', 'string, string -> string', getJsonObject, { usage: 'get_json_object(json, path) - the object at the JSONPath path of json, NULL if invalid' }),
  scalar('initcap', 'string -> string', (s: string) => s.replace(/\S+/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()), { usage: 'initcap(str) - first letter of each word upper case, the rest lower case' }),
  scalar('instr', 'string, string -> int', (s: string, sub: string) => s.indexOf(sub) + 1, { usage: 'instr(str, substr) - 1-based position of the first occurrence of substr in str, 0 if absent' }),
  scalar('levenshtein', 'string, string -> int', levenshtein, { usage: 'levenshtein(str1, str2) - edit distance between the strings' }),
  scalar('locate', 'string, string, int? -> int', (sub: string, s: string, pos = 1) => (pos < 1 ? 0 : s.indexOf(sub, pos - 1) + 1), { usage: 'locate(substr, str[, pos]) - 1-based position of substr in str at or after pos' }),
  scalar('lpad', 'string, int, string -> string', pad(true), { usage: 'lpad(str, len, pad) - str left-padded with pad to len characters (truncated when longer)' }),
  scalar('rpad', 'string, int, string -> string', pad(false), { usage: 'rpad(str, len, pad) - str right-padded with pad to len characters (truncated when longer)' }),
  scalar('octet_length', 'string -> int', (s: string) => utf8(s).length, { usage: 'octet_length(str) - bytes in the UTF-8 form of str' }),
  scalar('parse_url', 'string, string, string? -> string', parseUrl, { usage: 'parse_url(url, partToExtract[, key]) - HOST, PATH, QUERY, REF, PROTOCOL, AUTHORITY, FILE or USERINFO of url' }),
  scalar('regexp_extract', 'string, string, int? -> string', (s: string, re: string, idx = 1) => {
    const m = javaRegex(re).exec(s);
    if (!m) return '';
    if (idx < 0 || idx >= m.length) throw new Error(`regexp_extract: group ${idx} does not exist in '${re}'`);
    return m[idx] ?? '';
  }, { usage: 'regexp_extract(str, regexp[, idx]) - group idx (default 1) of the first match of regexp in str' }),
  scalar('regexp_replace', 'string, string, string -> string', (s: string, re: string, rep: string) => s.replace(javaRegex(re, 'g'), rep), { usage: 'regexp_replace(str, regexp, rep) - str with every match of regexp replaced by rep' }),
  scalar('repeat', 'string, int -> string', (s: string, n: number) => (n <= 0 ? '' : s.repeat(n)), { usage: 'repeat(str, n) - str repeated n times' }),
  scalar('replace', 'string, string, string -> string', (s: string, a: string, b: string) => (a === '' ? s : s.split(a).join(b)), { usage: 'replace(str, search, replacement) - str with every occurrence of search replaced' }),
  scalar('sentences', 'string, string?, string? -> array<array<string>>', (s: string, lang?: string) => {
    const locale = lang ?? 'en';
    const sentences = [...new Intl.Segmenter(locale, { granularity: 'sentence' }).segment(s)];
    const words = new Intl.Segmenter(locale, { granularity: 'word' });
    return sentences.map((x) => [...words.segment(x.segment)].filter((w) => w.isWordLike).map((w) => w.segment)).filter((ws) => ws.length > 0);
  }, { usage: 'sentences(str[, lang, country]) - str split into sentences, each an array of words' }),
  scalar('soundex', 'string -> string', soundex, { usage: 'soundex(str) - the Soundex code of str' }),
  scalar('space', 'int -> string', (n: number) => (n <= 0 ? '' : ' '.repeat(n)), { usage: 'space(n) - a string of n spaces' }),
  scalar('split', 'string, string -> array<string>', (s: string, re: string) => javaSplit(s, re), { usage: 'split(str, regex) - str split around matches of regex' }),
  scalar('str_to_map', 'string, string?, string? -> map<string,string>', (s: string, d1 = ',', d2 = ':') => {
    const m = new Map<string, string | null>();
    for (const kv of javaSplit(s, d1)) {
      const parts = javaSplit(kv, d2, 2);
      m.set(parts[0], parts.length > 1 ? parts[1] : null);
    }
    return m;
  }, { usage: "str_to_map(text[, delimiter1, delimiter2]) - map from text split into pairs by delimiter1 (',') and key from value by delimiter2 (':')" }),
  scalar('substring_index', 'string, string, int -> string', (s: string, delim: string, count: number) => {
    if (count === 0 || delim === '') return '';
    const parts = s.split(delim);
    return count > 0 ? parts.slice(0, count).join(delim) : parts.slice(Math.max(0, parts.length + count)).join(delim);
  }, { usage: 'substring_index(str, delim, count) - str before the count-th delim (from the right when count < 0)' }),
  scalar('translate', 'string, string, string -> string', (s: string, from: string, to: string) => {
    const f = [...from], t = [...to];
    const map = new Map<string, string | null>();
    f.forEach((c, i) => { if (!map.has(c)) map.set(c, i < t.length ? t[i] : null); });
    return [...s].map((c) => (map.has(c) ? map.get(c) ?? '' : c)).join('');
  }, { usage: 'translate(input, from, to) - input with each character of from replaced by the one at the same position in to (deleted when to is shorter)' }),
  scalar('mask', 'string, string?, string?, string? -> string', (s: string, u?: string, l?: string, d?: string) => mask(s, maskChar(u, 'X'), maskChar(l, 'x'), maskChar(d, 'n')), { usage: "mask(str[, upper, lower, digit]) - str with upper case letters as 'X', lower case as 'x', digits as 'n'" }),
  scalar('mask_first_n', 'string, int? -> string', (s: string, n = 4) => mask(s, 'X', 'x', 'n', 0, n), { usage: 'mask_first_n(str[, n]) - str with its first n (4) characters masked' }),
  scalar('mask_last_n', 'string, int? -> string', (s: string, n = 4) => mask(s, 'X', 'x', 'n', [...s].length - n), { usage: 'mask_last_n(str[, n]) - str with its last n (4) characters masked' }),
  scalar('mask_show_first_n', 'string, int? -> string', (s: string, n = 4) => mask(s, 'X', 'x', 'n', n), { usage: 'mask_show_first_n(str[, n]) - str masked except its first n (4) characters' }),
  scalar('mask_show_last_n', 'string, int? -> string', (s: string, n = 4) => mask(s, 'X', 'x', 'n', 0, [...s].length - n), { usage: 'mask_show_last_n(str[, n]) - str masked except its last n (4) characters' }),
  scalar('mask_hash', 'string -> string', (s: string) => createHash('sha256').update(s, 'utf8').digest('hex'), { usage: 'mask_hash(str) - SHA-256 hex of str' }),
  scalar('quote', 'string -> string', (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`, { usage: 'quote(str) - str in single quotes with quotes and backslashes escaped' }),
  scalar('regexp', 'string, string -> boolean', (s: string, re: string) => javaRegex(re).test(s), { usage: 'regexp(str, regexp) - true when regexp matches part of str (same as RLIKE)' }),
];
