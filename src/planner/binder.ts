// Binder: turns the AST of a query into a logical plan, resolving names against the
// catalog and the FROM clause's scope, typing every expression with Hive's rules and
// making implicit conversions explicit casts. Errors name the construct and position.
import * as A from '../sql/ast.js';
import {
  DataType, T, commonType, decimalType, isNumeric, isStringLike, parseTypeString, typeToString, typesEqual,
} from '../types/dataType.js';
import { parseDate, parseDecimal, parseTimestamp } from '../types/values.js';
import { BExpr, col, conjunction as and, exprKey, lit, literalValue } from './boundExpr.js';
import { AggCall, Field, Frame, FrameBound, LogicalPlan, ScanNode, WindowCall, newField } from './logicalPlan.js';
import { Table } from '../catalog/catalog.js';
import { nearby, unsupported, validationError } from '../errors.js';
import { lookupFunction } from '../module/coreFunctions.js';
import { structFieldFunction } from '../module/structField.js';
import type { AggregateFunction, FunctionDefinition, ScalarFunction, TableFunction } from '../module/functionDefinition.js';
import { CORE_AGGREGATES } from '../module/coreAggregates.js';
import { index } from '../module/hive/collectionFunctions.js';
import { foldConstant } from './constantFolding.js';
import { equalitySides, groupedScalar, takeCorrelated, underProject } from './subqueries.js';

export interface BindContext {
  /** Resolves a table name (database defaulted to the current one); throws if missing. */
  getTable(name: A.QName): Table;
  /** Resolves a function name through the session's modules and catalogs. */
  resolveFunction(name: string): FunctionDefinition | undefined;
  /** Why a name did not resolve, as a hint ("it is in module hive, which is not used"). */
  functionHint?(name: string): string;
  /** current_database(), current_user(), version(). */
  sessionValue?(name: string): string;
}

interface ScopeEntry { qualifier?: string; name: string; field: Field }

class Scope {
  constructor(readonly entries: ScopeEntry[]) {}
  static of(fields: Field[]): Scope {
    return new Scope(fields.map((f) => ({ qualifier: f.qualifier, name: f.name, field: f })));
  }
  resolve(qualifier: string | undefined, name: string, pos: A.Pos): Field {
    const matches = this.entries.filter((e) => e.name === name && (qualifier === undefined || e.qualifier === qualifier || e.qualifier?.endsWith('.' + qualifier)));
    if (matches.length === 1) return matches[0].field;
    const shown = qualifier ? `${qualifier}.${name}` : name;
    if (matches.length > 1) throw validationError(`ambiguous column reference '${shown}'`, pos);
    const candidates = this.entries.map((e) => (e.qualifier ? `${e.qualifier}.${e.name}` : e.name));
    if (qualifier && !this.entries.some((e) => e.qualifier === qualifier)) {
      throw validationError(`invalid table alias or column reference '${shown}': no table or alias '${qualifier}' in scope`, pos);
    }
    const near = nearby(name, new Set(this.entries.map((e) => e.name)));
    throw validationError(`invalid column reference '${shown}'${near.length ? `; did you mean ${near.join(', ')}?` : candidates.length ? `; columns in scope: ${candidates.slice(0, 8).join(', ')}${candidates.length > 8 ? ', …' : ''}` : ''}`, pos);
  }
}

interface AggContext {
  /** Distinct GROUP BY expressions, each with the field the aggregate outputs for it. */
  keys: { key: string; expr: BExpr; field: Field }[];
  aggs: { key: string; call: AggCall; field: Field }[];
  inputScope: Scope;
  /** With GROUPING SETS / ROLLUP / CUBE: the sets (indexes into keys), per key the
   *  expanded key field and its rolled-up flag after the aggregate, and the expanded
   *  grouping id (bit i set where key i is rolled up). */
  grouping?: { sets: number[][]; keyFields: Field[]; gidField: Field; flagOut: Field[] };
}


/** Whether any function call in e (not looking into subqueries) satisfies test. */
function anyCall(e: A.Expr, test: (f: A.Expr & { kind: 'func' }) => boolean): boolean {
  const any = (x: A.Expr): boolean => anyCall(x, test);
  switch (e.kind) {
    case 'func': return test(e) || e.args.some(any);
    case 'binary': return any(e.left) || any(e.right);
    case 'unary': case 'is': case 'cast': return any(e.arg);
    case 'between': return any(e.arg) || any(e.low) || any(e.high);
    case 'in': return any(e.arg) || e.list.some(any);
    case 'like': return any(e.arg) || any(e.pattern);
    case 'index': return any(e.arg) || any(e.index);
    case 'field': return any(e.arg);
    case 'case': return (e.operand ? any(e.operand) : false) || e.whens.some((w) => any(w.when) || any(w.then)) || (e.else ? any(e.else) : false);
    default: return false;
  }
}

const containsWindow = (e: A.Expr) => anyCall(e, (f) => !!f.over);

/** Whether a subquery appears in the expression (outside nested subqueries' own bodies). */
function containsSubquery(e: A.Expr): boolean {
  let found = false;
  const walk = (x: unknown): void => {
    if (found || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) { x.forEach(walk); return; }
    const k = (x as { kind?: string }).kind;
    if (k === 'subquery' || k === 'exists' || k === 'inSubquery') { found = true; return; }
    for (const v of Object.values(x)) walk(v);
  };
  walk(e);
  return found;
}

const RANKING = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile']);

/** A window frame from its words ("rows between 2 preceding and current row"); without
 *  one, SQL's default: RANGE UNBOUNDED PRECEDING to CURRENT ROW with ORDER BY, else the
 *  whole partition. */
function parseFrame(text: string | undefined, ordered: boolean, pos: A.Pos): Frame {
  if (!text) return ordered ? { unit: 'range', start: { kind: 'unbounded' }, end: { kind: 'current' } } : { unit: 'rows', start: { kind: 'unbounded' }, end: { kind: 'unbounded' } };
  const m = /^(rows|range)\s+(?:between\s+(.+?)\s+and\s+(.+)|(.+))$/.exec(text);
  if (!m) throw unsupported(`window frame '${text}'`, pos);
  const bound = (b: string): FrameBound => {
    if (b === 'current row') return { kind: 'current' };
    const bm = /^(unbounded|\d+)\s+(preceding|following)$/.exec(b);
    if (!bm) throw unsupported(`window frame bound '${b}'`, pos);
    if (bm[1] === 'unbounded') return { kind: 'unbounded' };
    return { kind: bm[2] as 'preceding' | 'following', n: Number(bm[1]) };
  };
  const unit = m[1] as 'rows' | 'range';
  const start = bound(m[2] ?? m[4]);
  const end = m[3] ? bound(m[3]) : { kind: 'current' as const };
  return { unit, start, end };
}

export interface BoundQuery { plan: LogicalPlan; names: string[] }

export class Binder {
  /** Window calls of the SELECT being bound; null where window functions are not allowed. */
  private windowCalls: { key: string; call: WindowCall; field: Field }[] | null = null;

  /** Definitions resolved so far: a name is looked up once per query (catalog functions
   *  cost a metastore call), however often the binder asks. */
  private readonly functions = new Map<string, FunctionDefinition | undefined>();

  /** Scopes of the queries enclosing the subquery being bound (innermost last). */
  private outerScopes: Scope[] = [];
  /** Outer field ids the subquery being bound references (its correlation). */
  private outerRefs: Set<number> | null = null;
  /** Joins that subqueries in the expressions being bound need, applied by bindSelect to
   *  the plan the expressions read (null where a subquery is not allowed). */
  private subqueryJoins: ((p: LogicalPlan) => LogicalPlan)[] | null = null;

  /** When the statement started (ms since the epoch, UTC), for current_timestamp. */
  private readonly startedAt = Date.now();
  constructor(private readonly ctx: BindContext) {}

  private resolveFunction(name: string): FunctionDefinition | undefined {
    if (!this.functions.has(name)) this.functions.set(name, this.ctx.resolveFunction(name));
    return this.functions.get(name);
  }

  /** One number per CTE definition, the same for each of its references. */
  private readonly cteNumbers = new Map<A.Query, number>();
  private cteNumber(q: A.Query): number {
    let n = this.cteNumbers.get(q);
    if (n === undefined) this.cteNumbers.set(q, (n = this.cteNumbers.size + 1));
    return n;
  }

