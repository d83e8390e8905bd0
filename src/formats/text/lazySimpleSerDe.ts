// Hive's text format (LazySimpleSerDe): one row a line, fields split by a delimiter
// (default \u0001), NULL written as the table's null format (default \N), an optional
// escape character. Reading follows Hive: a field that does not parse as its column's
// type is NULL, extra fields are ignored, missing fields are NULL.
import { closeSync, openSync, readSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { DataType, isComplex } from '../../types/dataType.js';
import { formatValue, parseDecimal, parseValue } from '../../types/values.js';
import { defaultSeparators, formatNestedText, parseNestedText } from '../../types/complexValues.js';
import { BATCH_SIZE, Batch, Vector, allocFor } from '../../exec/vector.js';

export interface TextFormat {
  fieldDelim: string;
  /** Separators by nesting level for complex columns (level 0 is fieldDelim). */
  separators: string[];
  nullFormat: string;
  escapeChar?: string;
}

export const SERDE_LAZY_SIMPLE = 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe';
export const TEXT_INPUT_FORMAT = 'org.apache.hadoop.mapred.TextInputFormat';
export const TEXT_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat';

/** The text format a table's SerDe parameters describe, with Hive's defaults. */
export function textFormatOf(params: Record<string, string>): TextFormat {
  const delim = params['field.delim'] ?? params['serialization.format'] ?? '\u0001';
  const fieldDelim = decodeDelimiter(delim);
  const collection = params['colelction.delim'] ?? params['collection.delim']; // sic: Hive's key
  const mapKey = params['mapkey.delim'];
  return {
    fieldDelim,
    separators: defaultSeparators(fieldDelim, collection === undefined ? undefined : decodeDelimiter(collection), mapKey === undefined ? undefined : decodeDelimiter(mapKey)),
    nullFormat: params['serialization.null.format'] ?? '\\N',
    escapeChar: params['escape.delim'] !== undefined ? decodeDelimiter(params['escape.delim']) : undefined,
  };
}

/** Like Hive's LazySerDeParameters.getByte: a value that parses as a byte number is that
 *  byte ('1' is \u0001, '124' is '|'); otherwise its first character. */
function decodeDelimiter(d: string): string {
  if (/^-?\d+$/.test(d) && Number(d) >= -128 && Number(d) <= 127) return String.fromCharCode(Number(d) & 0xff);
  if (d === '\\t') return '\t';
  return d.length > 0 ? d[0] : '\u0001';
}

const CHUNK = 8 << 20;

/** Reads a text file batch by batch, parsing only the projected columns. */
export class TextFileReader {
  private fd = -1;
  private buffered: Buffer | null = null; // whole decompressed file for .gz
  private offset = 0;
  private carry = '';
  private eof = false;
  private lines: string[] = [];
  private lineIdx = 0;
  private readonly parsers: ((field: string) => unknown)[];

  /**
   * @param columnTypes types of all the file's columns, in order
   * @param projection which of them to produce, in output order
   */
  constructor(
    readonly path: string,
    private readonly columnTypes: DataType[],
    private readonly projection: number[],
    private readonly format: TextFormat,
    /** Bytes [start, end) of an uncompressed file (Hadoop's rule: a split skips the line
     *  it starts inside, and reads the line it ends inside to its end). */
    private readonly range?: { start: number; end: number },
  ) {
    this.parsers = projection.map((c) => fieldParser(columnTypes[c], format));
  }

  private skipping = false;

  private open(): void {
    if (this.fd >= 0 || this.buffered) return;
    if (this.path.endsWith('.gz')) this.buffered = gunzipSync(readFileSync(this.path));
    else {
      this.fd = openSync(this.path, 'r');
      if (this.range && this.range.start > 0) { this.offset = this.range.start - 1; this.skipping = true; }
    }
  }

  private fillLines(): boolean {
    while (this.lineIdx >= this.lines.length) {
      if (this.eof) return false;
      this.open();
      let chunk: string;
      if (this.buffered) {
        chunk = this.buffered.toString('utf8', this.offset, Math.min(this.buffered.length, this.offset + CHUNK));
        // Do not split a multi-byte character: back up to the last newline byte.
        const end = Math.min(this.buffered.length, this.offset + CHUNK);
        if (end < this.buffered.length) {
          const nl = this.buffered.lastIndexOf(10, end - 1);
          const stop = nl >= this.offset ? nl + 1 : end;
          chunk = this.buffered.toString('utf8', this.offset, stop);
          this.offset = stop;
        } else { this.offset = end; this.eof = true; }
      } else {
        const all = Buffer.allocUnsafe(CHUNK);
        const n = readSync(this.fd, all, 0, CHUNK, this.offset);
        const buf = all.subarray(0, n);
        if (n === 0) { this.eof = true; chunk = ''; }
        else {
          let from = 0;
          if (this.skipping) {
            const i = buf.indexOf(10);
            if (i < 0) { this.offset += n; if (n < CHUNK) this.eof = true; continue; }
            from = i + 1;
            this.skipping = false;
          }
          let stop = -1;
          if (this.range) {
            // The last line is the one holding byte end-1: stop at the newline ending it.
            const limit = Math.max(from, this.range.end - 1 - this.offset);
            const i = limit < n ? buf.indexOf(10, limit) : -1;
            if (i >= 0) { stop = i + 1; this.eof = true; }
          }
          if (stop < 0) {
            const nl = buf.lastIndexOf(10, n - 1);
            stop = n < CHUNK ? n : nl >= from ? nl + 1 : n;
            if (n < CHUNK) this.eof = true;
          }
          chunk = buf.toString('utf8', from, stop);
          this.offset += stop;
        }
      }
      const text = this.carry + chunk;
      const parts = text.split('\n');
      this.carry = this.eof ? '' : parts.pop()!;
      if (this.eof && parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
      this.lines = parts;
      this.lineIdx = 0;
    }
    return true;
  }

  next(): Batch | null {
    if (!this.fillLines()) { this.close(); return null; }
    const start = this.lineIdx;
    const end = Math.min(this.lines.length, start + BATCH_SIZE);
    const n = end - start;
    const cols = this.projection.map((c) => ({ values: allocFor(this.columnTypes[c], n), nulls: null as Uint8Array | null }));
    const { fieldDelim, nullFormat, escapeChar } = this.format;
    const maxField = this.projection.length ? Math.max(...this.projection) : -1;
    const projection = this.projection;
    const parsers = this.parsers;
    for (let r = 0; r < n; r++) {
      let line = this.lines[start + r];
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      const fields = escapeChar ? splitEscaped(line, fieldDelim, escapeChar, maxField + 1) : line.split(fieldDelim, maxField + 1);
      for (let k = 0; k < projection.length; k++) {
        const f = fields[projection[k]];
        const v = f === undefined || f === nullFormat ? null : parsers[k](f);
        const col = cols[k];
        if (v === null) {
          col.nulls ??= new Uint8Array(n);
          col.nulls[r] = 1;
        } else (col.values as unknown[])[r] = v;
      }
    }
    this.lineIdx = end;
    const columns: Vector[] = cols.map((c, k) => ({ type: this.columnTypes[projection[k]], values: c.values, nulls: c.nulls }));
    return { columns, length: n };
  }

  close(): void {
    if (this.fd >= 0) { closeSync(this.fd); this.fd = -1; }
    this.buffered = null;
    this.lines = [];
  }
}

/** A parser from field text to physical value, specialised per type for the scan loop. */
function fieldParser(t: DataType, format: TextFormat): (f: string) => unknown {
  switch (t.id) {
    case 'array': case 'map': case 'struct':
      return (f) => parseNestedText(f, t, 1, format.separators, format.nullFormat);
    case 'int': case 'bigint': case 'smallint': case 'tinyint':
      return (f) => {
        // Fast path for plain digits; anything else goes through the full rules.
        const n = f.length;
        if (n === 0 || n > 15) return parseValue(f, t);
        let i = f.charCodeAt(0) === 45 ? 1 : 0;
        if (i === n) return null;
        for (; i < n; i++) { const c = f.charCodeAt(i); if (c < 48 || c > 57) return parseValue(f, t); }
        return t.id === 'bigint' ? +f : parseValue(f, t);
      };
    case 'decimal': {
      const { precision, scale } = t;
      return (f) => parseDecimal(f, precision, scale);
    }
    case 'boolean': return (f) => { const v = parseValue(f, t); return v === null ? null : v ? 1 : 0; };
    case 'string': return (f) => f;
    default: return (f) => parseValue(f, t);
  }
}

function splitEscaped(line: string, delim: string, esc: string, limit: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === esc && i + 1 < line.length) {
      const d = line[++i];
      cur += d === 'n' ? '\n' : d === 'r' ? '\r' : d;
    } else if (c === delim) {
      out.push(cur);
      cur = '';
      if (out.length === limit) return out;
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Formats rows of a batch as text lines (LazySimpleSerDe.serialize). */
export function formatTextLines(batch: Batch, format: TextFormat): string {
  const { fieldDelim, nullFormat, escapeChar } = format;
  const cols = batch.columns;
  const escape = escapeChar
    ? (s: string) => s.replace(new RegExp(`[${escapeRe(escapeChar)}${escapeRe(fieldDelim)}\\n\\r]`, 'g'), (m) => escapeChar + (m === '\n' ? 'n' : m === '\r' ? 'r' : m))
    : null;
  const texts: string[][] = cols.map((c) => {
    const out = new Array<string>(batch.length);
    const complex = isComplex(c.type);
    const isStr = Array.isArray(c.values) && !complex;
    for (let i = 0; i < batch.length; i++) {
      if (c.nulls && c.nulls[i] === 1) { out[i] = nullFormat; continue; }
      const v = c.values[i];
      let s = isStr ? (v as string)
        : complex ? formatNestedText(v, c.type, 1, format.separators, nullFormat)
        : formatValue(c.type.id === 'boolean' ? v === 1 : v, c.type);
      if (escape && isStr) s = escape(s);
      out[i] = s;
    }
    return out;
  });
  let text = '';
  for (let i = 0; i < batch.length; i++) {
    let line = '';
    for (let c = 0; c < texts.length; c++) line += (c ? fieldDelim : '') + texts[c][i];
    text += line + '\n';
  }
  return text;
}

const escapeRe = (s: string) => s.replace(/[\\^\]\-[]/g, '\\$&');
