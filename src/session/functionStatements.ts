// Executes the module and function statements against the session's ModuleManager and
// FunctionResolver. CREATE FUNCTION loads the module file right away, so a bad path or
// export fails the statement and nothing is registered.
import * as A from '../sql/ast.js';
import { StatementResult, ok, textRows } from './result.js';
import { FunctionResolver } from '../module/functionResolver.js';
import { loadUserFunction } from '../module/userFunctions.js';
import { hivePattern } from '../catalog/namePattern.js';
import { catalogError, validationError } from '../errors.js';
import type { CatalogFunction } from '../catalog/catalog.js';

export type FunctionStatement = A.Statement & {
  kind: 'loadModule' | 'unloadModule' | 'useModules' | 'showModules' | 'showFunctions' | 'describeFunction' | 'createFunction' | 'dropFunction';
};

export function executeFunctionStatement(s: FunctionStatement, functions: FunctionResolver): StatementResult {
  const modules = functions.modules;
  const wrap = <T>(f: () => T): T => {
    try { return f(); } catch (err) { throw validationError((err as Error).message, s.pos); }
  };
  switch (s.kind) {
    case 'loadModule': wrap(() => modules.load(s.name, s.options)); return ok();
    case 'unloadModule': wrap(() => modules.unload(s.name)); return ok();
    case 'useModules': wrap(() => modules.use(s.names)); return ok();
    case 'showModules':
      return s.full
        ? textRows(['module name', 'used'], modules.list().map((m) => [m.name, String(m.used)]))
        : textRows(['module name'], modules.list().filter((m) => m.used).map((m) => [m.name]));
    case 'showFunctions': {
      let names = s.user ? functions.userFunctionNames() : [...new Set([...modules.functionNames(), ...functions.userFunctionNames()])].sort();
      if (s.like !== undefined) { const re = hivePattern(s.like); names = names.filter((n) => re.test(n)); }
      return textRows(['function name'], names.map((n) => [n]));
    }
    case 'describeFunction': {
      const r = functions.resolve(s.name);
      if (!r) return textRows(['tab_name'], [[`Function '${s.name}' does not exist.`]]);
      const rows = [[r.definition.usage ?? `${s.name} - no description`]];
      if (s.extended) rows.push([`Kind: ${r.definition.kind}`], [`Defined by: ${r.source}`]);
      return textRows(['tab_name'], rows);
    }
    case 'createFunction': {
      const qualified = s.name.includes('.');
      if (s.temporary && !qualified) {
        if (functions.temporarySystem.has(s.name)) {
          if (s.ifNotExists) return ok();
          throw validationError(`temporary function ${s.name} already exists`, s.pos);
        }
        const definition = wrap(() => loadUserFunction(s.name, s.className));
        functions.temporarySystem.set(s.name, { className: s.className, definition });
        return ok();
      }
      const loc = wrap(() => functions.locateFunction(s.name));
      const key = `${loc.catalogName}.${loc.db}.${loc.name}`;
      const definition = wrap(() => loadUserFunction(key, s.className));
      if (s.temporary) {
        if (functions.temporaryCatalog.has(key) && !s.ifNotExists) throw validationError(`temporary function ${key} already exists`, s.pos);
        functions.temporaryCatalog.set(key, { className: s.className, definition });
        return ok();
      }
      if (loc.catalog.getFunction(loc.db, loc.name)) {
        if (s.ifNotExists) return ok();
        throw catalogError(`Function ${loc.db}.${loc.name} already exists`);
      }
      const f: CatalogFunction = { db: loc.db, name: loc.name, className: s.className, resources: [], createTime: Math.floor(Date.now() / 1000) };
      loc.catalog.createFunction(f);
      return ok();
    }
    case 'dropFunction': {
      if (s.temporary && !s.name.includes('.')) {
        if (!functions.temporarySystem.delete(s.name) && !s.ifExists) throw validationError(`temporary function ${s.name} does not exist`, s.pos);
        return ok();
      }
      const loc = wrap(() => functions.locateFunction(s.name));
      const key = `${loc.catalogName}.${loc.db}.${loc.name}`;
      if (s.temporary) {
        if (!functions.temporaryCatalog.delete(key) && !s.ifExists) throw validationError(`temporary function ${key} does not exist`, s.pos);
        return ok();
      }
      if (!loc.catalog.getFunction(loc.db, loc.name)) {
        if (s.ifExists) return ok();
        throw catalogError(`Function ${loc.db}.${loc.name} does not exist`);
      }
      loc.catalog.dropFunction(loc.db, loc.name);
      return ok();
    }
  }
}
