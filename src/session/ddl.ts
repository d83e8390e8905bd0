// Statements that change or show metadata: databases, tables, partitions, LOAD DATA,
// MSCK REPAIR and ANALYZE. Files move only after validation; metadata changes are
// single catalog transactions.
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import * as A from '../sql/ast.js';
import type { Session } from './session.js';
import { StatementResult, ok, textRows } from './result.js';
import { FieldSchema, Partition, Table } from '../catalog/catalog.js';
import { catalogError, unsupported, validationError } from '../errors.js';
import { formatByName } from '../formats/storageFormat.js';
import { isStringLike, parseTypeString, typeToString } from '../types/dataType.js';
import { parseValue } from '../types/values.js';
import { DEFAULT_PARTITION, parsePartitionName, partitionName } from '../warehouse/partitionPath.js';
import { listDataFiles } from '../warehouse/dataFiles.js';
import { hivePattern } from '../catalog/namePattern.js';
import { analyzeTable } from './analyze.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);


export class DdlExecutor {
  constructor(private readonly s: Session) {}

  private get catalog() { return this.s.catalog; }

  execute(st: A.Statement): StatementResult {
    switch (st.kind) {
      case 'createDatabase': return this.createDatabase(st);
      case 'dropDatabase': return this.dropDatabase(st);
      case 'showDatabases': {
        const re = st.like ? hivePattern(st.like) : null;
        return textRows(['database_name'], this.catalog.listDatabases().filter((d) => !re || re.test(d)).map((d) => [d]));
      }
      case 'showTables': {
        const db = st.db ?? this.s.currentDatabase;
        if (!this.catalog.getDatabase(db)) throw catalogError(`Database does not exist: ${db}`);
        const re = st.like ? hivePattern(st.like) : null;
        return textRows(['tab_name'], this.catalog.listTables(db).filter((t) => !re || re.test(t)).map((t) => [t]));
      }
      case 'showPartitions': {
        const t = this.s.getTable(st.table);
        if (t.partitionKeys.length === 0) throw validationError(`Table ${t.name} is not a partitioned table`, st.pos);
        const keys = t.partitionKeys.map((k) => k.name);
        let parts = this.s.catalogOf(t).listPartitions(t.db, t.name);
        if (st.partition) {
          const want = new Map(st.partition.map((p) => [p.name, p.value ?? null]));
          parts = parts.filter((p) => keys.every((k, i) => !want.has(k) || want.get(k) === p.values[i]));
        }
        return textRows(['partition'], parts.map((p) => [partitionName(keys, p.values)]));
      }
      case 'describe': return this.describe(st);
      case 'createTable': return this.createTable(st);
      case 'dropTable': return this.dropTable(st);
      case 'addPartitions': return this.addPartitions(st);
      case 'dropPartitions': return this.dropPartitions(st);
      case 'msck': return this.msck(st);
      case 'loadData': return this.loadData(st);
      case 'analyze': return ok(analyzeTable(this.s, st));
      case 'addConstraint': throw unsupported('ALTER TABLE … CONSTRAINT (informational constraints are not stored yet)', st.pos);
      default: throw unsupported(`statement ${st.kind}`, st.pos);
    }
  }

  private createDatabase(st: A.Statement & { kind: 'createDatabase' }): StatementResult {
    if (this.catalog.getDatabase(st.name)) {
      if (st.ifNotExists) return ok();
      throw catalogError(`Database ${st.name} already exists`);
    }
    const location = st.location ? resolve(st.location) : join(this.catalog.warehouse, `${st.name}.db`);
    mkdirSync(location, { recursive: true });
    this.catalog.createDatabase({ name: st.name, location, comment: st.comment, params: st.properties });
    return ok();
  }

  private dropDatabase(st: A.Statement & { kind: 'dropDatabase' }): StatementResult {
    const db = this.catalog.getDatabase(st.name);
    if (!db) {
      if (st.ifExists) return ok();
      throw catalogError(`Database does not exist: ${st.name}`);
    }
    if (st.name === 'default') throw validationError('Can not drop default database', st.pos);
    const tables = this.catalog.listTables(st.name);
    if (tables.length > 0 && !st.cascade) throw catalogError(`Database ${st.name} is not empty. One or more tables exist.`);
    const managed = tables.map((t) => this.catalog.getTable(st.name, t)!).filter((t) => t.type === 'MANAGED_TABLE');
    this.catalog.dropDatabase(st.name);
    for (const t of managed) rmSync(t.sd.location, { recursive: true, force: true });
    if (db.location.startsWith(this.catalog.warehouse + '/')) rmSync(db.location, { recursive: true, force: true });
    if (this.s.currentDatabase === st.name) this.s.catalogs.currentDatabase = 'default';
    return ok();
  }

