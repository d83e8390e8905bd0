// The engine's own aggregates: count, sum, avg, min, max and the variance family, with
// Hive's result types (sum of decimal(p,s) is decimal(p+10,s), avg adds 4 digits of scale,
// sum of integers is bigint, variance and friends are double).
import { DataType, T, decimalType, isNumeric, isStringLike } from '../types/dataType.js';
import { AggFunction, AvgMergeAcc, createAccumulator } from '../exec/accumulators.js';
import type { AggregateFunction, Resolved } from './functionDefinition.js';
import { DistinctSketchAcc } from '../exec/distinctSketch.js';

function numericArg(a: DataType): DataType | null {
  if (isStringLike(a) || a.id === 'void') return T.double;
  return isNumeric(a) ? a : null;
}

function aggregate(name: string, fn: AggFunction, usage: string, resolve: (args: DataType[]) => Resolved | null): AggregateFunction {
  return {
    kind: 'aggregate', name, usage, resolve,
    create: (args, result) => createAccumulator({ fn, distinct: false, argType: args[0] ?? null, resultType: result }),
  };
}

const variance = (name: string, fn: AggFunction, usage: string) => aggregate(name, fn, usage, (args) => {
  if (args.length !== 1 || !numericArg(args[0])) return null;
  return { args: [T.double], result: T.double };
});

export const CORE_AGGREGATES: AggregateFunction[] = [
  aggregate('count', 'count', 'count(*) - number of rows; count(expr, …) - rows where every expr is non-NULL; count(DISTINCT expr, …) - distinct non-NULL tuples',
    (args) => ({ args: args.map((a) => (a.id === 'void' ? T.string : a)), result: T.bigint })),
  aggregate('sum', 'sum', 'sum(x) - sum of the non-NULL values of x', (args) => {
    const a = args.length === 1 ? numericArg(args[0]) : null;
    if (!a) return null;
    const result = a.id === 'decimal' ? decimalType(Math.min(38, a.precision + 10), a.scale) : a.id === 'float' || a.id === 'double' ? T.double : T.bigint;
    return { args: [a], result };
  }),
  aggregate('avg', 'avg', 'avg(x) - mean of the non-NULL values of x', (args) => {
    const a = args.length === 1 ? numericArg(args[0]) : null;
    if (!a) return null;
    const result = a.id === 'decimal' ? decimalType(Math.min(38, a.precision + 4), Math.min(38, a.scale + 4)) : T.double;
    return { args: [a], result };
  }),
  aggregate('min', 'min', 'min(x) - smallest non-NULL value of x', (args) => (args.length === 1 ? { args: [args[0].id === 'void' ? T.string : args[0]], result: args[0].id === 'void' ? T.string : args[0] } : null)),
  aggregate('max', 'max', 'max(x) - largest non-NULL value of x', (args) => (args.length === 1 ? { args: [args[0].id === 'void' ? T.string : args[0]], result: args[0].id === 'void' ? T.string : args[0] } : null)),
  {
    kind: 'aggregate', name: 'approx_count_distinct',
    usage: 'approx_count_distinct(x) - number of distinct non-NULL values of x: exact up to 4,096, then a HyperLogLog estimate (~0.8% error)',
    resolve: (args) => (args.length === 1 && args[0].id !== 'void' && !['array', 'map', 'struct'].includes(args[0].id) ? { args, result: T.bigint } : null),
    create: () => new DistinctSketchAcc(),
  },
  variance('variance', 'var_pop', 'variance(x) - population variance of x'),
  variance('var_pop', 'var_pop', 'var_pop(x) - population variance of x'),
  variance('var_samp', 'var_samp', 'var_samp(x) - sample variance of x (NULL below two rows)'),
  variance('stddev', 'stddev_pop', 'stddev(x) - population standard deviation of x'),
  variance('std', 'stddev_pop', 'std(x) - population standard deviation of x'),
  variance('stddev_pop', 'stddev_pop', 'stddev_pop(x) - population standard deviation of x'),
  variance('stddev_samp', 'stddev_samp', 'stddev_samp(x) - sample standard deviation of x (NULL below two rows)'),
];

/** The final phase of a two-phase avg over (partial sum, partial count); planner-internal,
 *  not callable from SQL. */
export const AVG_MERGE: AggregateFunction = {
  kind: 'aggregate', name: 'avg_merge', usage: 'avg_merge(sum, count) - the final phase of a two-phase avg',
  resolve: () => null,
  create: (args, result) => new AvgMergeAcc(args[0], result),
};

/** Planner-internal aggregates, by name, for shipping plans to TaskExecutors. */
export const INTERNAL_AGGREGATES: Record<string, AggregateFunction> = { avg_merge: AVG_MERGE };
