// HiveQL front end: dt-sql-parser's HiveSQL grammar (ANTLR) builds a parse tree, which is
// converted here into Sluice's AST. Parse-tree nodes are walked by rule name, so this file
// is the only place that knows the grammar's shape. Client commands the grammar lacks
// (Flink's SET 'k'='v', RESET) are recognised before the grammar runs.
import { HiveSQL } from 'dt-sql-parser';
import * as A from './ast.js';
import { parseError, unsupported } from '../errors.js';
import { DataType, parseTypeString } from '../types/dataType.js';
import { splitStatements, StatementText } from './scriptSplitter.js';
import { parseCatalogStatement } from './catalogStatements.js';
import { parseFunctionStatement } from './functionStatements.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Node = any; // an antlr4ng parse-tree node (rule context or terminal)

const hive = new HiveSQL();
let ruleNames: string[] | null = null;
function ruleNamesOf(): string[] {
  ruleNames ??= (hive as any).createParser('').ruleNames as string[];
  return ruleNames;
}

export interface ParsedStatement { statement: A.Statement; text: string }

/** Parses a whole script (statements separated by semicolons). */
export function parseScript(script: string): ParsedStatement[] {
  return splitStatements(script).map((s) => ({ statement: parseStatement(s), text: s.text }));
}

export function parseStatement(st: StatementText): A.Statement {
  const client = parseClientCommand(st);
  if (client) return client;
  const errors: { startLine: number; startColumn: number; message: string }[] = [];
  const tree = hive.parse(st.text, (e: any) => errors.push(e));
  const at = (line: number, col: number): A.Pos => ({ line: line + st.line - 1, col: line === 1 ? col + st.col - 1 : col });
  if (errors.length > 0) {
    const e = errors[0];
    throw parseError(`syntax error: ${e.message.replace(/\s+/g, ' ')}`, at(e.startLine, e.startColumn));
  }
  const b = new AstBuilder(at);
  return b.program(tree);
}

function parseClientCommand(st: StatementText): A.Statement | null {
  const pos = { line: st.line, col: st.col };
  const text = st.text.replace(/^(--[^\n]*\n\s*)+/, '');
  let m = /^set\s*$/i.exec(text);
  if (m) return { kind: 'set', pos };
  m = /^set\s+'([^']*)'\s*=\s*'([^']*)'\s*$/i.exec(text) ?? /^set\s+"([^"]*)"\s*=\s*"([^"]*)"\s*$/i.exec(text)
    ?? /^set\s+([^\s=]+)\s*=\s*(.*?)\s*$/is.exec(text);
  if (m) return { kind: 'set', key: m[1], value: unquote(m[2]), pos };
  m = /^set\s+'?([^\s=']+)'?\s*$/i.exec(text);
  if (m) return { kind: 'set', key: m[1], pos };
  m = /^reset(?:\s+'?([^\s']+)'?)?\s*$/i.exec(text);
  if (m) return { kind: 'reset', key: m[1], pos };
  return parseCatalogStatement(text, pos) ?? parseFunctionStatement(text, pos);
}

function unquote(s: string): string {
  const t = s.trim();
  if (t.length >= 2 && (t[0] === "'" || t[0] === '"') && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}

/** Java-style string literal unescaping as Hive's BaseSemanticAnalyzer.unescapeSQLString does. */
export function unescapeString(lit: string): string {
  const q = lit[0];
  const body = lit.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      const d = body[++i];
      switch (d) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case '0': out += '\0'; break;
        case 'Z': out += '\x1a'; break;
        case '%': out += '\\%'; break;
        case '_': out += '\\_'; break;
        case 'u': {
          const hex = body.slice(i + 1, i + 5);
          if (/^[0-9a-fA-F]{4}$/.test(hex)) { out += String.fromCharCode(parseInt(hex, 16)); i += 4; } else out += 'u';
          break;
        }
        default:
          if (/[0-7]/.test(d) && /^[0-7]{3}$/.test(body.slice(i, i + 3))) { out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8)); i += 2; }
          else out += d;
      }
    } else if (c === q && body[i + 1] === q) {
      out += q; i++;
    } else out += c;
  }
  return out;
}

const isTerminal = (n: Node) => n.symbol !== undefined;
const kids = (n: Node): Node[] => n.children ?? [];

class AstBuilder {
  /** FROM source of the last FROM … INSERT statement, shared by the inserts that follow it. */
  private multiInsertFrom: A.FromItem | undefined;

  constructor(private readonly at: (line: number, col: number) => A.Pos) {}

  private rule(n: Node): string { return isTerminal(n) ? '' : ruleNamesOf()[n.ruleIndex]; }
  private pos(n: Node): A.Pos {
    const tok = isTerminal(n) ? n.symbol : n.start;
    return this.at(tok.line, tok.column + 1);
  }
  private text(n: Node): string { return n.getText(); }
  /** The node's tokens joined by single spaces, lower-cased ("rows between 1 preceding and current row"). */
  private words(n: Node): string {
    const out: string[] = [];
    const walk = (c: Node) => { if (isTerminal(c)) out.push(c.getText().toLowerCase()); else kids(c).forEach(walk); };
    walk(n);
    return out.join(' ');
  }
  /** The statement's source text under a node, with its whitespace. */
  private originalText(n: Node): string {
    const input = n.start.inputStream ?? n.start.getInputStream?.();
    return input ? input.getText(n.start.start, n.stop.stop) : this.text(n);
  }
  private tok(n: Node): string { return isTerminal(n) ? n.getText().toLowerCase() : ''; }
  private has(n: Node, word: string): boolean { return kids(n).some((c) => this.tok(c) === word); }
  private child(n: Node, rule: string): Node | undefined { return kids(n).find((c) => this.rule(c) === rule); }
  private children(n: Node, rule: string): Node[] { return kids(n).filter((c) => this.rule(c) === rule); }
  /** First descendant (depth-first) with the rule name. */
  private find(n: Node, rule: string): Node | undefined {
    for (const c of kids(n)) {
      if (this.rule(c) === rule) return c;
      const d = this.find(c, rule);
      if (d) return d;
    }
    return undefined;
  }
  private unsupportedAt(n: Node, what?: string): never {
    throw unsupported(what ?? `${this.text(n).slice(0, 60)}`, this.pos(n));
  }
  private ident(n: Node): string {
    const t = this.text(n);
    return t.startsWith('`') ? t.slice(1, -1).replace(/``/g, '`') : t;
  }
  private identLower(n: Node): string { return this.ident(n).toLowerCase(); }
  private stringLit(n: Node): string {
    const t = this.text(n);
    if (t[0] === "'" || t[0] === '"') return unescapeString(t);
    return t;
  }