  private createTable(st: A.Statement & { kind: 'createTable' }): StatementResult {
    const q = this.s.qualify(st.name);
    const { db, name } = q;
    const catalog = this.s.catalogOf(q);
    const database = catalog.getDatabase(db);
    if (!database) throw validationError(`Database does not exist: ${db}`, st.name.pos);
    if (catalog.getTable(db, name)) {
      if (st.ifNotExists) return ok();
      throw catalogError(`Table ${db}.${name} already exists`);
    }
    const formatName = st.storedAs ?? (this.s.config.get('hive.default.fileformat') || 'TEXTFILE');
    const storage = formatByName(formatName);
    if (!storage) throw unsupported(`STORED AS ${formatName.toUpperCase()} (supported: TEXTFILE, ORC, PARQUET)`, st.pos);
    const serdeLib = st.rowFormat?.serde ?? storage.serde;
    if (serdeLib !== storage.serde) throw unsupported(`ROW FORMAT SERDE '${serdeLib}' with STORED AS ${storage.name}`, st.pos);
    const names = new Set<string>();
    for (const c of [...st.columns, ...st.partitionColumns]) {
      if (names.has(c.name)) throw validationError(`duplicate column name '${c.name}'`, c.pos);
      names.add(c.name);
    }
    if (st.columns.length === 0) throw validationError('a table needs at least one column', st.pos);
    const serdeParams: Record<string, string> = { ...(st.rowFormat?.serdeProperties ?? {}) };
    const rf = st.rowFormat;
    if (rf?.fieldDelim !== undefined) { serdeParams['field.delim'] = rf.fieldDelim; serdeParams['serialization.format'] = rf.fieldDelim; }
    else serdeParams['serialization.format'] = '1';
    if (rf?.escapeChar !== undefined) serdeParams['escape.delim'] = rf.escapeChar;
    if (rf?.nullFormat !== undefined) serdeParams['serialization.null.format'] = rf.nullFormat;
    if (rf?.collectionDelim !== undefined) serdeParams['colelction.delim'] = rf.collectionDelim; // sic: Hive's key
    if (rf?.mapKeyDelim !== undefined) serdeParams['mapkey.delim'] = rf.mapKeyDelim;
    if (rf?.lineDelim !== undefined) {
      if (rf.lineDelim !== '\n') throw unsupported("LINES TERMINATED BY other than '\\n'", st.pos);
      serdeParams['line.delim'] = rf.lineDelim;
    }
    const location = st.location ? resolve(st.location) : join(database.location, name);
    const field = (c: A.ColumnDef): FieldSchema => ({ name: c.name, type: typeToString(c.type), comment: c.comment });
    const params: Record<string, string> = { ...st.properties, transient_lastDdlTime: String(nowSeconds()) };
    if (st.external) params.EXTERNAL = 'TRUE';
    if (st.comment !== undefined) params.comment = st.comment;
    const table: Table = {
      db, name, type: st.external ? 'EXTERNAL_TABLE' : 'MANAGED_TABLE', owner: process.env.USER ?? 'sluice', createTime: nowSeconds(),
      columns: st.columns.map(field), partitionKeys: st.partitionColumns.map(field),
      sd: { location, inputFormat: storage.inputFormat, outputFormat: storage.outputFormat, serde: { lib: storage.serde, params: serdeParams } },
      params, comment: st.comment,
    };
    catalog.createTable(table);
    mkdirSync(location, { recursive: true });
    return ok();
  }

  private dropTable(st: A.Statement & { kind: 'dropTable' }): StatementResult {
    const q = this.s.qualify(st.name);
    const { db, name } = q;
    const catalog = this.s.catalogOf(q);
    const t = catalog.getTable(db, name);
    if (!t) {
      if (st.ifExists) return ok();
      throw validationError(`Table not found: ${db}.${name}`, st.name.pos);
    }
    const partitions = catalog.listPartitions(db, name);
    catalog.dropTable(db, name);
    if (t.type === 'MANAGED_TABLE') {
      rmSync(t.sd.location, { recursive: true, force: true });
      for (const p of partitions) rmSync(p.location, { recursive: true, force: true });
    }
    return ok();
  }

