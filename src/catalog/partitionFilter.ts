// The metastore's partition filter language (get_partitions_by_filter): comparisons of a
// partition key with a literal ("ds >= '2000-01-01'", "hr = 5"), LIKE, IN, BETWEEN,
// AND/OR/NOT and parentheses. Strings are quoted; unquoted integers compare numerically
// against values that parse as numbers, as the metastore does for integral keys.
// Hand-written: the language is tiny and no npm package implements it.

export type PartitionFilter =
  | { k: 'cmp'; key: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: string | number }
  /** The metastore's LIKE is a (Java) regular expression over the whole value. */
  | { k: 'like'; key: string; pattern: RegExp }
  | { k: 'in'; key: string; values: (string | number)[]; negated: boolean }
  | { k: 'and' | 'or'; left: PartitionFilter; right: PartitionFilter }
  | { k: 'not'; e: PartitionFilter };

export class PartitionFilterError extends Error {}

type Tok = { t: 'id' | 'str' | 'num' | 'op' | 'lp' | 'rp' | 'comma' | 'eof'; v: string; at: number };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    const at = i + 1;
    if (c === '(') { out.push({ t: 'lp', v: c, at }); i++; continue; }
    if (c === ')') { out.push({ t: 'rp', v: c, at }); i++; continue; }
    if (c === ',') { out.push({ t: 'comma', v: c, at }); i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1, v = '';
      while (j < s.length && s[j] !== c) { if (s[j] === '\\' && j + 1 < s.length) j++; v += s[j++]; }
      if (j >= s.length) throw new PartitionFilterError(`unterminated string at column ${at} of filter: ${s}`);
      out.push({ t: 'str', v, at }); i = j + 1; continue;
    }
    const op = /^(<>|!=|<=|>=|==|=|<|>)/.exec(s.slice(i));
    if (op) { out.push({ t: 'op', v: op[1] === '<>' ? '!=' : op[1] === '==' ? '=' : op[1], at }); i += op[1].length; continue; }
    const num = /^-?\d+(\.\d+)?/.exec(s.slice(i));
    if (num) { out.push({ t: 'num', v: num[0], at }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(s.slice(i));
    if (id) { out.push({ t: 'id', v: id[0], at }); i += id[0].length; continue; }
    throw new PartitionFilterError(`unexpected character '${c}' at column ${at} of filter: ${s}`);
  }
  out.push({ t: 'eof', v: '', at: s.length + 1 });
  return out;
}

export function parsePartitionFilter(text: string): PartitionFilter {
  const toks = tokenize(text);
  let p = 0;
  const peek = () => toks[p];
  const kw = (w: string) => peek().t === 'id' && peek().v.toLowerCase() === w;
  const fail = (what: string): never => { throw new PartitionFilterError(`expected ${what} at column ${peek().at} of filter: ${text}`); };
  const literal = (): string | number => {
    const t = toks[p++];
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    p--; return fail('a quoted string or a number');
  };
  const primary = (): PartitionFilter => {
    if (peek().t === 'lp') { p++; const e = or(); if (peek().t !== 'rp') fail("')'"); p++; return e; }
    if (kw('not')) { p++; return { k: 'not', e: primary() }; }
    let key: string, swapped = false, value: string | number | undefined;
    if (peek().t === 'id') key = toks[p++].v.toLowerCase();
    else { value = literal(); swapped = true; if (peek().t !== 'op') fail('a comparison'); key = ''; }
    if (!swapped) {
      const negated = kw('not') ? (p++, true) : false;
      if (kw('in')) {
        p++;
        if (peek().t !== 'lp') fail("'('");
        p++;
        const values = [literal()];
        while (peek().t === 'comma') { p++; values.push(literal()); }
        if (peek().t !== 'rp') fail("')'");
        p++;
        return { k: 'in', key, values, negated };
      }
      if (kw('between')) {
        p++;
        const lo = literal();
        if (!kw('and')) fail("'and'");
        p++;
        const hi = literal();
        const e: PartitionFilter = { k: 'and', left: { k: 'cmp', key, op: '>=', value: lo }, right: { k: 'cmp', key, op: '<=', value: hi } };
        return negated ? { k: 'not', e } : e;
      }
      if (kw('like')) {
        p++;
        const lit = String(literal());
        let pattern: RegExp;
        try { pattern = new RegExp(`^(?:${lit})$`); } catch { throw new PartitionFilterError(`invalid LIKE pattern '${lit}' in filter: ${text}`); }
        const e: PartitionFilter = { k: 'like', key, pattern };
        return negated ? { k: 'not', e } : e;
      }
      if (negated) fail("'in', 'between' or 'like'");
    }
    if (peek().t !== 'op') fail('a comparison operator');
    let op = toks[p++].v as '=' | '!=' | '<' | '<=' | '>' | '>=';
    if (swapped) {
      if (peek().t !== 'id') fail('a partition key');
      key = toks[p++].v.toLowerCase();
      op = ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, typeof op>)[op] ?? op;
      return { k: 'cmp', key, op, value: value! };
    }
    return { k: 'cmp', key, op, value: literal() };
  };
  const and = (): PartitionFilter => {
    let e = primary();
    while (kw('and')) { p++; e = { k: 'and', left: e, right: primary() }; }
    return e;
  };
  const or = (): PartitionFilter => {
    let e = and();
    while (kw('or')) { p++; e = { k: 'or', left: e, right: and() }; }
    return e;
  };
  const e = or();
  if (peek().t !== 'eof') fail('end of filter');
  return e;
}

/** Partition keys the filter names that the table does not have. */
export function unknownKeys(f: PartitionFilter, keys: string[]): string[] {
  switch (f.k) {
    case 'cmp': case 'in': case 'like': return keys.includes(f.key) ? [] : [f.key];
    case 'not': return unknownKeys(f.e, keys);
    default: return [...unknownKeys(f.left, keys), ...unknownKeys(f.right, keys)];
  }
}

function compare(v: string, lit: string | number): number | null {
  if (typeof lit === 'number') {
    if (!/^\s*[-+]?\d+(\.\d+)?\s*$/.test(v)) return null;
    return Number(v) - lit;
  }
  return v < lit ? -1 : v > lit ? 1 : 0;
}

/** Whether a partition with these values (in key order) satisfies the filter. */
export function matchesFilter(f: PartitionFilter, keys: string[], values: string[]): boolean {
  switch (f.k) {
    case 'and': return matchesFilter(f.left, keys, values) && matchesFilter(f.right, keys, values);
    case 'or': return matchesFilter(f.left, keys, values) || matchesFilter(f.right, keys, values);
    case 'not': return !matchesFilter(f.e, keys, values);
    case 'in': {
      const v = values[keys.indexOf(f.key)];
      const hit = f.values.some((x) => compare(v, x) === 0);
      return f.negated ? !hit : hit;
    }
    case 'like': return f.pattern.test(values[keys.indexOf(f.key)]);
    case 'cmp': {
      const v = values[keys.indexOf(f.key)];
      const c = compare(v, f.value);
      if (c === null) return false;
      switch (f.op) {
        case '=': return c === 0;
        case '!=': return c !== 0;
        case '<': return c < 0;
        case '<=': return c <= 0;
        case '>': return c > 0;
        case '>=': return c >= 0;
      }
    }
  }
}
