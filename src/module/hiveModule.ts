// HiveModule: Hive 3.1's built-in functions (the names in Hive's FunctionRegistry) with
// Hive's semantics. Functions the engine's core already implements the Hive way are shared;
// the rest live in src/module/hive/ by family.
import { TableModule } from './module.js';
import type { FunctionDefinition } from './functionDefinition.js';
import { coreDefinitions } from './coreModule.js';
import { lookupFunction } from './coreFunctions.js';
import { HIVE_STRING_FUNCTIONS } from './hive/stringFunctions.js';
import { HIVE_MATH_FUNCTIONS } from './hive/mathFunctions.js';
import { HIVE_DATE_FUNCTIONS } from './hive/dateFunctions.js';
import { HIVE_COLLECTION_FUNCTIONS } from './hive/collectionFunctions.js';
import { HIVE_MISC_FUNCTIONS } from './hive/miscFunctions.js';
import { HIVE_AGGREGATES } from './hive/aggregateFunctions.js';
import { HIVE_TABLE_FUNCTIONS } from './hive/tableFunctions.js';

export const SUPPORTED_HIVE_VERSIONS = ['2.3.9', '3.1.2', '3.1.3'];

export function hiveDefinitions(): [string, FunctionDefinition][] {
  const out = new Map<string, FunctionDefinition>(coreDefinitions());
  // LIKE and RLIKE are operators in the core; Hive also lists them as functions.
  for (const name of ['like', 'rlike']) out.set(name, { ...lookupFunction(name)!, usage: `${name}(str, pattern) - str ${name.toUpperCase()} pattern` });
  for (const group of [HIVE_STRING_FUNCTIONS, HIVE_MATH_FUNCTIONS, HIVE_DATE_FUNCTIONS, HIVE_COLLECTION_FUNCTIONS, HIVE_MISC_FUNCTIONS, HIVE_AGGREGATES, HIVE_TABLE_FUNCTIONS]) {
    for (const d of group) out.set(d.name, d);
  }
  return [...out];
}

export class HiveModule extends TableModule {
  constructor(readonly hiveVersion: string) {
    super('hive', hiveDefinitions());
  }
}