  private describe(st: A.Statement & { kind: 'describe' }): StatementResult {
    const t = this.s.getTable(st.table);
    const rows: (string | null)[][] = t.columns.map((c) => [c.name, c.type, c.comment ?? '']);
    if (t.partitionKeys.length) {
      rows.push(['', null, null], ['# Partition Information', null, null], ['# col_name', 'data_type', 'comment']);
      for (const c of t.partitionKeys) rows.push([c.name, c.type, c.comment ?? '']);
    }
    if (st.formatted) {
      rows.push(['', null, null], ['# Detailed Table Information', null, null]);
      rows.push(['Database:', t.db, null], ['Owner:', t.owner ?? '', null], ['CreateTime:', new Date(t.createTime * 1000).toUTCString(), null]);
      rows.push(['Location:', t.sd.location, null], ['Table Type:', t.type, null], ['Table Parameters:', null, null]);
      for (const [k, v] of Object.entries(t.params).sort()) rows.push(['', k, v]);
      rows.push(['', null, null], ['# Storage Information', null, null]);
      rows.push(['SerDe Library:', t.sd.serde.lib, null], ['InputFormat:', t.sd.inputFormat, null], ['OutputFormat:', t.sd.outputFormat, null]);
      rows.push(['Storage Desc Params:', null, null]);
      for (const [k, v] of Object.entries(t.sd.serde.params).sort()) rows.push(['', k, JSON.stringify(v).slice(1, -1)]);
      const stats = this.s.catalogOf(t).getTableColumnStatistics(t.db, t.name, t.columns.map((c) => c.name));
      if (stats.length) {
        rows.push(['', null, null], ['# Column Statistics', null, null]);
        for (const c of stats) {
          const parts = [['min', c.min], ['max', c.max], ['num_nulls', c.nullCount], ['distinct_count', c.ndv], ['avg_col_len', c.avgLength],
            ['max_col_len', c.maxLength], ['num_trues', c.trueCount], ['num_falses', c.falseCount]].filter(([, v]) => v !== undefined);
          rows.push([c.column, c.type, parts.map(([k, v]) => `${k}=${v}`).join(' ')]);
        }
      }
    }
    return textRows(['col_name', 'data_type', 'comment'], rows);
  }

  /** Partition values from a full static spec, checked against the table's keys and types. */
  private specValues(t: Table, spec: A.PartitionSpecItem[], pos: A.Pos): string[] {
    const keys = t.partitionKeys.map((k) => k.name);
    if (keys.length === 0) throw validationError(`Table ${t.name} is not a partitioned table`, pos);
    if (spec.length !== keys.length || spec.some((p, i) => p.name !== keys[i])) {
      throw validationError(`partition spec (${spec.map((p) => p.name).join(', ')}) does not match the partition columns of ${t.db}.${t.name} (${keys.join(', ')})`, pos);
    }
    return spec.map((p, i) => {
      if (p.value === undefined || p.value === null || p.value === '') throw validationError(`partition column ${p.name} needs a value`, p.pos);
      const type = parseTypeString(t.partitionKeys[i].type);
      if (!isStringLike(type) && p.value !== DEFAULT_PARTITION && parseValue(p.value, type) === null) {
        throw validationError(`partition value '${p.value}' is not a valid ${typeToString(type)} for ${p.name}`, p.pos);
      }
      return p.value;
    });
  }

  private addPartitions(st: A.Statement & { kind: 'addPartitions' }): StatementResult {
    const t = this.s.getTable(st.table);
    const keys = t.partitionKeys.map((k) => k.name);
    const add: Partition[] = [];
    for (const p of st.partitions) {
      const values = this.specValues(t, p.spec, st.pos);
      if (this.s.catalogOf(t).getPartition(t.db, t.name, values) || add.some((x) => x.values.join('/') === values.join('/'))) {
        if (st.ifNotExists) continue;
        throw catalogError(`Partition already exists: ${partitionName(keys, values)} in ${t.db}.${t.name}`);
      }
      const location = p.location ? resolve(p.location) : join(t.sd.location, partitionName(keys, values));
      add.push({ db: t.db, table: t.name, values, location, params: { transient_lastDdlTime: String(nowSeconds()) }, createTime: nowSeconds() });
    }
    this.s.catalogOf(t).commitChanges({ addPartitions: add });
    for (const p of add) mkdirSync(p.location, { recursive: true });
    return ok();
  }

  private dropPartitions(st: A.Statement & { kind: 'dropPartitions' }): StatementResult {
    const t = this.s.getTable(st.table);
    const keys = t.partitionKeys.map((k) => k.name);
    if (keys.length === 0) throw validationError(`Table ${t.name} is not a partitioned table`, st.pos);
    const all = this.s.catalogOf(t).listPartitions(t.db, t.name);
    const matched = new Set<Partition>();
    for (const spec of st.specs) {
      for (const s of spec) if (!keys.includes(s.name)) throw validationError(`${s.name} is not a partition column of ${t.db}.${t.name}`, st.pos);
      // Evaluate "k op v" for every partition, typed as the partition column.
      const found = all.filter((p) => spec.every((s) => {
        const i = keys.indexOf(s.name);
        const type = parseTypeString(t.partitionKeys[i].type);
        const pv = p.values[i] === DEFAULT_PARTITION ? null : parseValue(p.values[i], type);
        const sv = parseValue(s.value, type);
        if (pv === null || sv === null) return s.op === '=' && p.values[i] === s.value;
        return compare(pv, sv, s.op);
      }));
      if (found.length === 0 && !st.ifExists) throw catalogError(`No partition matches ${spec.map((s) => `${s.name}${s.op}'${s.value}'`).join(', ')} in ${t.db}.${t.name}`);
      found.forEach((p) => matched.add(p));
    }
    this.s.catalogOf(t).commitChanges({ dropPartitions: [...matched].map((p) => ({ db: t.db, table: t.name, values: p.values })) });
    if (t.type === 'MANAGED_TABLE') for (const p of matched) rmSync(p.location, { recursive: true, force: true });
    return ok(`Dropped ${matched.size} partition${matched.size === 1 ? '' : 's'}`);
  }

