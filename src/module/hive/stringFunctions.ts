import type { FunctionDefinition } from '../functionDefinition.js';

export const HIVE_STRING_FUNCTIONS: FunctionDefinition[] = [];
