// A Module (as Flink's) supplies function definitions by name. Loaded modules are kept in
// order by the ModuleManager; a name resolves to the first used module that has it.
import type { FunctionDefinition } from './functionDefinition.js';

export interface Module {
  readonly name: string;
  /** Names of every function this module supplies, lower case. */
  functionNames(): string[];
  getFunction(name: string): FunctionDefinition | undefined;
}

/** A module over a fixed table of definitions. */
export class TableModule implements Module {
  private readonly byName = new Map<string, FunctionDefinition>();
  constructor(readonly name: string, definitions: Iterable<[string, FunctionDefinition]>) {
    for (const [n, d] of definitions) this.byName.set(n.toLowerCase(), d);
  }
  functionNames(): string[] { return [...this.byName.keys()].sort(); }
  getFunction(name: string): FunctionDefinition | undefined { return this.byName.get(name.toLowerCase()); }
}