  private msck(st: A.Statement & { kind: 'msck' }): StatementResult {
    const t = this.s.getTable(st.table);
    const keys = t.partitionKeys.map((k) => k.name);
    if (keys.length === 0) return ok();
    const known = new Set(this.s.catalogOf(t).listPartitions(t.db, t.name).map((p) => partitionName(keys, p.values)));
    const add: Partition[] = [];
    const walk = (dir: string, rel: string[]) => {
      if (rel.length === keys.length) {
        const values = parsePartitionName(keys, rel.join('/'));
        if (values && !known.has(partitionName(keys, values))) {
          add.push({ db: t.db, table: t.name, values, location: dir, params: { transient_lastDdlTime: String(nowSeconds()) }, createTime: nowSeconds() });
        }
        return;
      }
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_') && e.name.includes('=')) walk(join(dir, e.name), [...rel, e.name]);
      }
    };
    walk(t.sd.location, []);
    this.s.catalogOf(t).commitChanges({ addPartitions: add });
    return ok(add.length ? `Partitions not in metastore:\t${add.map((p) => `${t.name}:${partitionName(keys, p.values)}`).join('\t')}\nRepair: Added ${add.length} partition${add.length === 1 ? '' : 's'} to metastore` : 'No partitions to add');
  }

  private loadData(st: A.Statement & { kind: 'loadData' }): StatementResult {
    const t = this.s.getTable(st.table);
    const source = resolve(st.path.replace(/^file:\/\//, ''));
    if (!existsSync(source)) throw validationError(`Invalid path '${st.path}': No files matching path`, st.pos);
    const files = statSync(source).isDirectory() ? listDataFiles(source) : [source];
    if (files.length === 0) throw validationError(`Invalid path '${st.path}': source contains no files`, st.pos);
    const keys = t.partitionKeys.map((k) => k.name);
    if (keys.length > 0 && !st.partition) throw validationError(`Need to specify partition columns because the destination table is partitioned`, st.pos);
    if (keys.length === 0 && st.partition) throw validationError(`Table ${t.name} is not partitioned but a PARTITION clause was given`, st.pos);
    let dest = t.sd.location;
    let newPartition: Partition | null = null;
    if (st.partition) {
      const values = this.specValues(t, st.partition, st.pos);
      const existing = this.s.catalogOf(t).getPartition(t.db, t.name, values);
      dest = existing?.location ?? join(t.sd.location, partitionName(keys, values));
      if (!existing) newPartition = { db: t.db, table: t.name, values, location: dest, params: { transient_lastDdlTime: String(nowSeconds()) }, createTime: nowSeconds() };
    }
    mkdirSync(dest, { recursive: true });
    // Copy (LOCAL) or move into a hidden directory first, then swap in: readers never see a half load.
    const stage = join(dest, `.hive-staging_sluice_load_${Date.now().toString(36)}`);
    mkdirSync(stage);
    try {
      for (const f of files) (st.local ? copyFileSync : renameSync)(f, join(stage, basename(f)));
      const replaced = st.overwrite ? listDataFiles(dest) : [];
      const trash = join(stage, '.trash');
      mkdirSync(trash);
      replaced.forEach((f, i) => renameSync(f, join(trash, String(i))));
      for (const f of listDataFiles(stage)) {
        let name = basename(f);
        for (let i = 1; existsSync(join(dest, name)); i++) name = `${basename(f)}_copy_${i}`;
        renameSync(f, join(dest, name));
      }
      if (newPartition) this.s.catalogOf(t).commitChanges({ addPartitions: [newPartition] });
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
    return ok(`Loading data to table ${t.db}.${t.name}${st.partition ? ` partition (${st.partition.map((p) => `${p.name}=${p.value}`).join(', ')})` : ''}`);
  }

}

function compare(a: unknown, b: unknown, op: string): boolean {
  const x = a as number, y = b as number;
  switch (op) {
    case '=': return x === y;
    case '<>': case '!=': return x !== y;
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    case '>=': return x >= y;
    default: throw unsupported(`partition operator ${op}`);
  }
}


