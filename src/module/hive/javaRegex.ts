// Java regular expressions as Hive passes them to java.util.regex, run on JavaScript's
// engine: the syntax is close enough for the common cases; possessive quantifiers and
// \A \Z are translated. Compiled patterns are cached: patterns are nearly always constant.
const cache = new Map<string, RegExp>();

export function javaRegex(pattern: string, flags = ''): RegExp {
  const key = flags + '\u0000' + pattern;
  let r = cache.get(key);
  if (!r) {
    const js = pattern.replace(/\\A/g, '^').replace(/\\[Zz]/g, '$').replace(/([*+?}])\+/g, '$1');
    try { r = new RegExp(js, flags + 'u'); } catch { r = new RegExp(js, flags); }
    if (cache.size > 1000) cache.clear();
    cache.set(key, r);
  }
  r.lastIndex = 0;
  return r;
}

/** Java's String.split(regex, limit): with limit 0 trailing empty strings are removed,
 *  as Hive's split() does. */
export function javaSplit(s: string, regex: string, limit = 0): string[] {
  if (s === '') return [''];
  const re = javaRegex(regex, 'g');
  const out: string[] = [];
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m[0] === '') { if (m.index >= s.length) break; re.lastIndex++; if (m.index === 0) continue; }
    if (limit > 0 && out.length === limit - 1) break;
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  // Java drops every trailing empty string ("   ".split(" ") is empty); only "" itself,
  // which nothing matched, stays [""].
  if (limit === 0) while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}
