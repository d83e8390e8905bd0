// Hive's aggregates beyond the core ones: covariance and correlation, the SQL regression
// family, exact and approximate percentiles, histogram_numeric, collect_list/collect_set.
// State is per group; rows with a NULL argument are skipped, as Hive's evaluators do.
import { DataType, T, isIntegral, isNumeric, isStringLike } from '../../types/dataType.js';
import { Vector, VectorBuilder, getValue } from '../../exec/vector.js';
import type { Accumulator } from '../../exec/accumulators.js';
import type { AggregateFunction, Constants, Resolved } from '../functionDefinition.js';
import { NumericHistogram } from './numericHistogram.js';
import { valueKey } from '../../types/complexValues.js';

/** An accumulator over per-group JS state, for aggregates whose state is not a number. */
function perGroup<S>(init: () => S, add: (s: S, args: unknown[]) => void, result: (s: S) => unknown, resultType: DataType): Accumulator {
  const states: S[] = [];
  return {
    update(gids: Int32Array, n: number, args: Vector[]) {
      const row = new Array<unknown>(args.length);
      outer: for (let i = 0; i < n; i++) {
        for (let a = 0; a < args.length; a++) {
          const v = getValue(args[a], i);
          if (v === null) continue outer;
          row[a] = v;
        }
        add((states[gids[i]] ??= init()), row);
      }
    },
    result(groups: number): Vector {
      const b = new VectorBuilder(resultType, groups);
      for (let g = 0; g < groups; g++) b.append(result(states[g] ?? init()));
      return b.finish();
    },
  };
}

const numeric = (t: DataType) => isNumeric(t) || isStringLike(t) || t.id === 'void';

/** Running co-moments of (y, x) pairs (Welford), shared by covariance, corr and regr_*. */
interface Moments { n: number; mx: number; my: number; c: number; m2x: number; m2y: number }
const newMoments = (): Moments => ({ n: 0, mx: 0, my: 0, c: 0, m2x: 0, m2y: 0 });
function addPair(s: Moments, y: number, x: number): void {
  s.n++;
  const dx = x - s.mx, dy = y - s.my;
  s.mx += dx / s.n;
  s.my += dy / s.n;
  s.c += dx * (y - s.my);
  s.m2x += dx * (x - s.mx);
  s.m2y += dy * (y - s.my);
}

function pairAggregate(name: string, usage: string, result: (s: Moments) => number | null, resultType: DataType = T.double): AggregateFunction {
  return {
    kind: 'aggregate', name, usage,
    resolve: (args): Resolved | null => (args.length === 2 && args.every(numeric) ? { args: [T.double, T.double], result: resultType } : null),
    create: () => perGroup(newMoments, (s, [y, x]) => addPair(s, y as number, x as number), result, resultType),
  };
}