  bindQuery(q: A.Query, ctes: Map<string, A.Query> = new Map()): BoundQuery {
    const env = new Map(ctes);
    for (const c of q.with) env.set(c.name, c.query);
    if (q.body.kind === 'select') return this.bindSelect(q.body, env, q.orderBy, q.limit);
    let bound = this.bindSetExpr(q.body, env);
    if (q.orderBy.length > 0) {
      const scope = Scope.of(bound.plan.fields);
      const keys = q.orderBy.map((o) => {
        let expr: BExpr;
        if (o.expr.kind === 'literal' && o.expr.type === 'integer') expr = this.ordinal(bound.plan.fields, Number(o.expr.text), o.expr.pos);
        else expr = this.bindExpr(o.expr, scope, env, null);
        return { expr, desc: o.desc, nullsFirst: o.nullsFirst ?? !o.desc };
      });
      bound = { plan: { op: 'sort', input: bound.plan, keys, limit: q.limit, fields: bound.plan.fields }, names: bound.names };
    }
    if (q.limit !== undefined) bound = { plan: { op: 'limit', input: bound.plan, n: q.limit, fields: bound.plan.fields }, names: bound.names };
    return bound;
  }

  private ordinal(fields: Field[], n: number, pos: A.Pos): BExpr {
    if (n < 1 || n > fields.length) throw validationError(`ORDER BY position ${n} is not in the select list (1..${fields.length})`, pos);
    return col(fields[n - 1].id, fields[n - 1].type);
  }

  private bindSetExpr(e: A.SetExpr, env: Map<string, A.Query>): BoundQuery {
    switch (e.kind) {
      case 'select': return this.bindSelect(e, env, [], undefined);
      case 'nested': return this.bindQuery(e.query, env);
      case 'values': return this.bindValues(e, env);
      case 'setop': {
        if (e.op !== 'union') return this.intersectOrExcept(this.bindSetExpr(e.left, env), this.bindSetExpr(e.right, env), e.op, e.all, e.pos);
        const inputs: BoundQuery[] = [];
        const flatten = (x: A.SetExpr) => {
          if (x.kind === 'setop' && x.op === 'union' && x.all === e.all) { flatten(x.left); flatten(x.right); }
          else inputs.push(this.bindSetExpr(x, env));
        };
        flatten(e);
        return this.union(inputs, e.all, e.pos);
      }
    }
  }

  /** INTERSECT / EXCEPT (DISTINCT): both inputs tagged and unioned, grouped by every
   *  column (so NULLs compare equal, as set operations need), and kept by how many rows
   *  of each side a group has. */
  private intersectOrExcept(left: BoundQuery, right: BoundQuery, op: 'intersect' | 'except', all: boolean, pos: A.Pos): BoundQuery {
    if (all) throw unsupported(`${op.toUpperCase()} ALL`, pos);
    const tagged = (b: BoundQuery, l: number): BoundQuery => {
      const exprs = [...b.plan.fields.map((f) => col(f.id, f.type)), lit(l, T.int), lit(1 - l, T.int)];
      const fields = [...b.plan.fields.map((f) => newField(f.name, f.type)), newField('_l', T.int), newField('_r', T.int)];
      return { plan: { op: 'project', input: b.plan, exprs, fields }, names: [...b.names, '_l', '_r'] };
    };
    const u = this.union([tagged(left, 1), tagged(right, 0)], true, pos);
    const f = u.plan.fields;
    const width = f.length - 2;
    const sumOf = (x: Field) => this.aggregateCall('sum', [col(x.id, x.type)], false, false, pos);
    const aggs = [sumOf(f[width]), sumOf(f[width + 1])];
    const outKeys = f.slice(0, width).map((x) => newField(x.name, x.type));
    const sums = aggs.map((a, i) => newField(i === 0 ? '_nl' : '_nr', a.type));
    const grouped: LogicalPlan = { op: 'aggregate', input: u.plan, keys: f.slice(0, width).map((x) => col(x.id, x.type)), aggs, fields: [...outKeys, ...sums] };
    const zero = lit(0, sums[0].type);
    const hasLeft = this.callFn('gt', [col(sums[0].id, sums[0].type), zero], pos);
    const rightTest = this.callFn(op === 'intersect' ? 'gt' : 'eq', [col(sums[1].id, sums[1].type), zero], pos);
    const cond = call('and', [hasLeft, rightTest], T.boolean);
    const kept: LogicalPlan = { op: 'filter', input: grouped, cond, fields: grouped.fields };
    const fields = outKeys.map((x) => newField(x.name, x.type));
    return { plan: { op: 'project', input: kept, exprs: outKeys.map((x) => col(x.id, x.type)), fields }, names: left.names };
  }

  private union(inputs: BoundQuery[], all: boolean, pos: A.Pos): BoundQuery {
    const width = inputs[0].plan.fields.length;
    for (const i of inputs) if (i.plan.fields.length !== width) throw validationError(`UNION inputs have different numbers of columns (${width} and ${i.plan.fields.length})`, pos);
    const types = inputs[0].plan.fields.map((f) => f.type);
    for (const i of inputs.slice(1)) {
      i.plan.fields.forEach((f, c) => {
        const t = commonType(types[c], f.type);
        if (!t) throw validationError(`UNION column ${c + 1} has incompatible types ${typeToString(types[c])} and ${typeToString(f.type)}`, pos);
        types[c] = isStringLike(t) ? T.string : t;
      });
    }
    const aligned = inputs.map((i) => {
      if (i.plan.fields.every((f, c) => typesEqual(f.type, types[c]))) return i.plan;
      const exprs = i.plan.fields.map((f, c) => castTo(col(f.id, f.type), types[c]));
      return { op: 'project', input: i.plan, exprs, fields: i.plan.fields.map((f, c) => newField(f.name, types[c])) } as LogicalPlan;
    });
    const names = inputs[0].names;
    const fields = names.map((n, c) => newField(n, types[c]));
    let plan: LogicalPlan = { op: 'union', inputs: aligned, fields };
    if (!all) {
      const outFields = fields.map((f) => newField(f.name, f.type));
      plan = { op: 'aggregate', input: plan, keys: fields.map((f) => col(f.id, f.type)), aggs: [], fields: outFields };
    }
    return { plan, names };
  }

  private bindValues(e: A.SetExpr & { kind: 'values' }, env: Map<string, A.Query>): BoundQuery {
    const empty = new Scope([]);
    const rows = e.rows.map((r) => r.map((x) => this.bindExpr(x, empty, env, null)));
    const width = rows[0].length;
    for (const r of rows) if (r.length !== width) throw validationError(`VALUES rows have different numbers of columns (${width} and ${r.length})`, e.pos);
    const types = rows[0].map((x) => x.type);
    for (const r of rows) r.forEach((x, c) => { types[c] = commonType(types[c], x.type) ?? T.string; });
    const finalTypes = types.map((t) => (t.id === 'void' ? T.string : isStringLike(t) ? T.string : t));
    const names = finalTypes.map((_, c) => `_col${c}`);
    const fields = finalTypes.map((t, c) => newField(names[c], t));
    return { plan: { op: 'values', rows: rows.map((r) => r.map((x, c) => castTo(x, finalTypes[c]))), fields }, names };
  }

  // ------------------------------------------------------------------ FROM
  private bindFrom(f: A.FromItem, env: Map<string, A.Query>): { plan: LogicalPlan; scope: Scope } {
    switch (f.kind) {
      case 'table': {
        const cte = f.name.db === undefined ? env.get(f.name.name) : undefined;
        if (cte) {
          const inner = new Map(env);
          inner.delete(f.name.name); // a CTE does not see itself
          const b = this.bindQuery(cte, inner);
          return this.requalify({ ...b, plan: { ...b.plan, cte: this.cteNumber(cte) } }, f.alias ?? f.name.name);
        }
        const table = this.ctx.getTable(f.name);
        const alias = f.alias ?? table.name;
        const dataTypes = table.columns.map((c) => parseTypeString(c.type));
        const partTypes = table.partitionKeys.map((c) => parseTypeString(c.type));
        const fields = [
          ...table.columns.map((c, i) => newField(c.name, dataTypes[i], alias)),
          ...table.partitionKeys.map((c, i) => newField(c.name, partTypes[i], alias)),
        ];
        const scan: ScanNode = {
          op: 'scan', table, fields, columnIndexes: fields.map((_, i) => i), filters: [], partitionFilters: [],
          partitions: null, totalPartitions: 0,
        };
        return { plan: scan, scope: Scope.of(fields) };
      }
      case 'subquery': {
        const b = this.bindQuery(f.query, env);
        return this.requalify(b, f.alias);
      }
      case 'join': {
        const l = this.bindFrom(f.left, env);
        const r = this.bindFrom(f.right, env);
        const scope = new Scope([...l.scope.entries, ...r.scope.entries]);
        const cond = f.on ? this.bindBoolean(f.on, scope, env) : null;
        if ((f.type === 'left' || f.type === 'right' || f.type === 'full' || f.type === 'semi' || f.type === 'anti') && !cond) {
          throw validationError(`${f.type.toUpperCase()} JOIN needs an ON condition`, f.pos);
        }
        const kind = f.type === 'comma' || f.type === 'cross' ? 'inner' : f.type;
        const fields = kind === 'semi' || kind === 'anti' ? l.plan.fields : [...l.plan.fields, ...r.plan.fields];
        return {
          plan: { op: 'join', kind, left: l.plan, right: r.plan, cond, fields },
          scope: kind === 'semi' || kind === 'anti' ? l.scope : scope,
        };
      }
      case 'lateral': return this.bindLateral(f, env);
    }
  }