  program(tree: Node): A.Statement {
    const stmts = this.children(tree, 'statement');
    if (stmts.length === 0) throw parseError('empty statement');
    // The grammar reads Hive's multi-insert (FROM src INSERT … INSERT …) as one
    // FROM-insert followed by FROM-less inserts; they form a single statement.
    this.multiInsertFrom = undefined;
    const first = this.statement(stmts[0]);
    if (stmts.length === 1) return first;
    const from = this.multiInsertFrom;
    if (first.kind === 'insert' && from) {
      for (const s of stmts.slice(1)) {
        const next = this.statement(s, from);
        if (next.kind !== 'insert') throw parseError('expected INSERT in multi-insert statement', next.pos);
        first.targets.push(...next.targets);
      }
      return first;
    }
    throw parseError("missing ';' between statements", this.pos(stmts[1]));
  }

  private statement(n: Node, sharedFrom?: A.FromItem): A.Statement {
    const explain = this.child(n, 'explainStatement');
    if (explain) {
      const inner = this.find(explain, 'execStatement');
      const options = kids(explain).filter((c) => c !== inner && !this.find(c, 'execStatement'));
      const extended = options.some((c) => /^(extended|formatted)$/i.test(this.text(c)));
      const analyze = options.some((c) => /^analyze$/i.test(this.text(c)));
      return { kind: 'explain', statement: this.exec(inner, sharedFrom), extended, analyze, pos: this.pos(n) };
    }
    return this.exec(this.child(n, 'execStatement') ?? n, sharedFrom);
  }

  private exec(n: Node, sharedFrom?: A.FromItem): A.Statement {
    const c = kids(n)[0];
    switch (this.rule(c)) {
      case 'queryStatementExpression': return this.queryStatement(c, sharedFrom);
      case 'loadStatement': return this.load(c);
      case 'ddlStatement': return this.ddl(kids(c)[0]);
      default: return this.unsupportedAt(n);
    }
  }

  // ---------------------------------------------------------------- queries and inserts
  private queryStatement(n: Node, sharedFrom?: A.FromItem): A.Statement {
    const withClause = this.child(n, 'withClause');
    const ctes = withClause ? this.ctes(withClause) : [];
    const body = this.child(n, 'queryStatementExpressionBody')!;
    const inner = kids(body)[0];
    if (this.rule(inner) === 'fromStatement') return this.fromStatement(inner, ctes);
    // regularBody: insertClause selectStatement | selectStatement
    const ins = this.child(inner, 'insertClause');
    const sel = this.child(inner, 'selectStatement')!;
    if (ins) {
      const query = this.selectStatement(sel, ctes, sharedFrom);
      return { kind: 'insert', targets: [{ target: this.insertTarget(ins), query }], pos: this.pos(n) };
    }
    return { kind: 'query', query: this.selectStatement(sel, ctes), pos: this.pos(n) };
  }

  private ctes(n: Node): A.Cte[] {
    return this.children(n, 'cteStatement').map((c) => {
      const name = this.identLower(this.child(c, 'id_'));
      const q = this.child(c, 'queryStatementExpression');
      const st = this.queryStatement(q);
      if (st.kind !== 'query') this.unsupportedAt(c, 'INSERT inside WITH');
      return { name, query: (st as any).query as A.Query };
    });
  }

  private fromStatement(n: Node, ctes: A.Cte[]): A.Statement {
    const singles = this.children(n, 'singleFromStatement');
    if (singles.length !== 1 || this.children(n, 'setOperator').length > 0) this.unsupportedAt(n, 'set operation over FROM … SELECT');
    const s = singles[0];
    const from = this.fromClause(this.child(s, 'fromClause'));
    const ins = this.child(s, 'insertClause');
    const select = this.selectFromParts(s, from);
    const query = this.wrapQuery(select, s, ctes);
    if (!ins) return { kind: 'query', query, pos: this.pos(n) };
    this.multiInsertFrom = from;
    return { kind: 'insert', targets: [{ target: this.insertTarget(ins), query }], pos: this.pos(n) };
  }

  private insertTarget(n: Node): A.InsertTarget {
    const overwrite = this.has(n, 'overwrite');
    const dest = this.child(n, 'destination');
    if (dest && !this.child(dest, 'tableOrPartition')) this.unsupportedAt(dest, 'INSERT … DIRECTORY');
    const top = this.child(dest ?? n, 'tableOrPartition') ?? this.child(n, 'tableOrPartition');
    const cols = this.child(n, 'columnNameList');
    return {
      table: this.tableName(this.child(top, 'tableName')),
      overwrite,
      partition: this.child(top, 'partitionSpec') ? this.partitionSpec(this.child(top, 'partitionSpec')) : undefined,
      columns: cols ? this.children(cols, 'columnName').map((c) => this.identLower(c)) : undefined,
      ifNotExists: !!this.child(n, 'ifNotExists'),
    };
  }

  private partitionSpec(n: Node): A.PartitionSpecItem[] {
    return this.children(n, 'partitionVal').map((pv) => {
      const c = this.child(pv, 'constant');
      return { name: this.identLower(this.child(pv, 'id_')), value: c ? this.constantText(c) : undefined, pos: this.pos(pv) };
    });
  }

  private constantText(n: Node): string | null {
    const t = this.text(n);
    if (/^null$/i.test(t)) return null;
    if (t[0] === "'" || t[0] === '"') return unescapeString(t);
    return t.replace(/[LlSsYy]$|BD$/i, '');
  }

  private wrapQuery(select: A.Select, clauses: Node, ctes: A.Cte[]): A.Query {
    const order = this.child(clauses, 'orderByClause') ?? this.child(clauses, 'sortByClause');
    const limit = this.child(clauses, 'limitClause');
    // DISTRIBUTE/CLUSTER BY only steer Hive's reducers; the result is the same without them.
    return {
      with: ctes,
      body: select,
      orderBy: order && this.rule(order) === 'orderByClause' ? this.orderBy(order) : [],
      limit: limit ? this.limit(limit) : undefined,
      pos: select.pos,
    };
  }

  private limit(n: Node): number {
    const nums = kids(n).filter((c) => isTerminal(c) && /^\d+$/.test(c.getText()));
    if (this.has(n, 'offset') || this.has(n, ',')) this.unsupportedAt(n, 'LIMIT with OFFSET');
    return Number(nums[0].getText());
  }

