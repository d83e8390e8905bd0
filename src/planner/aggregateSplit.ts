// An aggregate's calls split into partial calls, each computed over some group of the
// input rows, and the calls that merge those partial results into the original ones:
// counts and sums are summed, minima and maxima taken again, and avg becomes Σ sums / Σ
// counts. Two-phase aggregation (exchanges.ts) and eager aggregation below joins
// (eagerAggregation.ts) both aggregate this way.
import { BExpr, col } from './boundExpr.js';
import { AggCall, Field, newField } from './logicalPlan.js';
import { AVG_MERGE, CORE_AGGREGATES } from '../module/coreAggregates.js';
import { T } from '../types/dataType.js';
import type { AggregateFunction } from '../module/functionDefinition.js';

/** Aggregates whose partial results merge by another: count's by sum. */
const MERGE: Record<string, string> = { count: 'sum', sum: 'sum', min: 'min', max: 'max' };

export interface SplitAggregates {
  /** The calls computed per group of input rows, into `partialFields`. */
  partialCalls: AggCall[];
  partialFields: Field[];
  /** The original calls, as calls over the partial fields. */
  merged: AggCall[];
}

/** Whether every call can be split: count, sum, min, max and avg, without DISTINCT. */
export const splittable = (aggs: AggCall[]): boolean =>
  aggs.every((a) => mergeable(a) || (a.fn === 'avg' && !a.distinct && a.args.length <= 1));

export function splitAggregates(aggs: AggCall[]): SplitAggregates {
  const partialCalls: AggCall[] = [];
  const partialFields: Field[] = [];
  const partial = (a: AggCall): BExpr => {
    const f = newField(`_partial${partialFields.length}`, a.type);
    partialCalls.push(a);
    partialFields.push(f);
    return col(f.id, f.type);
  };
  const merged = aggs.map((a): AggCall => {
    if (a.fn === 'avg') {
      const sumDef = mergeImpl(a.impl, 'sum'), countDef = mergeImpl(a.impl, 'count');
      const sumType = sumDef.resolve(a.args.map((x) => x.type), [undefined], false)!.result;
      const s = partial({ fn: 'sum', args: a.args, distinct: false, type: sumType, impl: sumDef, constants: [undefined] });
      const c = partial({ fn: 'count', args: a.args, distinct: false, type: T.bigint, impl: countDef, constants: [undefined] });
      return { fn: 'avg_merge', args: [s, c], distinct: false, type: a.type, impl: AVG_MERGE, constants: [undefined, undefined] };
    }
    return mergeCall(a, partial(a));
  });
  return { partialCalls, partialFields, merged };
}

/** The call merging partial results (`state`) of a count, sum, min or max: count's by sum. */
export function mergeCall(a: AggCall, state: BExpr): AggCall {
  const fn = MERGE[a.fn];
  if (fn === undefined || a.distinct) throw new Error(`internal: ${a.fn} has no merge`);
  const impl = fn === a.fn ? a.impl : mergeImpl(a.impl, fn);
  return { fn, args: [state], distinct: false, type: a.type, impl, constants: [undefined] };
}

/** Whether partial results of this call merge by mergeCall. */
export const mergeable = (a: AggCall): boolean => !a.distinct && MERGE[a.fn] !== undefined && a.args.length <= 1;

/** The definition of `fn` from the module that defined `like` (count's partner sum). */
function mergeImpl(like: AggregateFunction, fn: string): AggregateFunction {
  const d = CORE_AGGREGATES.find((x) => x.name === fn);
  if (!d) throw new Error(`internal: no aggregate ${fn} to merge ${like.name}`);
  return d;
}