  /** LATERAL VIEW: the input's rows joined with the rows the table function makes of each. */
  private bindLateral(f: A.FromItem & { kind: 'lateral' }, env: Map<string, A.Query>): { plan: LogicalPlan; scope: Scope } {
    const input = f.input ? this.bindFrom(f.input, env) : { plan: { op: 'values', rows: [[]], fields: [] } as LogicalPlan, scope: new Scope([]) };
    const def = this.resolveFunction(f.func.name);
    if (!def) throw validationError(`invalid function ${f.func.name}${this.ctx.functionHint?.(f.func.name) ? `: ${this.ctx.functionHint(f.func.name)}` : ''}`, f.func.pos);
    if (def.kind !== 'table') throw validationError(`${f.func.name} is not a table function; LATERAL VIEW needs one such as explode, posexplode, inline, stack, json_tuple`, f.func.pos);
    const args = f.func.args.map((a) => this.bindExpr(a, input.scope, env, null));
    const r = def.resolve(args.map((a) => a.type), args.map(literalValue));
    if (!r) throw validationError(`${def.name}: cannot apply to (${args.map((a) => typeToString(a.type)).join(', ')})${def.usage ? `; usage: ${def.usage}` : ''}`, f.func.pos);
    if (f.columns.length > 0 && f.columns.length !== r.columns.length) {
      throw validationError(`${def.name} produces ${r.columns.length} column${r.columns.length === 1 ? '' : 's'} (${r.columns.map((c) => c.name).join(', ')}) but ${f.columns.length} alias${f.columns.length === 1 ? ' is' : 'es are'} given`, f.pos);
    }
    const alias = f.alias ?? def.name;
    const outFields = r.columns.map((c, i) => newField(f.columns[i] ?? c.name, c.type, alias));
    const plan: LogicalPlan = {
      op: 'generate', input: input.plan, fn: def, args: args.map((a, i) => castTo(a, r.args[i])), outer: f.outer,
      fields: [...input.plan.fields, ...outFields],
    };
    return { plan, scope: new Scope([...input.scope.entries, ...outFields.map((field) => ({ qualifier: alias, name: field.name, field }))]) };
  }

  /** A derived table: its output columns are renamed under the alias. */
  private requalify(b: BoundQuery, alias: string): { plan: LogicalPlan; scope: Scope } {
    const entries = b.plan.fields.map((f, i) => ({ qualifier: alias, name: b.names[i], field: f }));
    return { plan: b.plan, scope: new Scope(entries) };
  }

