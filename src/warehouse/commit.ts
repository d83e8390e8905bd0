// Commits staged INSERT output: every file move is journaled so that a failure part way
// (a rename or the metastore transaction) is rolled back and leaves tables and partitions
// exactly as they were. Replaced data goes to a trash directory removed only after the
// metastore change has committed.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Catalog, CatalogChanges, Table } from '../catalog/catalog.js';
import { StagedOutput } from './stagingWriter.js';
import { partitionName } from './partitionPath.js';
import { listDataFiles } from './dataFiles.js';

export interface CommitTarget {
  table: Table;
  overwrite: boolean;
  staged: StagedOutput;
}

class MoveJournal {
  private moves: { from: string; to: string }[] = [];
  move(from: string, to: string): void {
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
    this.moves.push({ from, to });
  }
  rollback(): void {
    for (const m of this.moves.reverse()) {
      try { renameSync(m.to, m.from); } catch { /* best effort: report the original error */ }
    }
    this.moves = [];
  }
}

/** A file name not yet used in dir: Hive's 000000_0, 000000_0_copy_1, … */
function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return name;
  for (let i = 1; ; i++) if (!existsSync(join(dir, `${name}_copy_${i}`))) return `${name}_copy_${i}`;
}

export function commitInserts(catalogOf: (t: Table) => Catalog, targets: CommitTarget[], trashRoot: (t: Table) => string, now = Date.now()): void {
  const journal = new MoveJournal();
  // One metadata change per catalog (a multi-insert may write to tables of several).
  const changesOf = new Map<Catalog, CatalogChanges>();
  const trashDirs = new Set<string>();
  const added = new Set<string>(); // partitions this commit adds, across targets
  let seq = 0;
  try {
    for (const target of targets) {
      const { table } = target;
      const catalog = catalogOf(table);
      if (!changesOf.has(catalog)) changesOf.set(catalog, { addPartitions: [] });
      const changes = changesOf.get(catalog)!;
      const keys = table.partitionKeys.map((k) => k.name);
      const trash = trashRoot(table);
      trashDirs.add(trash);
      const staged = [...target.staged.dirs.values()];
      if (keys.length === 0) {
        const dest = table.sd.location;
        for (const { dir } of staged) {
          mkdirSync(dest, { recursive: true });
          if (target.overwrite) for (const f of listDataFiles(dest)) journal.move(f, join(trash, String(seq++), 'f'));
          for (const f of listDataFiles(dir)) journal.move(f, join(dest, freeName(dest, f.slice(dir.length + 1))));
        }
        continue;
      }
      // One metastore call for the partitions that already exist, not one per partition.
      const names = staged.map(({ values }) => partitionName(keys, values));
      const existing = new Map(catalog.getPartitionsByNames(table.db, table.name, names).map((p) => [partitionName(keys, p.values), p]));
      staged.forEach(({ values, dir }, i) => {
        const old = existing.get(names[i]);
        const dest = old?.location ?? join(table.sd.location, names[i]);
        if (target.overwrite || !existsSync(dest)) {
          if (existsSync(dest)) journal.move(dest, join(trash, String(seq++)));
          journal.move(dir, dest);
        } else {
          for (const f of listDataFiles(dir)) journal.move(f, join(dest, freeName(dest, f.slice(dir.length + 1))));
        }
        const addKey = `${table.db}.${table.name}/${names[i]}`;
        if (!old && !added.has(addKey)) {
          added.add(addKey);
          changes.addPartitions!.push({ db: table.db, table: table.name, values, location: dest, params: { transient_lastDdlTime: String(Math.floor(now / 1000)) }, createTime: Math.floor(now / 1000) });
        }
      });
    }
    const committed: [Catalog, CatalogChanges][] = [];
    try {
      for (const [catalog, changes] of changesOf) { catalog.commitChanges(changes); committed.push([catalog, changes]); }
    } catch (e) {
      // Undo the catalogs that did commit before the files move back.
      for (const [catalog, changes] of committed) {
        try {
          catalog.commitChanges({ dropPartitions: (changes.addPartitions ?? []).map((p) => ({ db: p.db, table: p.table, values: p.values })) });
        } catch { /* report the original failure */ }
      }
      throw e;
    }
  } catch (e) {
    journal.rollback();
    throw e;
  }
  for (const t of trashDirs) rmSync(t, { recursive: true, force: true });
}

/** Removes a staging directory tree (after commit or on failure). */
export function removeStaging(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}
