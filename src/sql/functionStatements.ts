// Module and function statements, parsed ahead of the HiveQL grammar (Flink's LOAD/UNLOAD
// MODULE, USE MODULES, SHOW [FULL] MODULES are not HiveQL; CREATE FUNCTION here names a
// JavaScript module rather than a Java class): LOAD MODULE name [WITH (…)], UNLOAD MODULE,
// USE MODULES a, b, SHOW [FULL] MODULES, SHOW [USER] FUNCTIONS [LIKE 'p'], DESCRIBE FUNCTION
// [EXTENDED] f, CREATE [TEMPORARY [SYSTEM]] FUNCTION [IF NOT EXISTS] f AS 'path#export'
// [LANGUAGE JAVASCRIPT], DROP [TEMPORARY [SYSTEM]] FUNCTION [IF EXISTS] f.
import * as A from './ast.js';
import { parseError } from '../errors.js';
import { parseOptions } from './catalogStatements.js';

const IDENT = '(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)';
const QIDENT = '((?:`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)(?:\\.(?:`[^`]+`|[A-Za-z_][A-Za-z0-9_]*))?)';
const unq = (s: string) => s.replace(/`/g, '');

export function parseFunctionStatement(text: string, pos: A.Pos): A.Statement | null {
  const t = text.trim();
  let m = new RegExp(`^load\\s+module\\s+${IDENT}(?:\\s+with\\s*\\(([\\s\\S]*)\\))?$`, 'i').exec(t);
  if (m) return { kind: 'loadModule', name: unq(m[1]), options: m[2] === undefined ? {} : parseOptions(m[2], pos, 'module'), pos };
  if (/^load\s+module\b/i.test(t)) throw parseError("expected LOAD MODULE name [WITH ('key'='value', …)]", pos);
  m = new RegExp(`^unload\\s+module\\s+${IDENT}$`, 'i').exec(t);
  if (m) return { kind: 'unloadModule', name: unq(m[1]), pos };
  m = /^use\s+modules\s+(.+)$/is.exec(t);
  if (m) {
    const names = m[1].split(',').map((x) => x.trim());
    if (names.some((n) => !new RegExp(`^${IDENT}$`).test(n))) throw parseError('expected USE MODULES name [, name …]', pos);
    return { kind: 'useModules', names: names.map(unq), pos };
  }
  m = /^show\s+(full\s+)?modules$/i.exec(t);
  if (m) return { kind: 'showModules', full: !!m[1], pos };
  m = /^show\s+(user\s+)?functions(?:\s+(?:like\s+)?'([^']*)')?$/i.exec(t);
  if (m) return { kind: 'showFunctions', user: !!m[1], like: m[2], pos };
  m = new RegExp(`^(?:describe|desc)\\s+function\\s+(extended\\s+)?(${QIDENT.slice(1, -1)}|[^\\s]+)$`, 'i').exec(t);
  if (m) return { kind: 'describeFunction', name: unq(m[2]).toLowerCase(), extended: !!m[1], pos };
  m = new RegExp(`^create\\s+(temporary\\s+(system\\s+)?)?function\\s+(if\\s+not\\s+exists\\s+)?${QIDENT}\\s+as\\s+'([^']*)'(?:\\s+language\\s+(\\w+))?(?:\\s+using\\s+[\\s\\S]*)?$`, 'i').exec(t);
  if (m) {
    const language = (m[6] ?? 'javascript').toLowerCase();
    if (language !== 'javascript' && language !== 'typescript') throw parseError(`LANGUAGE ${m[6]} is not supported; Sluice runs JavaScript and TypeScript functions ('<module path>#<export>')`, pos);
    return { kind: 'createFunction', name: unq(m[4]).toLowerCase(), className: m[5], temporary: !!m[1], ifNotExists: !!m[3], pos };
  }
  if (/^create\s+(temporary\s+(system\s+)?)?function\b/i.test(t)) throw parseError("expected CREATE [TEMPORARY] FUNCTION name AS '<module path>#<export>' [LANGUAGE JAVASCRIPT]", pos);
  m = new RegExp(`^drop\\s+(temporary\\s+(system\\s+)?)?function\\s+(if\\s+exists\\s+)?${QIDENT}$`, 'i').exec(t);
  if (m) return { kind: 'dropFunction', name: unq(m[4]).toLowerCase(), temporary: !!m[1], ifExists: !!m[3], pos };
  return null;
}