  private selectStatement(n: Node, ctes: A.Cte[], sharedFrom?: A.FromItem): A.Query {
    const atom = this.child(n, 'atomSelectStatement');
    let body: A.SetExpr = this.atomSelect(atom, sharedFrom);
    const setop = this.child(n, 'setOpSelectStatement');
    if (setop) {
      let op: Node | null = null;
      for (const c of kids(setop)) {
        if (this.rule(c) === 'setOperator') op = c;
        else if (this.rule(c) === 'atomSelectStatement') {
          const words = kids(op).map((k: Node) => this.text(k).toLowerCase());
          const kind = words[0] as 'union' | 'intersect' | 'except' | 'minus';
          body = {
            kind: 'setop', op: kind === 'minus' ? 'except' : kind, all: words.includes('all'),
            left: body, right: this.atomSelect(c, sharedFrom), pos: this.pos(op),
          };
        }
      }
    }
    const order = this.child(n, 'orderByClause') ?? this.child(n, 'sortByClause');
    const limit = this.child(n, 'limitClause');
    return {
      with: ctes, body,
      orderBy: order ? this.orderBy(order) : [],
      limit: limit ? this.limit(limit) : undefined,
      pos: this.pos(n),
    };
  }

  private atomSelect(n: Node, sharedFrom?: A.FromItem): A.SetExpr {
    const values = this.child(n, 'valuesClause');
    if (values) return this.values(values);
    const nested = this.child(n, 'selectStatement');
    if (nested) return { kind: 'nested', query: this.selectStatement(nested, []), pos: this.pos(n) };
    const fromClause = this.child(n, 'fromClause');
    const from = fromClause ? this.fromClause(fromClause) : sharedFrom;
    return this.selectFromParts(n, from);
  }

  private values(n: Node): A.SetExpr {
    const rows: A.Expr[][] = [];
    const walk = (c: Node) => {
      if (this.rule(c) === 'expressionsInParenthesis') {
        rows.push(this.exprList(this.child(c, 'expressionsNotInParenthesis')));
        return;
      }
      if (this.rule(c) === 'firstValueRowConstructor') this.unsupportedAt(c, 'VALUES with column aliases');
      kids(c).forEach(walk);
    };
    walk(n);
    return { kind: 'values', rows, pos: this.pos(n) };
  }

  private selectFromParts(n: Node, from: A.FromItem | undefined): A.Select {
    const sc = this.child(n, 'selectClause');
    if (!sc || !this.child(sc, 'selectList')) return this.unsupportedAt(n, 'TRANSFORM / MAP / REDUCE');
    if (this.child(n, 'lateralView')) this.unsupportedAt(this.child(n, 'lateralView'), 'LATERAL VIEW');
    if (this.child(n, 'window_clause')) this.unsupportedAt(this.child(n, 'window_clause'), 'WINDOW clause');
    if (this.child(n, 'qualifyClause')) this.unsupportedAt(this.child(n, 'qualifyClause'), 'QUALIFY');
    const ad = this.child(sc, 'all_distinct');
    const where = this.child(n, 'whereClause');
    const group = this.child(n, 'groupByClause');
    const having = this.child(n, 'havingClause');
    return {
      kind: 'select',
      distinct: this.has(sc, 'distinct') || (!!ad && this.text(ad).toLowerCase() === 'distinct'),
      items: this.children(this.child(sc, 'selectList'), 'selectItem').map((i) => this.selectItem(i)),
      from,
      where: where ? this.expr(kids(where)[1]) : undefined,
      groupBy: group ? this.groupBy(group) : undefined,
      having: having ? this.expr(kids(having)[1]) : undefined,
      pos: this.pos(n),
    };
  }

  private selectItem(n: Node): A.SelectItem {
    const all = this.child(n, 'tableAllColumns');
    if (all) {
      const ids = this.children(all, 'id_');
      return { expr: { kind: 'star', qualifier: ids.length ? ids.map((i) => this.identLower(i)).join('.') : undefined, pos: this.pos(n) } };
    }
    const ids = this.children(n, 'id_');
    const e = kids(n)[0];
    // AS (a, b): the column names of a table function's output.
    if (ids.length > 1 || this.has(n, '(')) return { expr: this.expr(e), aliases: ids.map((i) => this.identLower(i)) };
    return { expr: this.expr(e), alias: ids.length ? this.identLower(ids[0]) : undefined };
  }

  private groupBy(n: Node): A.GroupBy {
    const g = this.child(n, 'groupby_expression') ?? n;
    const inner = kids(g).find((c: Node) => !isTerminal(c));
    switch (this.rule(inner)) {
      case 'groupByEmpty': return { exprs: [], mode: 'plain' };
      case 'rollupStandard': {
        const exprs = this.children(inner, 'expression').map((e) => this.expr(e));
        return { exprs, mode: this.has(inner, 'rollup') ? 'rollup' : 'cube' };
      }
      case 'columnName': return { exprs: [this.columnRef(inner)], mode: 'plain' };
      default: {
        const exprs = this.exprList(this.child(inner, 'expressionsNotInParenthesis') ?? this.find(inner, 'expressionsNotInParenthesis') ?? inner);
        if (this.has(inner, 'sets')) {
          const sets = this.children(inner, 'groupingSetExpression').map((s) => this.find(s, 'expression') ? this.findAllExpr(s) : []);
          return { exprs, mode: 'sets', sets };
        }
        if (this.has(inner, 'rollup')) return { exprs, mode: 'rollup' };
        if (this.has(inner, 'cube')) return { exprs, mode: 'cube' };
        return { exprs, mode: 'plain' };
      }
    }
  }

  private findAllExpr(n: Node): A.Expr[] {
    const out: A.Expr[] = [];
    const walk = (c: Node) => { if (this.rule(c) === 'expression') out.push(this.expr(c)); else kids(c).forEach(walk); };
    walk(n);
    return out;
  }

  private orderBy(n: Node): A.OrderItem[] {
    const items: Node[] = [];
    const walk = (c: Node) => { if (this.rule(c) === 'columnRefOrder') items.push(c); else kids(c).forEach(walk); };
    walk(n);
    return items.map((c) => {
      const spec = this.child(c, 'orderSpecification');
      const nulls = this.child(c, 'nullOrdering');
      const desc = !!spec && this.text(spec).toLowerCase() === 'desc';
      return {
        expr: this.expr(kids(c)[0]),
        desc,
        nullsFirst: nulls ? this.text(nulls).toLowerCase().endsWith('first') : undefined,
      };
    });
  }

  // ---------------------------------------------------------------- FROM
  private fromClause(n: Node): A.FromItem {
    const src = this.child(n, 'fromSource');
    const js = this.child(src, 'joinSource');
    if (!js) return this.unsupportedAt(src, 'UNIQUEJOIN');
    return this.joinSource(js);
  }