  // ------------------------------------------------------------------ SELECT
  private bindSelect(s: A.Select, env: Map<string, A.Query>, orderBy: A.OrderItem[], limit: number | undefined): BoundQuery {
    const udtf = s.items.find((i) => i.expr.kind === 'func' && !i.expr.over && this.resolveFunction(i.expr.name)?.kind === 'table');
    if (udtf) {
      // SELECT f(args) [AS (a, b)] FROM t is a LATERAL VIEW of f over t, selecting its columns.
      if (s.items.length > 1) throw validationError('a table function must be the only expression in the SELECT list', udtf.expr.pos);
      if (s.groupBy) throw validationError('a table function in the SELECT list cannot be used with GROUP BY', udtf.expr.pos);
      const func = udtf.expr as A.Expr & { kind: 'func' };
      const columns = udtf.aliases ?? (udtf.alias ? [udtf.alias] : []);
      const from: A.FromItem = { kind: 'lateral', input: s.from, func, outer: false, alias: '_udtf', columns, pos: func.pos };
      return this.bindSelect({ ...s, from, items: [{ expr: { kind: 'star', qualifier: '_udtf', pos: func.pos } }] }, env, orderBy, limit);
    }
    let plan: LogicalPlan;
    let scope: Scope;
    if (s.from) ({ plan, scope } = this.bindFrom(s.from, env));
    else {
      // SELECT without FROM: one row, no columns.
      plan = { op: 'values', rows: [[]], fields: [] };
      scope = new Scope([]);
    }
    if (s.where) {
      if (this.containsAggregate(s.where)) throw validationError('aggregate functions are not allowed in WHERE', s.where.pos);
      // Conjuncts that are [NOT] EXISTS / [NOT] IN (subquery) become semi and anti joins;
      // subqueries elsewhere in WHERE join their values in before the filter.
      const outerJoins = this.subqueryJoins;
      this.subqueryJoins = [];
      const semi: ((p: LogicalPlan) => LogicalPlan)[] = [];
      const conds: BExpr[] = [];
      for (const c of astConjuncts(s.where)) {
        const j = this.subqueryConjunct(c, scope, env);
        if (j) semi.push(j); else conds.push(this.bindBoolean(c, scope, env));
      }
      for (const j of this.subqueryJoins) plan = j(plan);
      this.subqueryJoins = outerJoins;
      if (conds.length) plan = { op: 'filter', input: plan, cond: and(conds)!, fields: plan.fields };
      for (const j of semi) plan = j(plan);
    }
    // Expand * and t.* into column items.
    const items: { expr: A.Expr | null; field?: Field; name: string }[] = [];
    for (const it of s.items) {
      if (it.expr.kind === 'star') {
        const q = it.expr.qualifier;
        const entries = scope.entries.filter((e) => q === undefined || e.qualifier === q || e.qualifier?.endsWith('.' + q));
        if (entries.length === 0) throw validationError(q ? `invalid table alias '${q}' in ${q}.*` : 'SELECT * with no FROM clause', it.expr.pos);
        for (const e of entries) items.push({ expr: null, field: e.field, name: e.name });
      } else {
        items.push({ expr: it.expr, name: it.alias ?? defaultName(it.expr, items.length) });
      }
    }
    const isAgg = !!s.groupBy || s.items.some((i) => this.containsAggregate(i.expr)) || (s.having !== undefined) || orderBy.some((o) => this.containsAggregate(o.expr));
    let agg: AggContext | null = null;
    if (isAgg) {
      const keyExprs = (s.groupBy?.exprs ?? []).map((e) => {
        if (this.containsAggregate(e)) throw validationError('aggregate functions are not allowed in GROUP BY', e.pos);
        return this.bindExpr(e, scope, env, null);
      });
      agg = { keys: [], aggs: [], inputScope: scope };
      for (const k of keyExprs) {
        const key = exprKey(k);
        if (agg.keys.some((x) => x.key === key)) continue;
        const src = k.k === 'col' ? scope.entries.find((e) => e.field.id === k.id) : undefined;
        agg.keys.push({ key, expr: k, field: newField(src?.name ?? `_c${agg.keys.length}`, k.type, src?.qualifier) });
      }
      if (s.groupBy && s.groupBy.mode !== 'plain') agg.grouping = this.groupingSets(s.groupBy, agg, scope, env);
    }
    const outerWindows = this.windowCalls;
    this.windowCalls = [];
    const outerJoins = this.subqueryJoins;
    const itemJoins: ((p: LogicalPlan) => LogicalPlan)[] = [];
    this.subqueryJoins = itemJoins;
    const bindItem = (e: A.Expr) => this.bindExpr(e, scope, env, agg);
    const exprs: BExpr[] = items.map((it) => {
      if (it.expr) return bindItem(it.expr);
      if (agg) return this.groupKeyRef(col(it.field!.id, it.field!.type), agg, it.name, s.pos);
      return col(it.field!.id, it.field!.type);
    });
    const windows = this.windowCalls;
    this.windowCalls = null;
    const having = s.having ? this.bindBooleanWith(s.having, scope, env, agg) : null;
    this.windowCalls = windows;
    // ORDER BY: an output alias, a position, or an expression (added as a hidden column).
    const sortKeys: { index: number; desc: boolean; nullsFirst: boolean }[] = [];
    const hidden: BExpr[] = [];
    const hiddenNames: string[] = [];
    for (const o of orderBy) {
      let index = -1;
      if (o.expr.kind === 'literal' && o.expr.type === 'integer') {
        const n = Number(o.expr.text);
        if (n < 1 || n > items.length) throw validationError(`ORDER BY position ${n} is not in the select list (1..${items.length})`, o.expr.pos);
        index = n - 1;
      } else if (o.expr.kind === 'column' && !o.expr.qualifier && items.some((it) => it.name === (o.expr as { name: string }).name && it.expr)) {
        index = items.findIndex((it) => it.name === (o.expr as { name: string }).name);
      } else {
        let bound: BExpr;
        try {
          bound = bindItem(o.expr);
        } catch (err) {
          // An expression over select aliases (ORDER BY CASE WHEN alias = 0 …): bind it with
          // each alias that is not a column in scope replaced by its select expression.
          const aliased = replaceAliases(o.expr, (name) => {
            if (scope.entries.some((x) => x.name === name)) return undefined;
            return items.find((it) => it.name === name && it.expr)?.expr ?? undefined;
          });
          if (aliased !== o.expr) {
            bound = bindItem(aliased);
            const key = exprKey(bound);
            let i = exprs.findIndex((x) => exprKey(x) === key);
            if (i < 0) { i = exprs.length + hidden.length; hidden.push(bound); hiddenNames.push(`_o${hidden.length}`); }
            sortKeys.push({ index: i, desc: o.desc, nullsFirst: o.nullsFirst ?? !o.desc });
            continue;
          }
          if (o.expr.kind === 'column' && !o.expr.qualifier) {
            const i = items.findIndex((it) => it.name === (o.expr as { name: string }).name);
            if (i >= 0) { sortKeys.push({ index: i, desc: o.desc, nullsFirst: o.nullsFirst ?? !o.desc }); continue; }
          }
          throw err;
        }
        const key = exprKey(bound);
        index = exprs.findIndex((x) => exprKey(x) === key);
        if (index < 0) {
          index = exprs.length + hidden.length;
          hidden.push(bound);
          hiddenNames.push(`_o${hidden.length}`);
        }
      }
      sortKeys.push({ index, desc: o.desc, nullsFirst: o.nullsFirst ?? !o.desc });
    }
    if (agg?.grouping) {
      const g = agg.grouping;
      // One grouping id (bit i set where key i is rolled up) tells the sets apart: one key
      // column for the aggregate to hash and the shuffle to move instead of one flag per
      // key (q67: 9 columns instead of 16). grouping() reads the flags decoded from it.
      const gidOut = newField('_grouping_id', T.int);
      plan = { op: 'expand', input: plan, keys: agg.keys.map((k) => k.expr), sets: g.sets, fields: [...plan.fields, ...g.keyFields, g.gidField] };
      plan = {
        op: 'aggregate', input: plan, keys: [...g.keyFields, g.gidField].map((f) => col(f.id, f.type)), aggs: agg.aggs.map((a) => a.call),
        fields: [...agg.keys.map((k) => k.field), gidOut, ...agg.aggs.map((a) => a.field)],
        emptyInput: g.sets.some((x) => x.length === 0) ? [...g.keyFields.map(() => null), 2 ** g.keyFields.length - 1] : undefined,
      };
      const gid = col(gidOut.id, T.int);
      const flag = (i: number): BExpr => ({
        k: 'case', type: T.int, else: lit(0, T.int),
        whens: [{ when: call('ne', [call('bitand', [gid, lit(2 ** i, T.int)], T.int), lit(0, T.int)], T.boolean), then: lit(1, T.int) }],
      });
      plan = {
        op: 'project', input: plan,
        exprs: [...agg.keys.map((k) => col(k.field.id, k.field.type)), ...g.flagOut.map((_, i) => flag(i)), ...agg.aggs.map((a) => col(a.field.id, a.field.type))],
        fields: [...agg.keys.map((k) => k.field), ...g.flagOut, ...agg.aggs.map((a) => a.field)],
      };
      for (const j of itemJoins) plan = j(plan);
      if (having) plan = { op: 'filter', input: plan, cond: having, fields: plan.fields };
    } else if (agg) {
      plan = {
        op: 'aggregate', input: plan, keys: agg.keys.map((k) => k.expr), aggs: agg.aggs.map((a) => a.call),
        fields: [...agg.keys.map((k) => k.field), ...agg.aggs.map((a) => a.field)],
      };
      for (const j of itemJoins) plan = j(plan);
      if (having) plan = { op: 'filter', input: plan, cond: having, fields: plan.fields };
    } else for (const j of itemJoins) plan = j(plan);
    this.subqueryJoins = outerJoins;
    this.windowCalls = outerWindows;
    if (windows.length > 0) {
      plan = { op: 'window', input: plan, calls: windows.map((w) => w.call), fields: [...plan.fields, ...windows.map((w) => w.field)] };
    }
    const names = items.map((i) => i.name);
    const allExprs = [...exprs, ...hidden];
    const outFields = allExprs.map((e, i) => {
      const name = i < names.length ? names[i] : hiddenNames[i - names.length];
      const srcField = e.k === 'col' ? plan.fields.find((f) => f.id === e.id) : undefined;
      return newField(name, e.type, srcField?.qualifier);
    });
    plan = { op: 'project', input: plan, exprs: allExprs, fields: outFields };
    if (s.distinct) {
      if (hidden.length) throw validationError('ORDER BY with SELECT DISTINCT must use selected columns', s.pos);
      const f2 = outFields.map((f) => newField(f.name, f.type, f.qualifier));
      plan = { op: 'aggregate', input: plan, keys: outFields.map((f) => col(f.id, f.type)), aggs: [], fields: f2 };
    }
    if (sortKeys.length) {
      const fs = plan.fields;
      plan = {
        op: 'sort', input: plan, limit,
        keys: sortKeys.map((k) => ({ expr: col(fs[k.index].id, fs[k.index].type), desc: k.desc, nullsFirst: k.nullsFirst })),
        fields: fs,
      };
    }
    if (limit !== undefined) plan = { op: 'limit', input: plan, n: limit, fields: plan.fields };
    if (hidden.length) {
      const fs = plan.fields.slice(0, names.length);
      plan = { op: 'project', input: plan, exprs: fs.map((f) => col(f.id, f.type)), fields: fs.map((f) => newField(f.name, f.type, f.qualifier)) };
    }
    return { plan, names };
  }

