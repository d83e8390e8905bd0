import type { FunctionDefinition } from '../functionDefinition.js';

export const HIVE_MATH_FUNCTIONS: FunctionDefinition[] = [];
