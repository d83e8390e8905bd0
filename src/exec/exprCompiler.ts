// Compiles a bound expression into one JavaScript function that loops over a whole batch.
// Every sub-expression becomes a pair of locals (value, is-null) inside the loop, so the
// JIT sees straight-line code over typed arrays: no per-row objects, no interpretation.
import { BExpr, literalValue } from '../planner/boundExpr.js';
import { DataType, physicalOf, typeToString } from '../types/dataType.js';
import { Batch, Vector, allocFor } from './vector.js';
import { lookupFunction } from '../module/coreFunctions.js';
import { HELPERS } from './exprHelpers.js';
import { castCode } from './castCode.js';

/** Maps a column id to its position in the input batch. */
export type Layout = Map<number, number>;

export type CompiledExpr = (batch: Batch) => Vector;
export type CompiledFilter = (batch: Batch) => { sel: Int32Array; count: number };

class CodeGen {
  private decls: string[] = [];
  private consts: unknown[] = [];
  private colVars = new Map<number, string>();
  private next = 0;
  constructor(private readonly layout: Layout) {}

  private fresh(): { v: string; n: string } {
    const i = this.next++;
    this.decls.push(`let v${i}, n${i};`);
    return { v: `v${i}`, n: `n${i}` };
  }

  constant(value: unknown): string {
    this.consts.push(value);
    return `K[${this.consts.length - 1}]`;
  }

  private column(id: number, type: DataType): string {
    let name = this.colVars.get(id);
    if (!name) {
      const pos = this.layout.get(id);
      if (pos === undefined) throw new Error(`internal: column #${id} is not in the input`);
      name = `c${pos}`;
      // The comment names the vector's kind, so that bodies kept by source (compiledCode)
      // are shared only by inputs of one kind and V8's code for them stays monomorphic.
      this.decls.push(`const ${name} = cols[${pos}].values, ${name}n = cols[${pos}].nulls; // ${typeToString(type)}`);
      this.colVars.set(id, name);
    }
    return name;
  }

  /** Emits statements into `out` computing e; returns the names holding value and null flag. */
  gen(e: BExpr, out: string[]): { v: string; n: string } {
    const r = this.fresh();
    switch (e.k) {
      case 'col': {
        const c = this.column(e.id, e.type);
        out.push(`${r.n} = ${c}n !== null && ${c}n[i] === 1;`);
        out.push(e.type.id === 'boolean' ? `${r.v} = ${c}[i] === 1;` : `${r.v} = ${c}[i];`);
        return r;
      }
      case 'lit': {
        if (e.value === null) { out.push(`${r.n} = true; ${r.v} = ${zeroOf(e.type)};`); return r; }
        const k = typeof e.value === 'number' || typeof e.value === 'boolean' ? String(e.value) : this.constant(e.value);
        out.push(`${r.n} = false; ${r.v} = ${k};`);
        return r;
      }
      case 'cast': {
        const a = this.gen(e.arg, out);
        const code = castCode(a.v, e.arg.type, e.type, this);
        out.push(`${r.n} = ${a.n}; ${r.v} = ${zeroOf(e.type)};`);
        out.push(`if (!${r.n}) { ${r.v} = ${code}; if (${r.v} === null) { ${r.n} = true; ${r.v} = ${zeroOf(e.type)}; } }`);
        return r;
      }
      case 'case': {
        // Branches are evaluated only when taken, as in SQL.
        out.push(`${r.n} = true; ${r.v} = ${zeroOf(e.type)};`);
        let close = '';
        for (const w of e.whens) {
          const cond = this.gen(w.when, out);
          const body: string[] = [];
          const t = this.gen(w.then, body);
          out.push(`if (!${cond.n} && ${cond.v}) { ${body.join(' ')} ${r.n} = ${t.n}; ${r.v} = ${t.v}; } else {`);
          close += '}';
        }
        if (e.else) {
          const body: string[] = [];
          const el = this.gen(e.else, body);
          out.push(`${body.join(' ')} ${r.n} = ${el.n}; ${r.v} = ${el.v};`);
        }
        out.push(close);
        return r;
      }
      case 'in': {
        const a = this.gen(e.arg, out);
        // Three-valued: TRUE if it matches, NULL if no match but a NULL was in the list.
        out.push(`${r.n} = ${a.n}; ${r.v} = false;`);
        const allLits = e.list.every((x) => x.k === 'lit');
        if (allLits) {
          const values = e.list.map((x) => (x as { value: unknown }).value);
          const set = this.constant(new Set(values.filter((x) => x !== null)));
          const hasNull = values.includes(null);
          out.push(`if (!${a.n}) { ${r.v} = ${set}.has(${a.v}); if (!${r.v} && ${hasNull}) ${r.n} = true; }`);
        } else {
          const body: string[] = [];
          for (const x of e.list) {
            const b = this.gen(x, body);
            body.push(`if (${b.n}) sawNull = true; else if (${b.v} === ${a.v}) ${r.v} = true;`);
          }
          out.push(`if (!${a.n}) { let sawNull = false; ${body.join(' ')} if (!${r.v} && sawNull) ${r.n} = true; }`);
        }
        return r;
      }
      case 'call': return this.call(e, r, out);
    }
  }