  /** The grouping sets of ROLLUP (each prefix of the keys), CUBE (every subset) or
   *  GROUPING SETS (as listed; each expression must be a GROUP BY key). */
  private groupingSets(g: A.GroupBy, agg: AggContext, scope: Scope, env: Map<string, A.Query>): NonNullable<AggContext['grouping']> {
    const n = agg.keys.length;
    if (n > 30) throw unsupported(`grouping sets over ${n} keys (at most 30)`);
    let sets: number[][];
    if (g.mode === 'rollup') sets = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n - i }, (_, k) => k));
    else if (g.mode === 'cube') {
      if (n > 12) throw unsupported(`CUBE over ${n} keys (at most 12)`);
      sets = Array.from({ length: 1 << n }, (_, m) => Array.from({ length: n }, (_, k) => k).filter((k) => ((m >> (n - 1 - k)) & 1) === 0));
    } else {
      sets = (g.sets ?? []).map((set) => set.map((e) => {
        const key = exprKey(this.bindExpr(e, scope, env, null));
        const i = agg.keys.findIndex((k) => k.key === key);
        if (i < 0) throw validationError('a GROUPING SETS expression must be one of the GROUP BY expressions', e.pos);
        return i;
      }));
    }
    return {
      sets,
      keyFields: agg.keys.map((k) => newField(k.field.name, k.field.type)),
      gidField: newField('_gid', T.int),
      flagOut: agg.keys.map((_, i) => newField(`_grouping${i}`, T.int)),
    };
  }

  // ------------------------------------------------------------------ subqueries
  /** A column of an enclosing query (correlation); only the next one out is supported. */
  private resolveOuter(e: A.Expr & { kind: 'column' }): Field | null {
    for (let i = this.outerScopes.length - 1; i >= 0; i--) {
      let f: Field;
      try { f = this.outerScopes[i].resolve(e.qualifier, e.name, e.pos); } catch { continue; }
      if (i !== this.outerScopes.length - 1) throw unsupported(`a reference to ${e.qualifier ? e.qualifier + '.' : ''}${e.name} from a subquery two levels in`, e.pos);
      this.outerRefs?.add(f.id);
      return f;
    }
    return null;
  }

  /** Binds a subquery with `scope` as its outer scope; returns it with the outer ids it reads. */
  private bindSubquery(q: A.Query, scope: Scope, env: Map<string, A.Query>): { plan: LogicalPlan; outer: Set<number> } {
    const saved = { refs: this.outerRefs, joins: this.subqueryJoins, windows: this.windowCalls };
    this.outerScopes.push(scope);
    this.outerRefs = new Set();
    this.subqueryJoins = null;
    this.windowCalls = null;
    try {
      const b = this.bindQuery(q, env);
      return { plan: b.plan, outer: this.outerRefs };
    } finally {
      this.outerScopes.pop();
      this.outerRefs = saved.refs;
      this.subqueryJoins = saved.joins;
      this.windowCalls = saved.windows;
    }
  }

  private joinSink(pos: A.Pos): ((p: LogicalPlan) => LogicalPlan)[] {
    if (!this.subqueryJoins) throw unsupported('a subquery in this clause (only in WHERE, HAVING and the SELECT list)', pos);
    return this.subqueryJoins;
  }

  /** [NOT] EXISTS and [NOT] IN (subquery) conjuncts of WHERE, as semi and anti joins. */
  private subqueryConjunct(c: A.Expr, scope: Scope, env: Map<string, A.Query>): ((p: LogicalPlan) => LogicalPlan) | null {
    let negated = false;
    let x = c;
    if (x.kind === 'unary' && x.op === 'not' && (x.arg.kind === 'exists' || x.arg.kind === 'inSubquery')) { negated = true; x = x.arg; }
    if (x.kind === 'exists') {
      const sub = this.bindSubquery(x.query, scope, env);
      const { plan: right, correlated } = takeCorrelated(underProject(sub.plan), sub.outer, x.pos);
      const cond = and(correlated);
      const kind = negated ? 'anti' as const : 'semi' as const;
      return (p) => ({ op: 'join', kind, left: p, right, cond, fields: p.fields });
    }
    if (x.kind !== 'inSubquery') return null;
    negated = negated !== x.negated;
    const arg = this.bindExpr(x.arg, scope, env, null);
    const sub = this.bindSubquery(x.query, scope, env);
    if (sub.plan.fields.length !== 1) throw validationError(`an IN subquery must return one column, not ${sub.plan.fields.length}`, x.pos);
    const y = sub.plan.fields[0];
    const match = this.callFn('eq', [arg, col(y.id, y.type)], x.pos);
    if (sub.outer.size > 0) {
      if (negated) throw unsupported('NOT IN with a correlated subquery', x.pos);
      const top = sub.plan;
      if (top.op !== 'project') throw unsupported('this correlated IN subquery', x.pos);
      const { plan: body, correlated } = takeCorrelated(top.input, sub.outer, x.pos);
      const right: LogicalPlan = { ...top, input: body };
      return (p) => ({ op: 'join', kind: 'semi', left: p, right, cond: and([match, ...correlated]), fields: p.fields });
    }
    if (!negated) return (p) => ({ op: 'join', kind: 'semi', left: p, right: sub.plan, cond: match, fields: p.fields });
    // NOT IN keeps a row only when no subquery value equals it and, unless the subquery
    // is empty, neither it nor any subquery value is NULL.
    const stats = this.subqueryCounts(sub.plan, y, x.pos);
    const [cnt, nonNull] = stats.fields;
    const empty = this.callFn('eq', [col(cnt.id, cnt.type), lit(0, T.int)], x.pos);
    const clean = call('and', [call('isnotnull', [arg], T.boolean), this.callFn('eq', [col(nonNull.id, nonNull.type), col(cnt.id, cnt.type)], x.pos)], T.boolean);
    return (p) => {
      const anti: LogicalPlan = { op: 'join', kind: 'anti', left: p, right: sub.plan, cond: match, fields: p.fields };
      const crossed: LogicalPlan = { op: 'join', kind: 'inner', left: anti, right: stats, cond: null, fields: [...p.fields, ...stats.fields] };
      return { op: 'filter', input: crossed, cond: call('or', [empty, clean], T.boolean), fields: crossed.fields };
    };
  }

  /** count(*) and count(y) of a subquery, as one row. */
  private subqueryCounts(sub: LogicalPlan, y: Field, pos: A.Pos): LogicalPlan {
    const aggs = [this.aggregateCall('count', [], true, false, pos), this.aggregateCall('count', [col(y.id, y.type)], false, false, pos)];
    return { op: 'aggregate', input: sub, keys: [], aggs, fields: [newField('_sq_count', aggs[0].type), newField('_sq_nonnull', aggs[1].type)] };
  }

  /** A scalar subquery's value: uncorrelated, its one row joined in (more rows fail the
   *  query); correlated, its aggregate grouped by the correlation and left-joined. */
  private scalarSubquery(e: A.Expr & { kind: 'subquery' }, scope: Scope, env: Map<string, A.Query>): BExpr {
    const sink = this.joinSink(e.pos);
    const sub = this.bindSubquery(e.query, scope, env);
    if (sub.plan.fields.length !== 1) throw validationError(`a scalar subquery must return one column, not ${sub.plan.fields.length}`, e.pos);
    if (sub.outer.size > 0) {
      const g = groupedScalar(sub.plan, sub.outer, e.pos);
      const cond = and(g.outerKeys.map((o, i) => this.callFn('eq', [o, col(g.innerKeys[i].id, g.innerKeys[i].type)], e.pos)));
      sink.push((p) => ({ op: 'join', kind: 'left', left: p, right: g.plan, cond, fields: [...p.fields, ...g.plan.fields] }));
      const v = g.plan.fields[0];
      return g.isCount ? call('coalesce', [col(v.id, v.type), lit(0, v.type)], v.type) : col(v.id, v.type);
    }
    const v = sub.plan.fields[0];
    if (isOneRow(sub.plan)) {
      // A global aggregate has exactly one row: joined as it is (mergeGlobalAggregates can
      // then compute several over one table in one pass, q9).
      sink.push((p) => ({ op: 'join', kind: 'inner', left: p, right: sub.plan, cond: null, fields: [...p.fields, v] }));
      return col(v.id, v.type);
    }
    const aggs = [this.aggregateCall('count', [], true, false, e.pos), this.aggregateCall('max', [col(v.id, v.type)], false, false, e.pos)];
    const n = newField('_sq_rows', aggs[0].type), m = newField('_sq_value', aggs[1].type);
    const one: LogicalPlan = { op: 'aggregate', input: sub.plan, keys: [], aggs, fields: [n, m] };
    const check = this.callFn('single_row_check', [col(n.id, n.type)], e.pos);
    sink.push((p) => {
      const j: LogicalPlan = { op: 'join', kind: 'inner', left: p, right: one, cond: null, fields: [...p.fields, n, m] };
      return { op: 'filter', input: j, cond: check, fields: j.fields };
    });
    return col(m.id, m.type);
  }

  /** EXISTS inside an expression: a left join with the distinct correlation keys (or the
   *  row count, uncorrelated) marks the rows that have a match. */
  private existsValue(e: A.Expr & { kind: 'exists' }, scope: Scope, env: Map<string, A.Query>): BExpr {
    const sink = this.joinSink(e.pos);
    const sub = this.bindSubquery(e.query, scope, env);
    const body = underProject(sub.plan);
    if (sub.outer.size === 0) {
      const aggs = [this.aggregateCall('count', [], true, false, e.pos)];
      const n = newField('_sq_rows', aggs[0].type);
      const counted: LogicalPlan = { op: 'aggregate', input: body, keys: [], aggs, fields: [n] };
      sink.push((p) => ({ op: 'join', kind: 'inner', left: p, right: counted, cond: null, fields: [...p.fields, n] }));
      return this.callFn('gt', [col(n.id, n.type), lit(0, T.int)], e.pos);
    }
    const { plan, correlated } = takeCorrelated(body, sub.outer, e.pos);
    const sides = correlated.map((c) => equalitySides(c, sub.outer));
    if (sides.some((x) => x === null)) throw unsupported('EXISTS correlated other than by equalities, inside OR or another expression', e.pos);
    const pairs = sides as { outer: BExpr; inner: BExpr }[];
    const keys = pairs.map((x, i) => newField(`_ek${i}`, x.inner.type));
    const distinct: LogicalPlan = { op: 'aggregate', input: plan, keys: pairs.map((x) => x.inner), aggs: [], fields: keys };
    const marked = this.marked(distinct);
    const cond = and(pairs.map((x, i) => this.callFn('eq', [x.outer, col(marked.fields[i].id, keys[i].type)], e.pos)));
    sink.push((p) => ({ op: 'join', kind: 'left', left: p, right: marked, cond, fields: [...p.fields, ...marked.fields] }));
    const m = marked.fields[marked.fields.length - 1];
    return call('isnotnull', [col(m.id, m.type)], T.boolean);
  }

  /** The plan's columns plus a TRUE column, which is NULL where a left join found no row. */
  private marked(p: LogicalPlan): LogicalPlan {
    const fields = [...p.fields.map((f) => newField(f.name, f.type)), newField('_mark', T.boolean)];
    return { op: 'project', input: p, exprs: [...p.fields.map((f) => col(f.id, f.type)), lit(true, T.boolean)], fields };
  }

  /** [NOT] IN (subquery) inside an expression, with SQL's NULLs: TRUE on a match; else NULL
   *  when the value or some subquery value is NULL (and the subquery is not empty); else FALSE. */
  private inSubqueryValue(e: A.Expr & { kind: 'inSubquery' }, scope: Scope, env: Map<string, A.Query>, bind: (x: A.Expr) => BExpr): BExpr {
    const sink = this.joinSink(e.pos);
    const arg = bind(e.arg);
    const sub = this.bindSubquery(e.query, scope, env);
    if (sub.outer.size > 0) throw unsupported('a correlated IN subquery inside OR or another expression', e.pos);
    if (sub.plan.fields.length !== 1) throw validationError(`an IN subquery must return one column, not ${sub.plan.fields.length}`, e.pos);
    const y = sub.plan.fields[0];
    const k = newField('_ik', y.type);
    const marked = this.marked({ op: 'aggregate', input: sub.plan, keys: [col(y.id, y.type)], aggs: [], fields: [k] });
    const stats = this.subqueryCounts(sub.plan, y, e.pos);
    const cond = this.callFn('eq', [arg, col(marked.fields[0].id, k.type)], e.pos);
    sink.push((p) => {
      const j: LogicalPlan = { op: 'join', kind: 'left', left: p, right: marked, cond, fields: [...p.fields, ...marked.fields] };
      return { op: 'join', kind: 'inner', left: j, right: stats, cond: null, fields: [...j.fields, ...stats.fields] };
    });
    const m = marked.fields[1];
    const [cnt, nonNull] = stats.fields;
    const matched = call('isnotnull', [col(m.id, m.type)], T.boolean);
    const unknown = call('or', [call('isnull', [arg], T.boolean), this.callFn('lt', [col(nonNull.id, nonNull.type), col(cnt.id, cnt.type)], e.pos)], T.boolean);
    const empty = this.callFn('eq', [col(cnt.id, cnt.type), lit(0, T.int)], e.pos);
    const value: BExpr = {
      k: 'case', type: T.boolean, else: lit(false, T.boolean),
      whens: [{ when: matched, then: lit(true, T.boolean) }, { when: empty, then: lit(false, T.boolean) }, { when: unknown, then: lit(null, T.boolean) }],
    };
    return e.negated ? call('not', [value], T.boolean) : value;
  }

  /** grouping(k, …): the rolled-up flags of GROUP BY keys in this row. */
  private bindGrouping(e: A.Expr & { kind: 'func' }, env: Map<string, A.Query>, agg: AggContext | null): BExpr {
    if (!agg) throw validationError('grouping() needs GROUP BY', e.pos);
    if (e.args.length === 0) throw validationError('grouping() needs at least one GROUP BY key', e.pos);
    const flags = e.args.map((a) => {
      const key = exprKey(this.bindExpr(a, agg.inputScope, env, null));
      const i = agg.keys.findIndex((k) => k.key === key);
      if (i < 0) throw validationError('the argument of grouping() must be a GROUP BY expression', a.pos);
      return agg.grouping ? col(agg.grouping.flagOut[i].id, T.int) : lit(0, T.int);
    });
    return flags.reduce((acc, f) => this.callFn('add', [this.callFn('multiply', [acc, lit(2, T.int)], e.pos), f], e.pos));
  }

  private groupKeyRef(e: BExpr, agg: AggContext, shown: string, pos: A.Pos): BExpr {
    const key = exprKey(e);
    const k = agg.keys.find((x) => x.key === key);
    if (!k) throw validationError(`expression '${shown}' is not in GROUP BY and is not an aggregate`, pos);
    return col(k.field.id, k.field.type);
  }

  private bindBoolean(e: A.Expr, scope: Scope, env: Map<string, A.Query>): BExpr {
    return this.bindBooleanWith(e, scope, env, null);
  }

  private bindBooleanWith(e: A.Expr, scope: Scope, env: Map<string, A.Query>, agg: AggContext | null): BExpr {
    const b = this.bindExpr(e, scope, env, agg);
    if (b.type.id === 'boolean' || b.type.id === 'void') return b;
    throw validationError(`condition must be boolean, got ${typeToString(b.type)}`, e.pos);
  }

  // ------------------------------------------------------------------ expressions
  bindExpr(e: A.Expr, scope: Scope, env: Map<string, A.Query>, agg: AggContext | null): BExpr {
    if (e.kind === 'func' && e.name.toLowerCase() === 'grouping' && !e.over) return this.bindGrouping(e, env, agg);
    if (e.kind === 'func' && !this.resolveFunction(e.name)) {
      const hint = this.ctx.functionHint?.(e.name);
      throw validationError(`invalid function ${e.name}${hint ? `: ${hint}` : ''}`, e.pos);
    }
    if (agg && e.kind !== 'literal' && !this.containsAggregate(e) && !containsWindow(e) && !containsSubquery(e)) {
      // In an aggregate query a non-aggregate expression must be a GROUP BY key or be
      // built from keys.
      let plain: BExpr | null = null;
      try { plain = this.bindExpr(e, agg.inputScope, env, null); } catch (err) { if (e.kind === 'column') throw err; }
      if (plain) {
        const k = agg.keys.find((x) => x.key === exprKey(plain!));
        if (k) return col(k.field.id, k.field.type);
        if (plain.k === 'lit') return plain;
      }
      if (e.kind === 'column') throw validationError(`column '${e.qualifier ? e.qualifier + '.' : ''}${e.name}' is not in GROUP BY and is not in an aggregate function`, e.pos);
    }
    const bind = (x: A.Expr) => this.bindExpr(x, scope, env, agg);
    switch (e.kind) {
      case 'literal': return bindLiteral(e);
      case 'interval': throw validationError('an interval can only be added to or subtracted from a date', e.pos);
      case 'column': {
        try {
          return ((f) => col(f.id, f.type))(scope.resolve(e.qualifier, e.name, e.pos));
        } catch (err) {
          // s.f / t.s.f: a struct column's field when the qualifier is not a table alias.
          const path = e.qualifier ? this.structPath(e.qualifier, e.name, scope, e.pos) : null;
          if (path) return path;
          const outer = this.resolveOuter(e);
          if (outer) return col(outer.id, outer.type);
          throw err;
        }
      }
      case 'index': return this.callFn('index', [bind(e.arg), bind(e.index)], e.pos, index);
      case 'field': return structField(bind(e.arg), e.name, e.pos);
      case 'star': throw validationError('* is not allowed here', e.pos);
      case 'unary': {
        const a = bind(e.arg);
        if (e.op === 'not') return foldConstant(call('not', [castTo(a, T.boolean)], T.boolean));
        if (e.op === '+') return a;
        if (e.op === '~') return this.callFn('~', [a], e.pos);
        return this.callFn('negative', [a], e.pos);
      }
      case 'is': {
        const a = bind(e.arg);
        if (e.test === 'null') return call(e.negated ? 'isnotnull' : 'isnull', [a], T.boolean);
        const c = call(e.test === 'true' ? 'istrue' : 'isfalse', [castTo(a, T.boolean)], T.boolean);
        return e.negated ? call('not', [c], T.boolean) : c;
      }
      case 'between': {
        const a = bind(e.arg), lo = bind(e.low), hi = bind(e.high);
        const both = call('and', [this.callFn('ge', [a, lo], e.pos), this.callFn('le', [a, hi], e.pos)], T.boolean);
        return e.negated ? call('not', [both], T.boolean) : both;
      }
      case 'in': {
        const a = bind(e.arg);
        const list = e.list.map(bind);
        let t: DataType | null = a.type;
        for (const x of list) { t = t ? commonType(t, x.type) : null; }
        if (!t) throw validationError(`IN list types do not match ${typeToString(a.type)}`, e.pos);
        const r: BExpr = { k: 'in', arg: castTo(a, t), list: list.map((x) => foldConstant(castTo(x, t!))), type: T.boolean };
        return e.negated ? call('not', [r], T.boolean) : r;
      }
      case 'inSubquery': return this.inSubqueryValue(e, scope, env, bind);
      case 'exists': return this.existsValue(e, scope, env);
      case 'subquery': return this.scalarSubquery(e, scope, env);
      case 'like': {
        const r = this.callFn(e.op, [bind(e.arg), bind(e.pattern)], e.pos);
        return e.negated ? call('not', [r], T.boolean) : r;
      }
      case 'case': {
        const operand = e.operand ? bind(e.operand) : null;
        const whens = e.whens.map((w) => ({
          when: operand ? this.callFn('eq', [operand, bind(w.when)], w.when.pos) : castTo(bind(w.when), T.boolean),
          then: bind(w.then),
        }));
        const els = e.else ? bind(e.else) : null;
        let t: DataType = T.void;
        for (const x of [...whens.map((w) => w.then), ...(els ? [els] : [])]) {
          const c = commonType(t, x.type);
          if (!c) throw validationError(`CASE branches have incompatible types ${typeToString(t)} and ${typeToString(x.type)}`, e.pos);
          t = c;
        }
        if (t.id === 'void') t = T.string;
        return { k: 'case', whens: whens.map((w) => ({ when: w.when, then: castTo(w.then, t) })), else: els ? castTo(els, t) : null, type: t };
      }
      case 'cast': return foldConstant(castTo(bind(e.arg), e.type));
      case 'binary': return this.bindBinary(e, bind);
      case 'func': return this.bindFunc(e, env, agg, bind);
    }
  }

  private bindBinary(e: A.Expr & { kind: 'binary' }, bind: (x: A.Expr) => BExpr): BExpr {
    if ((e.op === '+' || e.op === '-') && (e.right.kind === 'interval' || e.left.kind === 'interval')) {
      const [d, iv] = e.right.kind === 'interval' ? [e.left, e.right] : [e.right, e.left];
      if (iv.kind !== 'interval') throw validationError('bad interval arithmetic', e.pos);
      if (iv.unit !== 'day') throw unsupported(`interval of ${iv.unit}s`, iv.pos);
      const base = bind(d);
      const n = lit(e.op === '-' ? -iv.value : iv.value, T.int);
      return this.callFn('date_add', [base, n], e.pos);
    }
    const l = bind(e.left), r = bind(e.right);
    switch (e.op) {
      case 'and': case 'or': return foldConstant(call(e.op, [castTo(l, T.boolean), castTo(r, T.boolean)], T.boolean));
      case '<=>': {
        const t = commonType(l.type, r.type);
        if (!t) throw validationError(`cannot compare ${typeToString(l.type)} with ${typeToString(r.type)}`, e.pos);
        return call('nseq', [castTo(l, t), castTo(r, t)], T.boolean);
      }
      case '||': return this.callFn('concat', [l, r], e.pos);
      default: return this.callFn(e.op, [l, r], e.pos);
    }
  }

  private bindWindow(e: A.Expr & { kind: 'func' }, over: A.WindowSpec, bind: (x: A.Expr) => BExpr): BExpr {
    const sink = this.windowCalls;
    if (!sink) throw validationError(`window function ${e.name} is only allowed in SELECT and ORDER BY`, e.pos);
    if (e.distinct) throw unsupported(`${e.name}(DISTINCT …) OVER (…)`, e.pos);
    let args = e.args.map(bind);
    const partitionBy = over.partitionBy.map(bind);
    const orderBy = over.orderBy.map((o) => ({ expr: bind(o.expr), desc: o.desc, nullsFirst: o.nullsFirst ?? !o.desc }));
    const arity = (lo: number, hi: number) => {
      if (args.length < lo || args.length > hi) throw validationError(`${e.name} expects ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi === 1 ? '' : 's'}, got ${args.length}`, e.pos);
    };
    const constantInt = (a: BExpr, what: string) => {
      if (a.k !== 'lit' || typeof a.value !== 'number' || !Number.isInteger(a.value) || a.value < 0) throw validationError(`${e.name}: ${what} must be a non-negative integer constant`, e.pos);
    };
    let type: DataType;
    let agg: AggCall | undefined;
    if (RANKING.has(e.name)) {
      if (orderBy.length === 0 && e.name !== 'row_number') throw validationError(`${e.name} needs ORDER BY in its window`, e.pos);
      if (e.name === 'ntile') { arity(1, 1); constantInt(args[0], 'the number of buckets'); } else arity(0, 0);
      type = e.name === 'percent_rank' || e.name === 'cume_dist' ? T.double : T.int;
    } else if (e.name === 'lag' || e.name === 'lead') {
      arity(1, 3);
      type = args[0].type.id === 'void' ? T.string : args[0].type;
      if (args[1]) constantInt(args[1], 'the offset');
      if (args[2]) args = [args[0], args[1], castTo(args[2], type)];
    } else if (e.name === 'first_value' || e.name === 'last_value') {
      arity(1, 1);
      type = args[0].type;
    } else if (this.resolveFunction(e.name)?.kind === 'aggregate') {
      const c = this.aggregateCall(e.name, args, e.star, false, e.pos);
      args = c.args;
      type = c.type;
      // count/sum/avg/min/max of the core module run on prefix sums; others fold frames.
      if (!(CORE_AGGREGATES.includes(c.impl) && ['count', 'sum', 'avg', 'min', 'max'].includes(c.fn) && c.args.length <= 1)) agg = c;
    } else throw unsupported(`window function ${e.name}`, e.pos);
    const frame = parseFrame(over.frame, orderBy.length > 0, e.pos);
    const offset = (b: FrameBound) => b.kind === 'preceding' || b.kind === 'following';
    if (frame.unit === 'range' && (offset(frame.start) || offset(frame.end))) {
      // Value offsets compare the one ORDER BY key; decimals are held scaled, so is n.
      const t = orderBy.length === 1 ? orderBy[0].expr.type : null;
      if (!t || !(isNumeric(t) || t.id === 'date')) throw validationError('a RANGE frame with an offset needs exactly one numeric or date ORDER BY key', e.pos);
      if (t.id === 'decimal') for (const b of [frame.start, frame.end]) if (offset(b)) (b as { n: number }).n *= 10 ** t.scale;
    }
    const call: WindowCall = { fn: e.name, args, partitionBy, orderBy, frame, type, agg };
    const key = JSON.stringify([call.fn, args.map(exprKey), partitionBy.map(exprKey), orderBy.map((o) => [exprKey(o.expr), o.desc, o.nullsFirst]), frame]);
    let w = sink.find((x) => x.key === key);
    if (!w) {
      w = { key, call, field: newField(`_w${sink.length}`, type) };
      sink.push(w);
    }
    return col(w.field.id, w.field.type);
  }

  /** Calls an operator kernel (add, eq, …) or a scalar function from the modules. */
  private callFn(name: string, args: BExpr[], pos: A.Pos, fn?: ScalarFunction): BExpr {
    const shown = /^[a-z_][a-z_0-9]*$/.test(name) ? name : `operator ${name}`;
    const impl = fn ?? lookupFunction(name);
    if (!impl) throw validationError(`invalid function ${name}`, pos);
    const resolved = impl.resolve(args.map((a) => a.type), args.map(literalValue));
    if (!resolved) throw validationError(`${shown}: cannot apply to (${args.map((a) => typeToString(a.type)).join(', ')})${impl.usage ? `; usage: ${impl.usage}` : ''}`, pos);
    if (impl.atStatementStart) return lit(impl.atStatementStart(this.startedAt), resolved.result);
    const cast = args.map((a, i) => castTo(a, resolved.args[i]));
    const e: BExpr = { k: 'call', fn: impl.name, args: cast, type: resolved.result, impl };
    return impl.volatile ? e : foldConstant(e);
  }

  /** Resolves qualifier.name as column[.field…] (optionally table-qualified), or null. */
  private structPath(qualifier: string, name: string, scope: Scope, pos: A.Pos): BExpr | null {
    const parts = [...qualifier.split('.'), name];
    for (const start of [0, 1]) {
      if (parts.length - start < 2) continue;
      const table = start === 1 ? parts[0] : undefined;
      const match = scope.entries.filter((x) => x.name === parts[start] && (table === undefined || x.qualifier === table || x.qualifier?.endsWith('.' + table)));
      if (match.length !== 1) continue;
      let e: BExpr = col(match[0].field.id, match[0].field.type);
      for (const f of parts.slice(start + 1)) e = structField(e, f, pos);
      return e;
    }
    return null;
  }

  private containsAggregate(e: A.Expr): boolean {
    return anyCall(e, (f) => !f.over && this.resolveFunction(f.name)?.kind === 'aggregate');
  }

  private aggregateCall(name: string, args: BExpr[], star: boolean, distinct: boolean, pos: A.Pos): AggCall {
    const impl = this.resolveFunction(name) as AggregateFunction;
    if (star && name !== 'count') throw validationError(`${name}(*) is not allowed; only count(*)`, pos);
    if (star) args = [];
    else if (name === 'count' && args.length === 0) throw validationError('count needs an argument or *', pos);
    const constants = args.map(literalValue);
    const r = impl.resolve(args.map((a) => a.type), constants, distinct);
    if (!r) throw validationError(`${name}: cannot apply to (${args.map((a) => typeToString(a.type)).join(', ')})${impl.usage ? `; usage: ${impl.usage}` : ''}`, pos);
    const cast = args.map((a, i) => castTo(a, r.args[i]));
    return { fn: impl.name, args: cast, distinct, type: r.result, impl, constants: cast.map(literalValue) };
  }

  private bindFunc(e: A.Expr & { kind: 'func' }, env: Map<string, A.Query>, agg: AggContext | null, bind: (x: A.Expr) => BExpr): BExpr {
    if (e.over) return this.bindWindow(e, e.over, bind);
    const def = this.resolveFunction(e.name)!;
    if (def.kind === 'aggregate') {
      if (!agg) throw validationError(`aggregate function ${e.name} is not allowed here`, e.pos);
      if (e.args.some((a) => this.containsAggregate(a))) throw validationError('aggregate functions cannot be nested', e.pos);
      const args = e.args.map((a) => this.bindExpr(a, agg.inputScope, env, null));
      const c = this.aggregateCall(e.name, args, e.star, e.distinct, e.pos);
      const key = `${c.fn}(${c.distinct ? 'distinct ' : ''}${c.args.map(exprKey).join(',') || '*'})`;
      let a = agg.aggs.find((x) => x.key === key);
      if (!a) {
        a = { key, call: c, field: newField(`_agg${agg.aggs.length}`, c.type) };
        agg.aggs.push(a);
      }
      return col(a.field.id, a.field.type);
    }
    if (e.distinct || e.star) throw validationError(`${e.name}(${e.star ? '*' : 'DISTINCT …'}) is only allowed for aggregate functions`, e.pos);
    const args = e.args.map(bind);
    switch (e.name) {
      case 'coalesce': case 'nvl': {
        if (args.length === 0 || (e.name === 'nvl' && args.length !== 2)) throw validationError(`${e.name} expects ${e.name === 'nvl' ? '2 arguments' : 'at least one argument'}`, e.pos);
        let t: DataType = T.void;
        for (const a of args) { const c = commonType(t, a.type); if (!c) throw validationError(`${e.name} arguments have incompatible types`, e.pos); t = c; }
        return call('coalesce', args.map((a) => castTo(a, t)), t);
      }
      case 'if': {
        if (args.length !== 3) throw validationError('if expects 3 arguments', e.pos);
        const t = commonType(args[1].type, args[2].type);
        if (!t) throw validationError('if branches have incompatible types', e.pos);
        return { k: 'case', whens: [{ when: castTo(args[0], T.boolean), then: castTo(args[1], t) }], else: castTo(args[2], t), type: t };
      }
      case 'nullif': {
        if (args.length !== 2) throw validationError('nullif expects 2 arguments', e.pos);
        return { k: 'case', whens: [{ when: this.callFn('eq', args, e.pos), then: lit(null, args[0].type) }], else: args[0], type: args[0].type };
      }
      case 'isnull': case 'isnotnull':
        if (args.length !== 1) throw validationError(`${e.name} expects 1 argument`, e.pos);
        return call(e.name, args, T.boolean);
      case 'current_database': case 'current_user': case 'logged_in_user': case 'version':
        if (args.length) throw validationError(`${e.name} takes no arguments`, e.pos);
        return lit(this.ctx.sessionValue?.(e.name) ?? null, T.string);
    }
    if (def.kind === 'special') {
      // Type conversion functions: int(x), string(x), decimal(x) … are CASTs.
      if (args.length !== 1) throw validationError(`${e.name} expects 1 argument`, e.pos);
      return castTo(args[0], parseTypeString(e.name));
    }
    if (def.kind === 'table') throw validationError(`table function ${e.name} is only allowed in LATERAL VIEW or alone in a SELECT list`, e.pos);
    if (def.kind === 'window') throw validationError(`window function ${e.name} needs an OVER clause`, e.pos);
    if (def.kind !== 'scalar') throw new Error(`internal: special form ${e.name}`);
    return this.callFn(e.name, args, e.pos, def);
  }
}

