import type { FunctionDefinition } from '../functionDefinition.js';

export const HIVE_TABLE_FUNCTIONS: FunctionDefinition[] = [];
