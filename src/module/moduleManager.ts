// Loaded modules in load order, and the subset in use in resolution order, as Flink's
// ModuleManager: LOAD appends (and uses), UNLOAD removes, USE MODULES reorders and
// disables the ones not named.
import { Module } from './module.js';
import type { FunctionDefinition } from './functionDefinition.js';

export type ModuleFactory = (name: string, options: Record<string, string>) => Module;

export class ModuleManager {
  private readonly loaded = new Map<string, Module>();
  private used: string[] = [];

  constructor(private readonly factory: ModuleFactory) {}

  load(name: string, options: Record<string, string> = {}): void {
    const key = name.toLowerCase();
    if (this.loaded.has(key)) throw new Error(`a module named '${key}' is already loaded`);
    this.loaded.set(key, this.factory(key, options));
    this.used.push(key);
  }

  unload(name: string): void {
    const key = name.toLowerCase();
    if (!this.loaded.has(key)) throw new Error(`no module named '${key}' is loaded`);
    this.loaded.delete(key);
    this.used = this.used.filter((n) => n !== key);
  }

  use(names: string[]): void {
    const keys = names.map((n) => n.toLowerCase());
    for (const k of keys) if (!this.loaded.has(k)) throw new Error(`no module named '${k}' is loaded; loaded: ${[...this.loaded.keys()].join(', ')}`);
    const dup = keys.find((k, i) => keys.indexOf(k) !== i);
    if (dup) throw new Error(`module '${dup}' is named twice in USE MODULES`);
    this.used = keys;
  }

  isLoaded(name: string): boolean { return this.loaded.has(name.toLowerCase()); }

  /** Every loaded module with whether it is used, used ones first in resolution order. */
  list(): { name: string; used: boolean }[] {
    return [
      ...this.used.map((name) => ({ name, used: true })),
      ...[...this.loaded.keys()].filter((n) => !this.used.includes(n)).map((name) => ({ name, used: false })),
    ];
  }

  /** The first used module's definition of name. */
  /** Every definition of every loaded module, with the module's name. */
  *definitions(): Generator<{ module: string; name: string; definition: FunctionDefinition }> {
    for (const [module, m] of this.loaded) {
      for (const name of m.functionNames()) yield { module, name, definition: m.getFunction(name)! };
    }
  }

  lookup(name: string): { module: string; definition: FunctionDefinition } | undefined {
    for (const m of this.used) {
      const d = this.loaded.get(m)!.getFunction(name);
      if (d) return { module: m, definition: d };
    }
    return undefined;
  }

  functionNames(): string[] {
    const names = new Set<string>();
    for (const m of this.used) for (const n of this.loaded.get(m)!.functionNames()) names.add(n);
    return [...names].sort();
  }

  /** Modules that are loaded but not used and have name: for a hint in errors. */
  unusedHaving(name: string): string[] {
    return [...this.loaded.entries()].filter(([n, m]) => !this.used.includes(n) && m.getFunction(name)).map(([n]) => n);
  }
}
