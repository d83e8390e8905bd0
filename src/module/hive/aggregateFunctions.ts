import type { FunctionDefinition } from '../functionDefinition.js';

export const HIVE_AGGREGATES: FunctionDefinition[] = [];