  private call(e: BExpr & { k: 'call' }, r: { v: string; n: string }, out: string[]): { v: string; n: string } {
    switch (e.fn) {
      case 'and': case 'or': {
        const a = this.gen(e.args[0], out);
        const body: string[] = [];
        const b = this.gen(e.args[1], body);
        const [dominant, other] = e.fn === 'and' ? ['false', 'true'] : ['true', 'false'];
        // Short-circuit when the left side decides; otherwise three-valued logic.
        out.push(`if (!${a.n} && ${a.v} === ${dominant}) { ${r.n} = false; ${r.v} = ${dominant}; } else { ${body.join(' ')}`);
        out.push(`if (!${b.n} && ${b.v} === ${dominant}) { ${r.n} = false; ${r.v} = ${dominant}; } else if (${a.n} || ${b.n}) { ${r.n} = true; ${r.v} = false; } else { ${r.n} = false; ${r.v} = ${other}; } }`);
        return r;
      }
      case 'not': {
        const a = this.gen(e.args[0], out);
        out.push(`${r.n} = ${a.n}; ${r.v} = !${a.v};`);
        return r;
      }
      case 'isnull': case 'isnotnull': {
        const a = this.gen(e.args[0], out);
        out.push(`${r.n} = false; ${r.v} = ${e.fn === 'isnull' ? '' : '!'}${a.n};`);
        return r;
      }
      case 'istrue': case 'isfalse': {
        const a = this.gen(e.args[0], out);
        out.push(`${r.n} = false; ${r.v} = !${a.n} && ${a.v} === ${e.fn === 'istrue'};`);
        return r;
      }
      case 'nseq': {
        const a = this.gen(e.args[0], out);
        const b = this.gen(e.args[1], out);
        out.push(`${r.n} = false; ${r.v} = (${a.n} && ${b.n}) || (!${a.n} && !${b.n} && ${a.v} === ${b.v});`);
        return r;
      }
      case 'coalesce': {
        out.push(`${r.n} = true; ${r.v} = ${zeroOf(e.type)};`);
        let close = '';
        for (const x of e.args) {
          const a = this.gen(x, out);
          out.push(`if (!${a.n}) { ${r.n} = false; ${r.v} = ${a.v}; } else {`);
          close += '}';
        }
        out.push(close);
        return r;
      }
    }
    const fn = e.impl ?? lookupFunction(e.fn);
    if (!fn) throw new Error(`internal: no kernel for ${e.fn}`);
    const args = e.args.map((a) => this.gen(a, out));
    const types = e.args.map((a) => a.type);
    const zero = zeroOf(e.type);
    if (fn.nullSafe) {
      // The function sees NULL arguments as null and decides the result itself.
      const f = this.constant(fn.make!(types, e.type, e.args.map(literalValue)));
      out.push(`${r.v} = ${f}(${args.map((a) => `${a.n} ? null : ${a.v}`).join(', ')}); ${r.n} = ${r.v} == null; if (${r.n}) ${r.v} = ${zero};`);
      return r;
    }
    const anyNull = args.length ? args.map((a) => a.n).join(' || ') : 'false';
    out.push(`${r.n} = ${anyNull}; ${r.v} = ${zero};`);
    if (!fn.code) {
      // A per-row function call: the long tail of functions, complex values, UDFs.
      const f = this.constant(fn.make!(types, e.type, e.args.map(literalValue)));
      out.push(`if (!${r.n}) { ${r.v} = ${f}(${args.map((a) => a.v).join(', ')}); if (${r.v} == null) { ${r.n} = true; ${r.v} = ${zero}; } }`);
      return r;
    }
    const code = fn.code(args.map((a) => a.v), types, e.type);
    if (fn.mayReturnNull) {
      out.push(`if (!${r.n}) { ${r.v} = ${code}; if (${r.v} === null) { ${r.n} = true; ${r.v} = ${zero}; } }`);
    } else {
      out.push(`if (!${r.n}) ${r.v} = ${code};`);
    }
    return r;
  }

