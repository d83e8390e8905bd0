import type { FunctionDefinition } from '../functionDefinition.js';

export const HIVE_DATE_FUNCTIONS: FunctionDefinition[] = [];
