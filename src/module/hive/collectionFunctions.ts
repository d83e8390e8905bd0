import type { FunctionDefinition } from '../functionDefinition.js';

export const HIVE_COLLECTION_FUNCTIONS: FunctionDefinition[] = [];