  private joinSource(n: Node): A.FromItem {
    const cs = kids(n);
    let left = this.atomJoinSource(cs[0]);
    for (let i = 1; i < cs.length; i++) {
      const c = cs[i];
      if (this.rule(c) !== 'joinToken') continue;
      const words = isTerminal(c) ? [this.tok(c)] : kids(c).map((k: Node) => this.text(k).toLowerCase());
      const part = cs[i + 1];
      const right = this.joinSourcePart(part);
      let on: A.Expr | undefined;
      if (cs[i + 2] && this.tok(cs[i + 2]) === 'on') on = this.expr(cs[i + 3]);
      else if (cs[i + 2] && this.tok(cs[i + 2]) === 'using') this.unsupportedAt(cs[i + 2], 'JOIN … USING');
      let type: A.JoinType = 'inner';
      if (words[0] === ',') type = 'comma';
      else if (words.includes('left')) type = words.includes('semi') ? 'semi' : words.includes('anti') ? 'anti' : 'left';
      else if (words.includes('right')) type = 'right';
      else if (words.includes('full')) type = 'full';
      else if (words.includes('cross')) type = 'cross';
      left = { kind: 'join', type, left, right, on, pos: this.pos(c) };
    }
    return left;
  }

  private atomJoinSource(n: Node): A.FromItem {
    if (this.rule(n) === 'joinSource') return this.joinSource(n);
    const inner = this.child(n, 'joinSource');
    if (inner) return this.lateralViews(n, this.joinSource(inner));
    return this.lateralViews(n, this.sourcePart(kids(n)[0]));
  }

  private joinSourcePart(n: Node): A.FromItem {
    return this.lateralViews(n, this.sourcePart(kids(n)[0]));
  }

  /** LATERAL VIEW [OUTER] f(args) alias [AS c1, c2, …], each applied to what precedes it. */
  private lateralViews(n: Node, base: A.FromItem): A.FromItem {
    let from = base;
    for (const lv of this.children(n, 'lateralView')) {
      const fnNode = this.child(lv, 'function_');
      if (!fnNode) this.unsupportedAt(lv, 'this LATERAL VIEW form');
      const func = this.expr(fnNode);
      if (func.kind !== 'func') this.unsupportedAt(lv, 'LATERAL VIEW without a function call');
      const alias = this.child(lv, 'tableAlias');
      from = {
        kind: 'lateral', input: from, func: func as A.Expr & { kind: 'func' }, outer: this.has(lv, 'outer'),
        alias: alias ? this.identLower(this.find(alias, 'id_') ?? alias) : undefined,
        columns: this.children(lv, 'id_').map((i) => this.identLower(i)), pos: this.pos(lv),
      };
    }
    return from;
  }

  private sourcePart(n: Node): A.FromItem {
    switch (this.rule(n)) {
      case 'tableSource': {
        const ids = this.children(n, 'id_');
        if (this.child(n, 'tableSample')) this.unsupportedAt(n, 'TABLESAMPLE');
        return { kind: 'table', name: this.tableName(this.find(n, 'tableName')), alias: ids.length ? this.identLower(ids[ids.length - 1]) : undefined, pos: this.pos(n) };
      }
      case 'subQuerySource': {
        const q = this.queryStatement(this.child(n, 'queryStatementExpression'));
        if (q.kind !== 'query') this.unsupportedAt(n, 'INSERT in a subquery');
        const alias = this.child(n, 'id_');
        return { kind: 'subquery', query: (q as any).query, alias: this.identLower(alias), pos: this.pos(n) };
      }
      case 'virtualTableSource': return this.unsupportedAt(n, 'TABLE(VALUES …)');
      default: return this.unsupportedAt(n);
    }
  }

  private tableName(n: Node): A.QName {
    const ids = this.children(n, 'id_').map((i) => this.identLower(i));
    if (ids.length === 1) return { name: ids[0], pos: this.pos(n) };
    if (ids.length === 2) return { db: ids[0], name: ids[1], pos: this.pos(n) };
    return { catalog: ids[0], db: ids[1], name: ids[2], pos: this.pos(n) };
  }

  // ---------------------------------------------------------------- expressions
  private exprList(n: Node): A.Expr[] {
    const out: A.Expr[] = [];
    const walk = (c: Node) => {
      const r = this.rule(c);
      if (r === 'expression') out.push(this.expr(c));
      else if (r === 'defaultValue') this.unsupportedAt(c, 'DEFAULT');
      else kids(c).forEach(walk);
    };
    walk(n);
    return out;
  }

