// The session's catalogs by name, with the current catalog and database (Flink's
// CatalogManager): resolves one-, two- and three-part object names.
import { Catalog } from './catalog.js';
import { catalogError } from '../errors.js';

export interface ObjectName { catalog: string; db: string; name: string }

export class CatalogManager {
  private readonly catalogs = new Map<string, Catalog>();
  private current = '';
  currentDatabase = 'default';

  register(name: string, catalog: Catalog, makeCurrent = false): void {
    if (this.catalogs.has(name)) throw catalogError(`Catalog ${name} already exists`);
    this.catalogs.set(name, catalog);
    if (makeCurrent || !this.current) this.use(name);
  }

  has(name: string): boolean { return this.catalogs.has(name); }
  names(): string[] { return [...this.catalogs.keys()].sort(); }
  get currentCatalogName(): string { return this.current; }
  get currentCatalog(): Catalog { return this.get(this.current); }

  get(name: string): Catalog {
    const c = this.catalogs.get(name);
    if (!c) throw catalogError(`Catalog ${name} does not exist (catalogs: ${this.names().join(', ')})`);
    return c;
  }

  use(name: string): void {
    const c = this.get(name);
    this.current = name;
    this.currentDatabase = (c as { defaultDatabase?: string }).defaultDatabase ?? 'default';
  }

  useDatabase(db: string): void {
    if (!this.currentCatalog.getDatabase(db)) throw catalogError(`Database does not exist: ${db} (catalog ${this.current})`);
    this.currentDatabase = db;
  }

  drop(name: string): void {
    if (name === this.current) throw catalogError(`Cannot drop catalog ${name}: it is the current catalog`);
    const c = this.get(name);
    this.catalogs.delete(name);
    c.close();
  }

  qualify(n: { catalog?: string; db?: string; name: string }): ObjectName {
    return { catalog: n.catalog ?? this.current, db: n.db ?? (n.catalog ? 'default' : this.currentDatabase), name: n.name };
  }

  /** Runs f with every catalog reading consistently (Catalog.readConsistently). */
  readConsistently<T>(f: () => T): T {
    return [...this.catalogs.values()].reduce<() => T>((g, c) => (c.readConsistently ? () => c.readConsistently!(g) : g), f)();
  }

  close(): void {
    for (const c of this.catalogs.values()) { try { c.close(); } catch { /* closing all */ } }
    this.catalogs.clear();
  }
}
