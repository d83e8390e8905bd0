// Java's SimpleDateFormat patterns, which Hive's from_unixtime, date_format,
// unix_timestamp and to_date take. Times are UTC (Sluice's timestamps carry no zone, as
// Hive 3's). Hand-written: JavaScript has no formatter for Java patterns.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A pattern letter run (with the RegExp that reads its digits when it is fixed-width), or literal text. */
type Token = { letter: string; count: number; fixedDigits?: RegExp } | { text: string };

const tokenCache = new Map<string, Token[]>();

function tokenize(pattern: string): Token[] {
  let t = tokenCache.get(pattern);
  if (t) return t;
  t = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) { t.push({ text: "'" }); i += 2; continue; }
      const stop = end < 0 ? pattern.length : end;
      t.push({ text: pattern.slice(i + 1, stop) });
      i = stop + 1;
    } else if (/[A-Za-z]/.test(c)) {
      if (!/[GyYMLwWDdFEuaHkKhmsSzZX]/.test(c)) throw new Error(`Illegal pattern character '${c}'`);
      let j = i;
      while (j < pattern.length && pattern[j] === c) j++;
      t.push({ letter: c, count: j - i });
      i = j;
    } else {
      t.push({ text: c });
      i++;
    }
  }
  // A numeric field directly followed by another field takes exactly its width (yyyyMMdd).
  for (let k = 0; k + 1 < t.length; k++) {
    const tk = t[k], next = t[k + 1];
    if (!('text' in tk) && !('text' in next)) tk.fixedDigits = new RegExp(`^[+-]?\\d{1,${tk.count}}`);
  }
  tokenCache.set(pattern, t);
  return t;
}

const pad = (n: number, w: number) => (n < 0 ? '-' + String(-n).padStart(w, '0') : String(n).padStart(w, '0'));

/** ISO-8601 week of year (Monday first, 4 days in the first week), as Hive's weekofyear. */
export function isoWeek(d: Date): number {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  return Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** Formats epoch milliseconds with a SimpleDateFormat pattern. */
export function formatJavaDate(ms: number, pattern: string): string {
  const d = new Date(ms);
  let out = '';
  for (const tk of tokenize(pattern)) {
    if ('text' in tk) { out += tk.text; continue; }
    const n = tk.count;
    switch (tk.letter) {
      case 'G': out += d.getUTCFullYear() > 0 ? 'AD' : 'BC'; break;
      case 'y': case 'Y': { const y = d.getUTCFullYear(); out += n === 2 ? pad(y % 100, 2) : pad(y, n); break; }
      case 'M': case 'L': {
        const m = d.getUTCMonth();
        out += n >= 4 ? MONTHS[m] : n === 3 ? MONTHS[m].slice(0, 3) : pad(m + 1, n);
        break;
      }
      case 'd': out += pad(d.getUTCDate(), n); break;
      case 'D': out += pad(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, n); break;
      case 'E': out += n >= 4 ? DAYS[d.getUTCDay()] : DAYS[d.getUTCDay()].slice(0, 3); break;
      case 'u': out += pad(d.getUTCDay() || 7, n); break;
      case 'F': out += pad(Math.floor((d.getUTCDate() - 1) / 7) + 1, n); break;
      case 'w': out += pad(isoWeek(d), n); break;
      case 'W': out += pad(Math.ceil((d.getUTCDate() + new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).getUTCDay()) / 7), n); break;
      case 'a': out += d.getUTCHours() < 12 ? 'AM' : 'PM'; break;
      case 'H': out += pad(d.getUTCHours(), n); break;
      case 'k': out += pad(d.getUTCHours() || 24, n); break;
      case 'K': out += pad(d.getUTCHours() % 12, n); break;
      case 'h': out += pad(d.getUTCHours() % 12 || 12, n); break;
      case 'm': out += pad(d.getUTCMinutes(), n); break;
      case 's': out += pad(d.getUTCSeconds(), n); break;
      case 'S': out += pad(d.getUTCMilliseconds(), n); break;
      case 'z': out += n >= 4 ? 'Coordinated Universal Time' : 'UTC'; break;
      case 'Z': out += '+0000'; break;
      case 'X': out += 'Z'; break;
    }
  }
  return out;
}

/** Parses text with a SimpleDateFormat pattern (leniently, as Java's default) to epoch
 *  milliseconds; null when it does not match. Text after the pattern is ignored, as
 *  DateFormat.parse(String) does. */
export function parseJavaDate(text: string, pattern: string): number | null {
  let i = 0;
  let y = 1970, mo = 0, d = 1, h = 0, mi = 0, s = 0, ms = 0, pm = -1;
  const tokens = tokenize(pattern);
  for (const tk of tokens) {
    if ('text' in tk) {
      if (text.startsWith(tk.text, i)) { i += tk.text.length; continue; }
      if (tk.text.trim() === '' ) { while (text[i] === ' ') i++; continue; }
      return null;
    }
    const num = (): number | null => {
      const m = (tk.fixedDigits ?? /^[+-]?\d+/).exec(text.slice(i));
      if (!m) return null;
      i += m[0].length;
      return Number(m[0]);
    };
    let v: number | null = null;
    switch (tk.letter) {
      case 'y': case 'Y': v = num(); if (v !== null) y = tk.count === 2 && v < 100 ? 2000 + v - (v > 50 ? 100 : 0) : v; break;
      case 'M': case 'L':
        if (tk.count >= 3) {
          const idx = MONTHS.findIndex((m) => text.slice(i).toLowerCase().startsWith(m.toLowerCase()) || text.slice(i, i + 3).toLowerCase() === m.slice(0, 3).toLowerCase());
          if (idx < 0) return null;
          i += text.slice(i).toLowerCase().startsWith(MONTHS[idx].toLowerCase()) ? MONTHS[idx].length : 3;
          mo = idx; v = 0;
        } else { v = num(); if (v !== null) mo = v - 1; }
        break;
      case 'd': v = num(); if (v !== null) d = v; break;
      case 'H': case 'k': v = num(); if (v !== null) h = v === 24 && tk.letter === 'k' ? 0 : v; break;
      case 'h': case 'K': v = num(); if (v !== null) h = v % 12; break;
      case 'm': v = num(); if (v !== null) mi = v; break;
      case 's': v = num(); if (v !== null) s = v; break;
      case 'S': v = num(); if (v !== null) ms = v; break;
      case 'a': {
        const t = text.slice(i, i + 2).toUpperCase();
        if (t !== 'AM' && t !== 'PM') return null;
        pm = t === 'PM' ? 1 : 0; i += 2; v = 0;
        break;
      }
      case 'E': {
        const idx = DAYS.findIndex((x) => text.slice(i, i + 3).toLowerCase() === x.slice(0, 3).toLowerCase());
        if (idx < 0) return null;
        i += text.slice(i).toLowerCase().startsWith(DAYS[idx].toLowerCase()) ? DAYS[idx].length : 3;
        v = 0;
        break;
      }
      case 'z': case 'Z': case 'X': {
        const m = /^(UTC|GMT|Z|[+-]\d{2}:?\d{2})/.exec(text.slice(i));
        if (!m) return null;
        i += m[0].length; v = 0;
        break;
      }
      default: v = num();
    }
    if (v === null) return null;
  }
  if (pm === 1) h += 12;
  const t = Date.UTC(y, mo, d, h, mi, s, ms);
  return Number.isNaN(t) ? null : t;
}