  expr(n: Node): A.Expr {
    const r = this.rule(n);
    const cs = kids(n);
    const pos = this.pos(n);
    switch (r) {
      case 'expression': case 'precedenceOrExpression':
        return this.leftAssoc(cs, 'or');
      case 'precedenceAndExpression':
        return this.leftAssoc(cs, 'and');
      case 'searchCondition': case 'havingCondition': case 'expressionOrDefault':
      case 'selectExpression': case 'selectExpressionColumnName': case 'expressionWithAlias':
        return this.expr(cs[0]);
      case 'precedenceNotExpression': case 'precedenceUnarySuffixExpression': {
        let i = 0;
        let nots = 0;
        while (this.tok(cs[i]) === 'not' || this.rule(cs[i]) === 'precedenceNotOperator') { nots++; i++; }
        let e = this.expr(cs[i]);
        if (cs[i + 1] && this.tok(cs[i + 1]) === 'is') {
          const cond = this.text(cs[i + 2]).toLowerCase();
          const negated = cond.startsWith('not');
          const test = cond.replace(/^not/, '') as 'null' | 'true' | 'false' | 'unknown';
          e = { kind: 'is', arg: e, test: test === 'unknown' ? 'null' : test, negated, pos };
        }
        for (let k = 0; k < nots; k++) e = { kind: 'unary', op: 'not', arg: e, pos };
        return e;
      }
      case 'precedenceEqualExpression': {
        let e = this.expr(cs[0]);
        for (let i = 1; i + 1 < cs.length; i += 2) {
          const opText = this.text(cs[i]).toLowerCase().replace(/\s+/g, '');
          const right = this.expr(cs[i + 1]);
          const op = opText === '==' ? '=' : opText === '!=' ? '<>' : opText === 'isnotdistinctfrom' ? '<=>' : opText;
          if (op === 'isdistinctfrom') e = { kind: 'unary', op: 'not', arg: { kind: 'binary', op: '<=>', left: e, right, pos }, pos };
          else e = { kind: 'binary', op, left: e, right, pos: this.pos(cs[i]) };
        }
        return e;
      }
      case 'precedenceSimilarExpression': case 'precedenceSimilarExpressionMain': {
        if (this.tok(cs[0]) === 'exists') return { kind: 'exists', query: this.subquery(cs[1]), pos };
        if (cs.length === 1) return this.expr(cs[0]);
        return this.similarPart(this.expr(cs[0]), cs[1], false);
      }
      case 'precedenceBitwiseOrExpression': case 'precedenceAmpersandExpression': case 'precedenceConcatenateExpression':
      case 'precedencePlusExpression': case 'precedenceStarExpression': case 'precedenceBitwiseXorExpression': {
        let e = this.expr(cs[0]);
        for (let i = 1; i + 1 < cs.length; i += 2) {
          const op = this.text(cs[i]).toLowerCase();
          e = { kind: 'binary', op, left: e, right: this.expr(cs[i + 1]), pos: this.pos(cs[i]) };
        }
        return e;
      }
      case 'precedenceUnaryPrefixExpression': {
        // prefix operators, the atom, then postfix [index] and .field accesses
        const atomAt = cs.findIndex((c: Node) => !isTerminal(c));
        let e = this.expr(cs[atomAt]);
        for (let i = atomAt + 1; i < cs.length; i++) {
          const t = this.tok(cs[i]);
          if (t === '[') { e = { kind: 'index', arg: e, index: this.expr(cs[i + 1]), pos: this.pos(cs[i]) }; i += 2; }
          else if (t === '.') { e = { kind: 'field', arg: e, name: this.identLower(cs[i + 1]), pos: this.pos(cs[i]) }; i += 1; }
          else this.unsupportedAt(cs[i]);
        }
        for (let i = atomAt - 1; i >= 0; i--) {
          const op = this.text(cs[i]) as '-' | '+' | '~';
          if (op === '-' && e.kind === 'literal' && (e.type === 'integer' || e.type === 'decimal' || e.type === 'double') && !e.text.startsWith('-')) {
            e = { ...e, text: '-' + e.text, pos: this.pos(cs[i]) };
          } else e = { kind: 'unary', op: op === '+' ? '+' : op === '~' ? '~' : '-', arg: e, pos: this.pos(cs[i]) };
        }
        return e;
      }
      case 'precedenceFieldExpression': {
        if (cs.length > 1) this.unsupportedAt(n, 'field or index access');
        return this.expr(cs[0]);
      }
      case 'atomExpression': {
        if (cs.length > 1) this.unsupportedAt(n, 'field or index access');
        return this.expr(cs[0]);
      }
      case 'expressionsInParenthesis': {
        const list = this.exprList(this.child(n, 'expressionsNotInParenthesis'));
        if (list.length !== 1) this.unsupportedAt(n, 'row value');
        return list[0];
      }
      case 'constant': return this.constant(n);
      case 'columnNamePath': case 'tableOrColumn': case 'columnName': case 'poolPath': case 'poolPathAllowEmpty':
      case 'selectLiteralColumnName': case 'columnNameCreate':
        return this.columnRef(n);
      case 'castExpression': {
        const tn = this.child(n, 'primitiveType');
        return { kind: 'cast', arg: this.expr(this.child(n, 'expression')), type: this.typeOf(tn), pos };
      }
      case 'caseExpression': case 'whenExpression': {
        const exprs = this.children(n, 'expression');
        let i = 0;
        const operand = r === 'caseExpression' ? this.expr(exprs[i++]) : undefined;
        const whens: { when: A.Expr; then: A.Expr }[] = [];
        const hasElse = this.has(n, 'else');
        const pairs = Math.floor((exprs.length - i - (hasElse ? 1 : 0)) / 2);
        for (let k = 0; k < pairs; k++) whens.push({ when: this.expr(exprs[i++]), then: this.expr(exprs[i++]) });
        return { kind: 'case', operand, whens, else: hasElse ? this.expr(exprs[i]) : undefined, pos };
      }
      case 'function_': return this.func(n);
      case 'subQueryExpression': return { kind: 'subquery', query: this.subquery(n), pos };
      case 'intervalExpression': return this.interval(n);
      case 'extractExpression': {
        const unit = this.text(this.child(n, 'timeQualifiers')).toLowerCase().replace(/s$/, '');
        return { kind: 'func', name: unit, args: [this.expr(this.child(n, 'expression'))], distinct: false, star: false, pos };
      }
      case 'floorExpression': {
        if (this.child(n, 'floorDateQualifiers')) this.unsupportedAt(n, 'FLOOR … TO');
        return { kind: 'func', name: 'floor', args: [this.expr(this.child(n, 'expression'))], distinct: false, star: false, pos };
      }
      default:
        if (cs.length === 1) return this.expr(cs[0]);
        return this.unsupportedAt(n, `expression '${this.text(n).slice(0, 40)}'`);
    }
  }

  private leftAssoc(cs: Node[], word: string): A.Expr {
    let e = this.expr(cs[0]);
    for (let i = 1; i + 1 < cs.length; i += 2) {
      if (this.text(cs[i]).toLowerCase() !== word) this.unsupportedAt(cs[i]);
      e = { kind: 'binary', op: word, left: e, right: this.expr(cs[i + 1]), pos: this.pos(cs[i]) };
    }
    return e;
  }

  private similarPart(left: A.Expr, part: Node, negated: boolean): A.Expr {
    const cs = kids(part);
    const pos = this.pos(part);
    switch (this.rule(part)) {
      case 'precedenceSimilarExpressionPart': case 'precedenceSimilarExpressionPartNot': {
        if (this.tok(cs[0]) === 'not') return this.similarPart(left, cs[1], !negated);
        if (this.rule(cs[0]) === 'precedenceSimilarExpressionAtom') return this.similarPart(left, cs[0], negated);
        const op = this.text(cs[0]).toLowerCase();
        const right = this.expr(cs[1]);
        if (op === 'like' || op === 'rlike' || op === 'regexp') return { kind: 'like', op: op === 'like' ? 'like' : 'rlike', arg: left, pattern: right, negated, pos };
        const e: A.Expr = { kind: 'binary', op, left, right, pos };
        return negated ? { kind: 'unary', op: 'not', arg: e, pos } : e;
      }
      case 'precedenceSimilarExpressionAtom': {
        const w = this.tok(cs[0]);
        if (w === 'between') return { kind: 'between', arg: left, low: this.expr(cs[1]), high: this.expr(cs[3]), negated, pos };
        if (w === 'in') {
          const inner = kids(cs[1])[0];
          if (this.rule(inner) === 'subQueryExpression') return { kind: 'inSubquery', arg: left, query: this.subquery(inner), negated, pos };
          return { kind: 'in', arg: left, list: this.exprList(inner), negated, pos };
        }
        return this.unsupportedAt(part, `${this.text(part).slice(0, 30)} (quantified predicate)`);
      }
      default: return this.unsupportedAt(part);
    }
  }

  private subquery(n: Node): A.Query {
    const sel = this.child(n, 'selectStatement') ?? this.find(n, 'selectStatement');
    return this.selectStatement(sel, []);
  }

  private columnRef(n: Node): A.Expr {
    const ids: string[] = [];
    const walk = (c: Node) => { if (this.rule(c) === 'id_') ids.push(this.identLower(c)); else kids(c).forEach(walk); };
    walk(n);
    if (ids.length === 0) return this.unsupportedAt(n);
    const name = ids[ids.length - 1];
    const qualifier = ids.length > 1 ? ids.slice(0, -1).join('.') : undefined;
    return { kind: 'column', qualifier, name, pos: this.pos(n) };
  }