/** Hive's GenericUDAFPercentile: linear interpolation between the closest ranks. */
export function exactPercentile(sorted: number[], p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return lo === hi ? sorted[lo] : sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** The percentile argument: one constant in [0, 1] or an array of them. */
function percentiles(c: unknown, name: string): number[] | null {
  const list = Array.isArray(c) ? c : [c];
  if (list.some((p) => typeof p !== 'number' || p < 0 || p > 1)) throw new Error(`${name}: percentiles must be constants between 0 and 1`);
  return list as number[];
}

function percentileType(t: DataType): DataType {
  return t.id === 'array' ? { id: 'array', element: T.double } : T.double;
}
const isPercentileArg = (t: DataType) => numeric(t) || (t.id === 'array' && numeric(t.element));
const asDoubles = (t: DataType): DataType => (t.id === 'array' ? { id: 'array', element: T.double } : T.double);
const constantOf = (constants: Constants, i: number, name: string) => {
  if (constants[i] === undefined) throw new Error(`${name}: the percentile argument must be a constant`);
  return constants[i];
};

const percentile: AggregateFunction = {
  kind: 'aggregate', name: 'percentile',
  usage: 'percentile(int_expr, p | array(p1, p2, …)) - exact percentile(s) of an integral column',
  resolve: ([x, p, ...rest]) => (x && p && !rest.length && (isIntegral(x) || x.id === 'void') && isPercentileArg(p) ? { args: [T.bigint, asDoubles(p)], result: percentileType(p) } : null),
  create(args, result, constants) {
    const ps = percentiles(constantOf(constants, 1, 'percentile'), 'percentile')!;
    return perGroup(() => [] as number[], (s, [x]) => { s.push(x as number); }, (s) => {
      if (s.length === 0) return null;
      const sorted = Float64Array.from(s).sort() as unknown as number[];
      const r = ps.map((p) => exactPercentile(sorted, p));
      return result.id === 'array' ? r : r[0];
    }, result);
  },
};

const percentileApprox: AggregateFunction = {
  kind: 'aggregate', name: 'percentile_approx',
  usage: 'percentile_approx(expr, p | array(p1, …)[, B]) - approximate percentile(s) from a histogram of B (10000) bins',
  resolve: ([x, p, b, ...rest]) => (x && p && !rest.length && numeric(x) && isPercentileArg(p) && (!b || isIntegral(b))
    ? { args: b ? [T.double, asDoubles(p), T.int] : [T.double, asDoubles(p)], result: percentileType(p) } : null),
  create(args, result, constants) {
    const ps = percentiles(constantOf(constants, 1, 'percentile_approx'), 'percentile_approx')!;
    const bins = args.length > 2 ? Number(constants[2] ?? 10000) : 10000;
    return perGroup(() => new NumericHistogram(bins), (h, [x]) => h.add(x as number), (h) => {
      if (h.count() === 0) return null;
      const r = ps.map((p) => h.quantile(p));
      return result.id === 'array' ? r : r[0];
    }, result);
  },
};

const histogramType: DataType = { id: 'array', element: { id: 'struct', fields: [{ name: 'x', type: T.double }, { name: 'y', type: T.double }] } };
const histogramNumeric: AggregateFunction = {
  kind: 'aggregate', name: 'histogram_numeric',
  usage: 'histogram_numeric(expr, nb) - a histogram of nb bins as an array of (x, y) structs',
  resolve: ([x, nb, ...rest]) => (x && nb && !rest.length && numeric(x) && isIntegral(nb) ? { args: [T.double, T.int], result: histogramType } : null),
  create(_args, result, constants) {
    const nb = Number(constants[1]);
    if (!Number.isInteger(nb) || nb < 2) throw new Error('histogram_numeric: the number of bins must be a constant of at least 2');
    return perGroup(() => new NumericHistogram(nb), (h, [x]) => h.add(x as number), (h) => (h.count() === 0 ? null : h.bins().map((b) => [b.x, b.y])), result);
  },
};

function collect(name: string, distinct: boolean): AggregateFunction {
  return {
    kind: 'aggregate', name,
    usage: `${name}(x) - ${distinct ? 'the distinct' : 'all'} non-NULL values of x as an array`,
    resolve: ([x, ...rest]) => (x && !rest.length ? { args: [x.id === 'void' ? T.string : x], result: { id: 'array', element: x.id === 'void' ? T.string : x } } : null),
    create: (_args, result) => (distinct
      ? perGroup(() => new Map<unknown, unknown>(), (s, [x]) => { const k = valueKey(x); if (!s.has(k)) s.set(k, x); }, (s) => [...s.values()], result)
      : perGroup(() => [] as unknown[], (s, [x]) => { s.push(x); }, (s) => s, result)),
  };
}

const nullIfEmpty = (f: (s: Moments) => number | null) => (s: Moments) => (s.n === 0 ? null : f(s));

export const HIVE_AGGREGATES: AggregateFunction[] = [
  pairAggregate('covar_pop', 'covar_pop(y, x) - population covariance of the non-NULL pairs', nullIfEmpty((s) => s.c / s.n)),
  pairAggregate('covar_samp', 'covar_samp(y, x) - sample covariance of the non-NULL pairs (NULL below two)', (s) => (s.n <= 1 ? null : s.c / (s.n - 1))),
  pairAggregate('corr', 'corr(y, x) - Pearson correlation coefficient of the non-NULL pairs (NULL below two)', (s) => (s.n < 2 ? null : s.c / Math.sqrt(s.m2x) / Math.sqrt(s.m2y))),
  pairAggregate('regr_count', 'regr_count(y, x) - number of non-NULL pairs', (s) => s.n, T.bigint),
  pairAggregate('regr_avgx', 'regr_avgx(y, x) - average of x over non-NULL pairs', nullIfEmpty((s) => s.mx)),
  pairAggregate('regr_avgy', 'regr_avgy(y, x) - average of y over non-NULL pairs', nullIfEmpty((s) => s.my)),
  pairAggregate('regr_sxx', 'regr_sxx(y, x) - sum of squares of x deviations', nullIfEmpty((s) => s.m2x)),
  pairAggregate('regr_syy', 'regr_syy(y, x) - sum of squares of y deviations', nullIfEmpty((s) => s.m2y)),
  pairAggregate('regr_sxy', 'regr_sxy(y, x) - sum of products of deviations', nullIfEmpty((s) => s.c)),
  pairAggregate('regr_slope', 'regr_slope(y, x) - slope of the least-squares line', (s) => (s.n === 0 || s.m2x === 0 ? null : s.c / s.m2x)),
  pairAggregate('regr_intercept', 'regr_intercept(y, x) - y-intercept of the least-squares line', (s) => (s.n === 0 || s.m2x === 0 ? null : s.my - (s.c / s.m2x) * s.mx)),
  pairAggregate('regr_r2', 'regr_r2(y, x) - coefficient of determination', (s) => (s.n === 0 || s.m2x === 0 ? null : s.m2y === 0 ? 1 : (s.c * s.c) / (s.m2x * s.m2y))),
  percentile, percentileApprox, histogramNumeric,
  collect('collect_list', false), collect('collect_set', true),
];

