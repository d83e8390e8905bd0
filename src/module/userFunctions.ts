// User-defined functions written in JavaScript or TypeScript, named as '<module path>#<export>'
// (CREATE FUNCTION f AS './udfs.mjs#plusOne'). An export is either
//   - a function with a `returns` property (a Hive type string), called once a row, or
//   - an object { returns, params?, calledOnNullInput?, eval } for a scalar function, or
//   - an object { kind: 'aggregate', returns, params?, calledOnNullInput?, init(), add(state, ...args),
//     result(state) }; rows with a NULL argument are skipped unless calledOnNullInput.
// `params` is a signature ("string, int"); without it arguments keep their own types.
// Values are plain JS: numbers (decimals as their numeric value), strings, booleans, dates
// as days since 1970-01-01, timestamps as milliseconds, arrays, Maps; NULL is null.
// Modules load synchronously (Node's require of ES modules); TypeScript is compiled first
// with esbuild, which the build already depends on.
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataType, T, parseTypeString } from '../types/dataType.js';
import { POW10 } from '../types/values.js';
import { VectorBuilder, getValue } from '../exec/vector.js';
import type { Accumulator } from '../exec/accumulators.js';
import type { AggregateFunction, FunctionDefinition, ScalarFunction } from './functionDefinition.js';
import { matchParams } from './signatures.js';

const requireHere = createRequire(import.meta.url);

export class UserFunctionError extends Error {}

/** Loads the definition a class name points at; errors name the function and the file. */
export function loadUserFunction(name: string, className: string, baseDir = process.cwd()): FunctionDefinition {
  const hash = className.lastIndexOf('#');
  if (hash <= 0) throw new UserFunctionError(`function ${name}: '${className}' is not '<module path>#<export>' (Java classes cannot run here)`);
  const file = resolve(baseDir, className.slice(0, hash));
  const exportName = className.slice(hash + 1);
  if (!existsSync(file)) throw new UserFunctionError(`function ${name}: module file ${file} does not exist`);
  let mod: Record<string, unknown>;
  try {
    mod = requireHere(/\.(c|m)?tsx?$/.test(file) ? compileTypeScript(file) : file);
  } catch (err) {
    throw new UserFunctionError(`function ${name}: cannot load ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  const exp = mod[exportName] ?? (mod.default as Record<string, unknown> | undefined)?.[exportName];
  if (exp === undefined) throw new UserFunctionError(`function ${name}: ${file} has no export '${exportName}'; it exports ${Object.keys(mod).join(', ') || 'nothing'}`);
  const spec = exp as UdfSpec;
  if (spec.returns === undefined) throw new UserFunctionError(`function ${name}: export '${exportName}' of ${file} needs a 'returns' type (e.g. returns: 'string')`);
  try {
    return spec.kind === 'aggregate' ? aggregateUdf(name, spec) : scalarUdf(name, spec);
  } catch (err) {
    throw new UserFunctionError(`function ${name}: ${(err as Error).message}`);
  }
}

interface UdfSpec {
  kind?: 'scalar' | 'aggregate';
  returns: string | ((argTypes: string[]) => string);
  params?: string;
  calledOnNullInput?: boolean;
  eval?: (...args: unknown[]) => unknown;
  init?: () => unknown;
  add?: (state: unknown, ...args: unknown[]) => unknown;
  result?: (state: unknown) => unknown;
  (...args: unknown[]): unknown;
}

function resolveTypes(name: string, spec: UdfSpec, args: DataType[]): { args: DataType[]; result: DataType } | null {
  const matched = spec.params !== undefined ? matchParams(spec.params, args) : args.map((t) => (t.id === 'void' ? T.string : t));
  if (!matched) return null;
  const r = typeof spec.returns === 'function' ? spec.returns(matched.map((t) => t.id)) : spec.returns;
  return { args: matched, result: parseTypeString(r) };
}

const toJs = (t: DataType) => (t.id === 'decimal' ? (v: unknown) => (v === null ? null : (v as number) / POW10[t.scale]) : (v: unknown) => v);
const fromJs = (t: DataType) => (t.id === 'decimal' ? (v: unknown) => (v == null ? null : Math.round((v as number) * POW10[t.scale])) : (v: unknown) => v);

function scalarUdf(name: string, spec: UdfSpec): ScalarFunction {
  const fn = typeof spec.eval === 'function' ? spec.eval : typeof spec === 'function' ? (spec as (...a: unknown[]) => unknown) : undefined;
  if (typeof fn !== 'function') throw new Error(`a scalar function export must be a function or have an eval function`);
  return {
    kind: 'scalar', name, usage: `${name} - user-defined function`, volatile: true, nullSafe: !!spec.calledOnNullInput,
    resolve: (args) => resolveTypes(name, spec, args),
    make(types, result) {
      const ins = types.map(toJs), out = fromJs(result);
      return (...args: unknown[]) => out(fn(...args.map((a, i) => ins[i](a))));
    },
  };
}

function aggregateUdf(name: string, spec: UdfSpec): AggregateFunction {
  const { init, add, result } = spec;
  if (typeof init !== 'function' || typeof add !== 'function' || typeof result !== 'function') {
    throw new Error(`an aggregate export needs init(), add(state, ...args) and result(state)`);
  }
  return {
    kind: 'aggregate', name, usage: `${name} - user-defined aggregate function`,
    resolve: (args) => resolveTypes(name, spec, args),
    create(types, resultType): Accumulator {
      const states: unknown[] = [];
      const ins = types.map(toJs), out = fromJs(resultType);
      return {
        update(gids, n, vecs) {
          for (let i = 0; i < n; i++) {
            const g = gids[i];
            const values = vecs.map((v, c) => ins[c](getValue(v, i)));
            // Rows with a NULL argument are skipped, as built-in aggregates do, unless the
            // function asks for them.
            if (!spec.calledOnNullInput && values.some((x) => x === null)) continue;
            if (!(g in states)) states[g] = init();
            states[g] = add(states[g], ...values);
          }
        },
        result(groups) {
          const b = new VectorBuilder(resultType, groups);
          for (let g = 0; g < groups; g++) b.append(out(result(g in states ? states[g] : init())));
          return b.finish();
        },
      };
    },
  };
}

let tsOutDir: string | null = null;
function compileTypeScript(file: string): string {
  // esbuild is loaded lazily: only TypeScript UDFs need it.
  const esbuild = requireHere('esbuild') as typeof import('esbuild');
  tsOutDir ??= mkdtempSync(join(tmpdir(), 'sluice-udf-'));
  const out = join(tsOutDir, `${Date.now()}-${Math.random().toString(36).slice(2)}.cjs`);
  const r = esbuild.buildSync({ entryPoints: [file], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  writeFileSync(out, r.outputFiles[0].text);
  return out;
}