  private constant(n: Node): A.Expr {
    const cs = kids(n);
    const pos = this.pos(n);
    const c0 = cs[0];
    if (!isTerminal(c0)) {
      switch (this.rule(c0)) {
        case 'intervalLiteral': return this.interval(c0);
        case 'dateLiteral': {
          if (this.tok(kids(c0)[0]) === 'current_date') return { kind: 'func', name: 'current_date', args: [], distinct: false, star: false, pos };
          return { kind: 'literal', type: 'date', text: this.stringLit(kids(c0)[1]), pos };
        }
        case 'timestampLiteral': {
          if (this.tok(kids(c0)[0]) === 'current_timestamp') return { kind: 'func', name: 'current_timestamp', args: [], distinct: false, star: false, pos };
          return { kind: 'literal', type: 'timestamp', text: this.stringLit(kids(c0)[1]), pos };
        }
        case 'stringLiteralSequence': return { kind: 'literal', type: 'string', text: kids(c0).map((k: Node) => this.stringLit(k)).join(''), pos };
        case 'booleanValue': return { kind: 'literal', type: 'boolean', text: this.text(c0).toLowerCase(), pos };
        case 'intervalValue': {
          if (cs.length > 1 && this.rule(cs[1]) === 'intervalQualifiers') return this.intervalOf(this.text(c0), cs[1], pos);
          break;
        }
        case 'columnNamePath': case 'tableOrColumn': case 'poolPath':
          return this.columnRef(c0);
        default:
          if (cs.length === 1) return this.expr(c0);
      }
      return this.unsupportedAt(n, `constant '${this.text(n)}'`);
    }
    const t = this.text(c0);
    const lower = t.toLowerCase();
    if (lower === 'null') return { kind: 'literal', type: 'null', text: 'null', pos };
    // Some grammar paths give DATE '…' / TIMESTAMP '…' / CURRENT_DATE as bare tokens.
    if ((lower === 'date' || lower === 'timestamp') && cs.length === 2) return { kind: 'literal', type: lower, text: this.stringLit(cs[1]), pos };
    if (lower === 'current_date' || lower === 'current_timestamp') return { kind: 'func', name: lower, args: [], distinct: false, star: false, pos };
    if (lower === 'true' || lower === 'false') return { kind: 'literal', type: 'boolean', text: lower, pos };
    if (t[0] === "'" || t[0] === '"') return { kind: 'literal', type: 'string', text: cs.map((k: Node) => this.stringLit(k)).join(''), pos };
    if (/^\d+[LlSsYy]$/.test(t)) return { kind: 'literal', type: 'integer', text: t.slice(0, -1), pos };
    if (/^[\d.]+BD$/i.test(t)) return { kind: 'literal', type: 'decimal', text: t.slice(0, -2), pos };
    if (/^\d+$/.test(t)) return { kind: 'literal', type: 'integer', text: t, pos };
    if (/^(\d+\.?\d*|\.\d+)$/.test(t)) return { kind: 'literal', type: 'decimal', text: t, pos };
    if (/^(\d+\.?\d*|\.\d+)[eE][+-]?\d+[dD]?$/.test(t) || /[dD]$/.test(t)) return { kind: 'literal', type: 'double', text: t.replace(/[dD]$/, ''), pos };
    return this.unsupportedAt(n, `literal ${t}`);
  }

  private interval(n: Node): A.Expr {
    const v = this.child(n, 'intervalValue');
    const q = this.child(n, 'intervalQualifiers');
    if (v) return this.intervalOf(this.text(v), q, this.pos(n));
    // INTERVAL(5) DAY: the value is a parenthesised expression; only constants are supported.
    const e = this.expr(this.child(n, 'expression'));
    if (e.kind !== 'literal' || e.type !== 'integer') return this.unsupportedAt(n, 'INTERVAL over a non-constant expression');
    return this.intervalOf(e.text, q, this.pos(n));
  }

  private intervalOf(valueText: string, q: Node, pos: A.Pos): A.Expr {
    const unitText = this.text(q).toLowerCase();
    const m = /^(year|month|day|hour|minute|second)s?$/.exec(unitText);
    if (!m) throw unsupported(`interval qualifier ${unitText}`, pos);
    const raw = valueText[0] === "'" || valueText[0] === '"' ? unescapeString(valueText) : valueText;
    const value = Number(raw.trim());
    if (!Number.isFinite(value)) throw parseError(`invalid interval value ${valueText}`, pos);
    return { kind: 'interval', value, unit: m[1] as any, pos };
  }