/** The top-level AND-ed parts of a condition. */
function astConjuncts(e: A.Expr): A.Expr[] {
  return e.kind === 'binary' && e.op === 'and' ? [...astConjuncts(e.left), ...astConjuncts(e.right)] : [e];
}

/** The expression with unqualified column references replaced where `alias` gives an
 *  expression for the name (subqueries are left alone: they have their own scope). */
function replaceAliases(e: A.Expr, alias: (name: string) => A.Expr | undefined): A.Expr {
  let changed = false;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== 'object') return x;
    const o = x as { kind?: string; qualifier?: string; name?: string };
    if (o.kind === 'column' && o.qualifier === undefined) {
      const r = alias(o.name!);
      if (r) { changed = true; return r; }
      return x;
    }
    if (o.kind === 'subquery' || o.kind === 'exists' || o.kind === 'inSubquery') return x;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'pos' ? v : walk(v);
    return out;
  };
  const r = walk(e) as A.Expr;
  return changed ? r : e;
}

/** s.f: a field of a struct value. */
function structField(s: BExpr, name: string, pos: A.Pos): BExpr {
  if (s.type.id !== 'struct') throw validationError(`'.${name}' needs a struct, got ${typeToString(s.type)}`, pos);
  const i = s.type.fields.findIndex((f) => f.name === name);
  if (i < 0) throw validationError(`struct has no field '${name}'; fields: ${s.type.fields.map((f) => f.name).join(', ')}`, pos);
  const type = s.type.fields[i].type;
  const impl = structFieldFunction(name, i, type);
  return { k: 'call', fn: impl.name, args: [s], type, impl };
}

