// Flink's catalog statements, which HiveQL's grammar does not have: CREATE CATALOG … WITH
// (…), DROP CATALOG, USE CATALOG, SHOW CATALOGS, SHOW CURRENT CATALOG / DATABASE.
import * as A from './ast.js';
import { parseError } from '../errors.js';

const IDENT = '(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)';
const name = (s: string) => (s.startsWith('`') ? s.slice(1, -1) : s);

export function parseCatalogStatement(text: string, pos: A.Pos): A.Statement | null {
  const t = text.trim();
  let m = new RegExp(`^create\\s+catalog\\s+(if\\s+not\\s+exists\\s+)?${IDENT}\\s+with\\s*\\(([\\s\\S]*)\\)$`, 'i').exec(t);
  if (m) return { kind: 'createCatalog', name: name(m[2]), ifNotExists: !!m[1], options: parseOptions(m[3], pos), pos };
  if (/^create\s+catalog\b/i.test(t)) throw parseError("expected CREATE CATALOG name WITH ('type'='…', …)", pos);
  m = new RegExp(`^drop\\s+catalog\\s+(if\\s+exists\\s+)?${IDENT}$`, 'i').exec(t);
  if (m) return { kind: 'dropCatalog', name: name(m[2]), ifExists: !!m[1], pos };
  m = new RegExp(`^use\\s+catalog\\s+${IDENT}$`, 'i').exec(t);
  if (m) return { kind: 'useCatalog', name: name(m[1]), pos };
  if (/^show\s+catalogs$/i.test(t)) return { kind: 'showCatalogs', pos };
  if (/^show\s+current\s+catalog$/i.test(t)) return { kind: 'showCurrentCatalog', pos };
  if (/^show\s+current\s+database$/i.test(t)) return { kind: 'showCurrentDatabase', pos };
  return null;
}

/** 'key' = 'value' pairs separated by commas; quotes inside values doubled. */
export function parseOptions(body: string, pos: A.Pos, what = 'catalog'): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /\s*'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'\s*(,|$)/y;
  let i = 0;
  while (i < body.length && body.slice(i).trim()) {
    re.lastIndex = i;
    const m = re.exec(body);
    if (!m) throw parseError(`${what} options must be 'key'='value' pairs separated by commas; could not read: ${body.slice(i).trim().slice(0, 40)}`, pos);
    out[m[1].replace(/''/g, "'")] = m[2].replace(/''/g, "'");
    i = re.lastIndex;
    if (!m[3]) break;
  }
  return out;
}
