// Resolves a function name in Flink's order: temporary system functions, then the used
// modules in order, then temporary catalog functions, then catalog functions of the
// current (or named) database. User functions load from their module files on first use.
import type { Catalog, CatalogFunction } from '../catalog/catalog.js';
import type { FunctionDefinition } from './functionDefinition.js';
import { ModuleManager } from './moduleManager.js';
import { loadUserFunction } from './userFunctions.js';

export interface FunctionScope {
  /** Catalog and database a name [db.]f refers to (the current ones when unqualified). */
  locate(name: string): { catalog: Catalog; catalogName: string; db: string; name: string };
}

export type ResolvedFunction = { definition: FunctionDefinition; source: string };

export class FunctionResolver {
  readonly temporarySystem = new Map<string, { className: string; definition: FunctionDefinition }>();
  readonly temporaryCatalog = new Map<string, { className: string; definition: FunctionDefinition }>();
  private readonly loaded = new Map<string, FunctionDefinition>();

  constructor(readonly modules: ModuleManager, private readonly scope: FunctionScope) {}

  resolve(rawName: string): ResolvedFunction | undefined {
    const name = rawName.toLowerCase();
    if (!name.includes('.')) {
      const t = this.temporarySystem.get(name);
      if (t) return { definition: t.definition, source: 'temporary system function' };
      const m = this.modules.lookup(name);
      if (m) return { definition: m.definition, source: `module ${m.module}` };
    }
    const loc = this.scope.locate(name);
    const key = `${loc.catalogName}.${loc.db}.${loc.name}`;
    const tc = this.temporaryCatalog.get(key);
    if (tc) return { definition: tc.definition, source: 'temporary catalog function' };
    let f: CatalogFunction | null = null;
    try { f = loc.catalog.getFunction(loc.db, loc.name); } catch { f = null; }
    if (!f) return undefined;
    const cacheKey = `${key}:${f.className}`;
    let d = this.loaded.get(cacheKey);
    if (!d) { d = loadUserFunction(key, f.className); this.loaded.set(cacheKey, d); }
    return { definition: d, source: `catalog function ${key}` };
  }

  /** Catalog functions loaded so far, keyed 'catalog.db.name:className'. */
  loadedUserFunctions(): Iterable<[string, FunctionDefinition]> { return this.loaded.entries(); }

  locateFunction(name: string) { return this.scope.locate(name.toLowerCase()); }

  /** Names of user-defined functions: temporary ones and those of the current database. */
  userFunctionNames(): string[] {
    const loc = this.scope.locate(''); // the current catalog and database
    const names = new Set<string>([...this.temporarySystem.keys()]);
    for (const k of this.temporaryCatalog.keys()) if (k.startsWith(`${loc.catalogName}.${loc.db}.`)) names.add(k.split('.').pop()!);
    try { for (const n of loc.catalog.listFunctions(loc.db)) names.add(n.toLowerCase()); } catch { /* a catalog without functions */ }
    return [...names].sort();
  }
}