function call(fn: string, args: BExpr[], type: DataType): BExpr {
  return { k: 'call', fn, args, type };
}

export function castTo(e: BExpr, t: DataType): BExpr {
  if (typesEqual(e.type, t)) return e;
  if (e.k === 'lit' && e.value === null) return lit(null, t);
  return foldConstant({ k: 'cast', arg: e, type: t });
}

function bindLiteral(e: A.Expr & { kind: 'literal' }): BExpr {
  switch (e.type) {
    case 'null': return lit(null, T.void);
    case 'boolean': return lit(e.text === 'true', T.boolean);
    case 'string': return lit(e.text, T.string);
    case 'integer': {
      const v = Number(e.text);
      if (Math.abs(v) <= 2147483647) return lit(v, T.int);
      if (Math.abs(v) <= 9223372036854775807) return lit(v, T.bigint);
      return bindDecimalLiteral(e.text, e.pos);
    }
    case 'decimal': return bindDecimalLiteral(e.text, e.pos);
    case 'double': return lit(Number(e.text), T.double);
    case 'date': {
      const d = parseDate(e.text);
      if (d === null) throw validationError(`invalid date literal '${e.text}'`, e.pos);
      return lit(d, T.date);
    }
    case 'timestamp': {
      const ts = parseTimestamp(e.text);
      if (ts === null) throw validationError(`invalid timestamp literal '${e.text}'`, e.pos);
      return lit(ts, T.timestamp);
    }
  }
}

function bindDecimalLiteral(text: string, pos: A.Pos): BExpr {
  const clean = text.replace(/^-/, '');
  const [i, f = ''] = clean.split('.');
  const intDigits = i.replace(/^0+/, '').length;
  const scale = f.length;
  const precision = Math.max(1, intDigits + scale);
  if (precision > 38) throw validationError(`decimal literal ${text} has more than 38 digits`, pos);
  return lit(parseDecimal(text, precision, scale), { id: 'decimal', precision, scale });
}

function defaultName(e: A.Expr, i: number): string {
  return e.kind === 'column' ? e.name : `_c${i}`;
}


/** A global aggregate, possibly under projections: always exactly one row. */
function isOneRow(p: LogicalPlan): boolean {
  while (p.op === 'project') p = p.input;
  return p.op === 'aggregate' && p.keys.length === 0;
}