  private func(n: Node): A.Expr {
    const pos = this.pos(n);
    const trim = this.child(n, 'trimFunction');
    if (trim) {
      const exprs = this.children(trim, 'selectExpression').map((e) => this.expr(e));
      const fn = this.has(trim, 'leading') ? 'ltrim' : this.has(trim, 'trailing') ? 'rtrim' : 'trim';
      if (exprs.length > 1) this.unsupportedAt(trim, 'TRIM with characters');
      return { kind: 'func', name: fn, args: exprs, distinct: false, star: false, pos };
    }
    const name = this.text(this.child(n, 'functionName') ?? this.child(n, 'functionNameForInvoke') ?? kids(n)[0]).toLowerCase().replace(/`/g, '');
    const star = this.has(n, '*');
    const ad = this.child(n, 'all_distinct');
    const distinct = this.has(n, 'distinct') || (!!ad && this.text(ad).toLowerCase() === 'distinct');
    const args = this.children(n, 'selectExpression').map((e) => this.expr(e));
    if (this.has(n, 'within')) this.unsupportedAt(n, 'WITHIN GROUP');
    const ws = this.child(n, 'window_specification');
    let over: A.WindowSpec | undefined;
    if (ws) over = this.windowSpec(ws);
    return { kind: 'func', name, args, distinct, star, over, pos };
  }

  private windowSpec(n: Node): A.WindowSpec {
    const ps = this.child(n, 'partitioningSpec');
    const partitionBy: A.Expr[] = [];
    let orderBy: A.OrderItem[] = [];
    if (ps) {
      const pb = this.child(ps, 'partitionByClause') ?? this.child(ps, 'distributeByClause') ?? this.child(ps, 'clusterByClause');
      if (pb) partitionBy.push(...this.exprList(pb));
      const ob = this.child(ps, 'orderByClause') ?? this.child(ps, 'sortByClause');
      if (ob) orderBy = this.orderBy(ob);
    } else if (this.child(n, 'id_') && !this.has(n, '(')) {
      this.unsupportedAt(n, 'named window');
    }
    const frame = this.child(n, 'window_frame');
    return { partitionBy, orderBy, frame: frame ? this.words(frame) : undefined };
  }

  /** A column's type, primitive or complex (array<…>, map<…>, struct<name:type, …>). */
  private columnTypeOf(n: Node): DataType {
    try {
      return parseTypeString(this.originalText(n));
    } catch (e) {
      throw parseError((e as Error).message, this.pos(n));
    }
  }

  private typeOf(n: Node): DataType {
    try {
      return parseTypeString(kids(n).map((k: Node) => this.text(k)).join(''));
    } catch (e) {
      throw parseError((e as Error).message, this.pos(n));
    }
  }

  // ---------------------------------------------------------------- DDL and the rest
  private load(n: Node): A.Statement {
    const path = kids(n).find((c: Node) => isTerminal(c) && /^['"]/.test(c.getText()));
    const top = this.child(n, 'tableOrPartition');
    return {
      kind: 'loadData', local: this.has(n, 'local'), path: this.stringLit(path), overwrite: this.has(n, 'overwrite'),
      table: this.tableName(this.child(top, 'tableName')),
      partition: this.child(top, 'partitionSpec') ? this.partitionSpec(this.child(top, 'partitionSpec')) : undefined,
      pos: this.pos(n),
    };
  }

  private ddl(n: Node): A.Statement {
    const pos = this.pos(n);
    switch (this.rule(n)) {
      case 'createDatabaseStatement': {
        const props = this.child(n, 'dbProperties') ?? this.find(n, 'keyValuePropertyList');
        const loc = this.child(n, 'locationPath') ?? this.child(n, 'dbLocation');
        const comment = this.child(n, 'databaseComment');
        return {
          kind: 'createDatabase', name: this.identLower(this.child(n, 'dbSchemaNameCreate')), ifNotExists: !!this.child(n, 'ifNotExists'),
          comment: comment ? this.stringLit(kids(comment)[1]) : undefined,
          location: loc ? this.stringLit(kids(loc)[kids(loc).length - 1]) : undefined,
          properties: props ? this.keyValues(props) : {}, pos,
        };
      }
      case 'dropDatabaseStatement':
        return { kind: 'dropDatabase', name: this.identLower(this.child(n, 'dbSchemaName')), ifExists: !!this.child(n, 'ifExists'), cascade: this.text(this.child(n, 'restrictOrCascade') ?? n).toLowerCase() === 'cascade', pos };
      case 'switchDatabaseStatement':
        return { kind: 'useDatabase', name: this.identLower(this.child(n, 'dbSchemaName')), pos };
      case 'dropTableStatement':
        return { kind: 'dropTable', name: this.tableName(this.child(n, 'tableName')), ifExists: !!this.child(n, 'ifExists'), purge: this.has(n, 'purge'), pos };
      case 'showStatement': return this.show(n);
      case 'descStatement': {
        const tp = this.find(n, 'tabPartColTypeExpr');
        const tn = this.find(tp ?? n, 'tableName');
        if (!tn) return this.unsupportedAt(n, 'DESCRIBE of this kind');
        if (tp && this.find(tp, 'partitionSpec')) this.unsupportedAt(tp, 'DESCRIBE of a partition');
        return { kind: 'describe', table: this.tableName(tn), formatted: this.has(n, 'formatted') || this.has(n, 'extended'), pos };
      }
      case 'createTableStatement': return this.createTable(n);
      case 'alterStatement': return this.alter(n);
      case 'analyzeStatement': {
        const top = this.child(n, 'tableOrPartition');
        return {
          kind: 'analyze', table: this.tableName(this.child(top, 'tableName')),
          partition: this.child(top, 'partitionSpec') ? this.partitionSpec(this.child(top, 'partitionSpec')) : undefined,
          forColumns: this.has(n, 'columns'), pos,
        };
      }
      case 'metastoreCheck': {
        const tn = this.child(n, 'tableName');
        if (!this.has(n, 'repair') || !tn) return this.unsupportedAt(n, 'MSCK without REPAIR TABLE');
        if (this.has(n, 'add') || this.has(n, 'drop') || this.has(n, 'sync')) this.unsupportedAt(n, 'MSCK … ADD/DROP/SYNC PARTITIONS');
        return { kind: 'msck', table: this.tableName(tn), pos };
      }
      default:
        return this.unsupportedAt(n, `statement '${this.text(n).slice(0, 40)}'`);
    }
  }

  private show(n: Node): A.Statement {
    const pos = this.pos(n);
    const words = kids(n).filter(isTerminal).map((c: Node) => c.getText().toLowerCase());
    const findLit = (x: Node): Node | undefined => {
      for (const c of kids(x)) {
        if (isTerminal(c) && /^['"]/.test(c.getText())) return c;
        const d = isTerminal(c) ? undefined : findLit(c);
        if (d) return d;
      }
      return undefined;
    };
    const likeLit = findLit(n);
    const like = likeLit ? this.stringLit(likeLit) : undefined;
    if (words.includes('databases') || words.includes('schemas')) return { kind: 'showDatabases', like, pos };
    if (words.includes('tables')) {
      const db = this.child(n, 'dbSchemaName');
      return { kind: 'showTables', db: db ? this.identLower(db) : undefined, like, pos };
    }
    if (words.includes('partitions')) {
      const tn = this.find(n, 'tableName');
      const ps = this.find(n, 'partitionSpec');
      return { kind: 'showPartitions', table: this.tableName(tn), partition: ps ? this.partitionSpec(ps) : undefined, pos };
    }
    return this.unsupportedAt(n, `SHOW ${words[1] ?? ''}`.trim());
  }

  private keyValues(n: Node): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (c: Node) => {
      if (this.rule(c) === 'keyValueProperty') {
        const lits = kids(c).filter(isTerminal).filter((k: Node) => /^['"]/.test(k.getText()));
        out[this.stringLit(lits[0])] = this.stringLit(lits[1]);
      } else kids(c).forEach(walk);
    };
    walk(n);
    return out;
  }

  private columnDefs(n: Node): A.ColumnDef[] {
    const defs: A.ColumnDef[] = [];
    const walk = (c: Node) => {
      const r = this.rule(c);
      if (r === 'columnNameTypeConstraint' || r === 'columnNameType') {
        const nameNode = this.child(c, 'columnNameCreate') ?? this.child(c, 'id_');
        const typeNode = this.child(c, 'columnType') ?? this.child(c, 'colType');
        const cm = kids(c).findIndex((k: Node) => this.tok(k) === 'comment');
        defs.push({ name: this.identLower(nameNode), type: this.columnTypeOf(typeNode), comment: cm >= 0 ? this.stringLit(kids(c)[cm + 1]) : undefined, pos: this.pos(c) });
        return;
      }
      if (r === 'tableConstraint' || r === 'columnConstraint' || r === 'createConstraint') this.unsupportedAt(c, 'table constraints');
      kids(c).forEach(walk);
    };
    walk(n);
    return defs;
  }

  private createTable(n: Node): A.Statement {
    const pos = this.pos(n);
    if (this.has(n, 'temporary')) this.unsupportedAt(n, 'CREATE TEMPORARY TABLE');
    if (this.has(n, 'like')) this.unsupportedAt(n, 'CREATE TABLE … LIKE');
    if (this.has(n, 'transactional')) this.unsupportedAt(n, 'transactional tables');
    const colList = this.child(n, 'columnNameTypeOrConstraintList');
    const partSpec = this.child(n, 'createTablePartitionSpec');
    const comment = this.child(n, 'tableComment');
    const rowFormat = this.child(n, 'tableRowFormat');
    const fileFormat = this.child(n, 'tableFileFormat');
    const loc = this.child(n, 'locationPath');
    const props = this.child(n, 'tablePropertiesPrefixed');
    const asSel = this.child(n, 'selectStatementWithCTE');
    for (const r of ['tableBuckets', 'tableSkewed', 'tablePartition']) if (this.child(n, r)) this.unsupportedAt(this.child(n, r), r === 'tableBuckets' ? 'CLUSTERED BY (bucketed tables)' : r === 'tableSkewed' ? 'SKEWED BY' : 'PARTITIONED BY SPEC');
    if (partSpec && !this.find(partSpec, 'columnNameTypeConstraint') && !this.find(partSpec, 'columnNameType')) this.unsupportedAt(partSpec, 'PARTITIONED BY without column types');
    let storedAs: string | undefined;
    if (fileFormat) {
      const ids = kids(fileFormat).filter((c: Node) => !isTerminal(c) || !/^(stored|as)$/i.test(c.getText()));
      if (this.has(fileFormat, 'inputformat') || this.has(fileFormat, 'by')) this.unsupportedAt(fileFormat, 'STORED AS INPUTFORMAT … / STORED BY');
      storedAs = ids.map((c: Node) => this.text(c)).join('').toLowerCase();
    }
    let asSelect: A.Query | undefined;
    if (asSel) {
      const w = this.child(asSel, 'withClause');
      asSelect = this.selectStatement(this.child(asSel, 'selectStatement'), w ? this.ctes(w) : []);
    }
    return {
      kind: 'createTable', name: this.tableName(this.child(n, 'tableNameCreate')), external: this.has(n, 'external'),
      ifNotExists: !!this.child(n, 'ifNotExists'), columns: colList ? this.columnDefs(colList) : [],
      partitionColumns: partSpec ? this.columnDefs(partSpec) : [],
      comment: comment ? this.stringLit(kids(comment)[1]) : undefined,
      rowFormat: rowFormat ? this.rowFormat(rowFormat) : undefined, storedAs,
      location: loc ? this.stringLit(kids(loc)[kids(loc).length - 1]) : undefined,
      properties: props ? this.keyValues(props) : {}, asSelect, pos,
    };
  }

  private rowFormat(n: Node): A.RowFormat {
    const rf: A.RowFormat = {};
    const serde = this.find(n, 'rowFormatSerde');
    if (serde) {
      const lit = kids(serde).find((c: Node) => isTerminal(c) && /^['"]/.test(c.getText()));
      rf.serde = this.stringLit(lit);
      const props = this.find(serde, 'keyValuePropertyList');
      if (props) rf.serdeProperties = this.keyValues(props);
      return rf;
    }
    const lit = (c: Node, after: string): string | undefined => {
      const ks = kids(c);
      const i = ks.findIndex((k: Node) => this.tok(k) === after);
      return i >= 0 && ks[i + 2] ? this.stringLit(ks[i + 2]) : undefined;
    };
    const walk = (c: Node) => {
      switch (this.rule(c)) {
        case 'tableRowFormatFieldIdentifier': {
          rf.fieldDelim = lit(c, 'terminated');
          const ks = kids(c);
          const e = ks.findIndex((k: Node) => this.tok(k) === 'escaped');
          if (e >= 0) rf.escapeChar = this.stringLit(ks[e + 2]);
          return;
        }
        case 'tableRowFormatCollItemsIdentifier': rf.collectionDelim = lit(c, 'terminated'); return;
        case 'tableRowFormatMapKeysIdentifier': rf.mapKeyDelim = lit(c, 'terminated'); return;
        case 'tableRowFormatLinesIdentifier': rf.lineDelim = lit(c, 'terminated'); return;
        case 'tableRowNullFormat': {
          const ks = kids(c);
          rf.nullFormat = this.stringLit(ks[ks.length - 1]);
          return;
        }
        default: kids(c).forEach(walk);
      }
    };
    walk(n);
    return rf;
  }

  private alter(n: Node): A.Statement {
    const pos = this.pos(n);
    const tn = this.child(n, 'tableName');
    const suffix = this.child(n, 'alterTableStatementSuffix');
    if (!tn || !suffix) return this.unsupportedAt(n, 'this ALTER statement');
    const table = this.tableName(tn);
    const inner = kids(suffix)[0];
    if (this.tok(inner) === 'add' && this.child(suffix, 'partitionSpec')) {
      const partitions: { spec: A.PartitionSpecItem[]; location?: string }[] = [];
      for (const c of kids(suffix)) {
        if (this.rule(c) === 'partitionSpec') partitions.push({ spec: this.partitionSpec(c) });
        else if (this.rule(c) === 'locationPath') partitions[partitions.length - 1].location = this.stringLit(kids(c)[kids(c).length - 1]);
      }
      return { kind: 'addPartitions', table, ifNotExists: !!this.child(suffix, 'ifNotExists'), partitions, pos };
    }
    // Informational constraints (ADD CONSTRAINT, CHANGE COLUMN … CONSTRAINT … NOT NULL).
    const constraintText = this.originalText(suffix);
    const cm = /\bconstraint\s+(`[^`]+`|\w+)/i.exec(constraintText);
    if (cm) return { kind: 'addConstraint', table, name: cm[1].replace(/`/g, '').toLowerCase(), text: constraintText, pos };
    if (this.rule(inner) === 'alterStatementSuffixDropPartitions') {
      const specs = this.children(inner, 'partitionSelectorSpec').map((s) => this.children(s, 'partitionSelectorVal').map((v) => ({
        name: this.identLower(this.child(v, 'id_')),
        op: this.text(kids(v)[1]).toLowerCase(),
        value: this.constantText(this.child(v, 'constant')) ?? '',
      })));
      return { kind: 'dropPartitions', table, ifExists: !!this.child(inner, 'ifExists'), specs, pos };
    }
    return this.unsupportedAt(suffix, `ALTER TABLE … ${this.text(inner).slice(0, 20)}`);
  }
}