  build(kind: 'project' | 'filter', e: BExpr): (cols: Vector[], n: number, K: unknown[], H: unknown) => unknown {
    const body: string[] = [];
    const root = this.gen(e, body);
    let code: string;
    if (kind === 'project') {
      const p = physicalOf(e.type);
      const alloc = p === 'str' || p === 'obj' ? 'new Array(n)' : p === 'i32' ? 'new Int32Array(n)' : p === 'f64' ? 'new Float64Array(n)' : 'new Uint8Array(n)';
      const store = p === 'bool' ? `out[i] = ${root.v} ? 1 : 0;` : `out[i] = ${root.v};`;
      code = `${this.decls.join('\n')}
const out = ${alloc}; let outN = null;
for (let i = 0; i < n; i++) {
${body.join('\n')}
if (${root.n}) { if (outN === null) outN = new Uint8Array(n); outN[i] = 1; ${p === 'str' ? "out[i] = '';" : p === 'obj' ? 'out[i] = null;' : ''} } else ${store}
}
return [out, outN];`;
    } else {
      code = `${this.decls.join('\n')}
const sel = new Int32Array(n); let m = 0;
for (let i = 0; i < n; i++) {
${body.join('\n')}
if (!${root.n} && ${root.v}) sel[m++] = i;
}
return [sel, m];`;
    }
    let f = compiledCode.get(code);
    if (!f) {
      if (compiledCode.size >= MAX_COMPILED) compiledCode.clear();
      f = new Function('cols', 'n', 'K', 'H', code) as CompiledBody;
      compiledCode.set(code, f);
    }
    return f as never;
  }

  get constants(): unknown[] { return this.consts; }
}

export interface ConstantPool { constant(value: unknown): string }

type CompiledBody = (cols: Vector[], n: number, K: unknown[], H: unknown) => unknown;
/** Compiled expression bodies by source, per thread. The source names its constants and
 *  helpers only through K and H and the type of each input column, so one body serves
 *  every query that generates it; and a body V8 has already optimised runs at full speed
 *  from the first batch, where a new Function starts interpreted and is compiled again. */
const compiledCode = new Map<string, CompiledBody>();
const MAX_COMPILED = 10_000;

function zeroOf(t: DataType): string {
  switch (physicalOf(t)) {
    case 'str': return "''";
    case 'obj': return 'null';
    case 'bool': return 'false';
    default: return '0';
  }
}

export function compileExpr(e: BExpr, layout: Layout): CompiledExpr {
  if (e.k === 'col') {
    const pos = layout.get(e.id);
    if (pos === undefined) throw new Error(`internal: column #${e.id} is not in the input`);
    return (b) => b.columns[pos];
  }
  if (e.k === 'lit') {
    return (b) => {
      const values = allocFor(e.type, b.length);
      if (e.value === null) return { type: e.type, values, nulls: new Uint8Array(b.length).fill(1) };
      if (Array.isArray(values)) values.fill(e.value as string); else values.fill(typeof e.value === 'boolean' ? (e.value ? 1 : 0) : (e.value as number));
      return { type: e.type, values, nulls: null };
    };
  }
  const g = new CodeGen(layout);
  const fn = g.build('project', e);
  const K = g.constants;
  return (b) => {
    const [values, nulls] = fn(b.columns, b.length, K, HELPERS) as [Vector['values'], Uint8Array | null];
    return { type: e.type, values, nulls };
  };
}

export function compileFilter(e: BExpr, layout: Layout): CompiledFilter {
  const g = new CodeGen(layout);
  const fn = g.build('filter', e);
  const K = g.constants;
  return (b) => {
    const [sel, count] = fn(b.columns, b.length, K, HELPERS) as [Int32Array, number];
    return { sel, count };
  };
}
