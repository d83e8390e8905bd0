// Flink SQL client's defaults file (sql-client-defaults.yaml, `--defaults`): catalogs to
// register at startup, the current catalog and database, and configuration keys.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Session } from '../session/session.js';

export function applyDefaultsFile(session: Session, file: string): void {
  let doc: Record<string, unknown>;
  try {
    doc = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  const catalogs = (doc.catalogs ?? []) as Record<string, unknown>[];
  if (!Array.isArray(catalogs)) throw new Error(`${file}: 'catalogs' must be a list`);
  catalogs.forEach((c, i) => {
    const { name, ...options } = c ?? {};
    if (typeof name !== 'string' || !name) throw new Error(`${file}: catalogs[${i}] needs a name`);
    const opts = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)]));
    session.executeParsed({ kind: 'createCatalog', name, options: opts, ifNotExists: false, pos: { line: 1, col: 1 } });
  });
  for (const [k, v] of Object.entries((doc.configuration ?? {}) as Record<string, unknown>)) session.config.set(k, String(v));
  const exec = (doc.execution ?? {}) as Record<string, unknown>;
  if (exec['current-catalog'] !== undefined) session.catalogs.use(String(exec['current-catalog']));
  if (exec['current-database'] !== undefined) session.catalogs.useDatabase(String(exec['current-database']));
}
