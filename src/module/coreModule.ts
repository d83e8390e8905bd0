// CoreModule: the engine's own built-ins, loaded in every session. Its functions follow
// Hive's semantics already (the engine is Hive's), so the HiveModule reuses them.
import { TableModule } from './module.js';
import type { BuiltinForm, FunctionDefinition } from './functionDefinition.js';
import { coreScalarFunctions } from './coreFunctions.js';
import { CORE_AGGREGATES } from './coreAggregates.js';

const special = (name: string, usage: string): BuiltinForm => ({ kind: 'special', name, usage });
const windowFn = (name: string, usage: string): BuiltinForm => ({ kind: 'window', name, usage });

/** Forms the binder rewrites (conditionals, NULL tests). */
export const SPECIAL_FORMS: BuiltinForm[] = [
  special('if', 'if(cond, a, b) - a when cond is true, else b'),
  special('coalesce', 'coalesce(a, b, …) - the first non-NULL argument'),
  special('nvl', 'nvl(a, b) - a unless it is NULL, then b'),
  special('nullif', 'nullif(a, b) - NULL when a = b, else a'),
  special('isnull', 'isnull(a) - true when a is NULL'),
  special('isnotnull', 'isnotnull(a) - true when a is not NULL'),
  special('grouping', 'grouping(key, …) - with GROUPING SETS / ROLLUP / CUBE: 1 where the key is rolled up in the row, else 0 (several keys: their bits, first key highest)'),
];

/** Functions only the window operator computes. */
export const WINDOW_FUNCTIONS: BuiltinForm[] = [
  windowFn('row_number', 'row_number() OVER (…) - 1-based position of the row in its partition'),
  windowFn('rank', 'rank() OVER (…) - rank with gaps after ties'),
  windowFn('dense_rank', 'dense_rank() OVER (…) - rank without gaps'),
  windowFn('percent_rank', 'percent_rank() OVER (…) - (rank - 1) / (rows in partition - 1)'),
  windowFn('cume_dist', 'cume_dist() OVER (…) - rows up to and including the peers / rows in partition'),
  windowFn('ntile', 'ntile(n) OVER (…) - bucket 1..n of the row'),
  windowFn('lag', 'lag(x [, offset [, default]]) OVER (…) - x of the row offset rows before'),
  windowFn('lead', 'lead(x [, offset [, default]]) OVER (…) - x of the row offset rows after'),
  windowFn('first_value', 'first_value(x) OVER (…) - x of the first row of the frame'),
  windowFn('last_value', 'last_value(x) OVER (…) - x of the last row of the frame'),
];

export function coreDefinitions(): [string, FunctionDefinition][] {
  return [
    ...coreScalarFunctions(),
    ...CORE_AGGREGATES.map((a): [string, FunctionDefinition] => [a.name, a]),
    ...SPECIAL_FORMS.map((f): [string, FunctionDefinition] => [f.name, f]),
    ...WINDOW_FUNCTIONS.map((f): [string, FunctionDefinition] => [f.name, f]),
  ];
}

export class CoreModule extends TableModule {
  constructor() { super('core', coreDefinitions()); }
}
