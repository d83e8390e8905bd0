import type { FunctionDefinition } from '../functionDefinition.js';

export const HIVE_MISC_FUNCTIONS: FunctionDefinition[] = [];
