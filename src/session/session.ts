// A session: the current catalog and database, configuration and variables, and the
// execution of each statement — DDL against the catalog, queries through binder,
// optimizer and operators, INSERT through staging and an atomic commit.
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import * as A from '../sql/ast.js';
import { parseStatement } from '../sql/hiveParser.js';
import { StatementText } from '../sql/scriptSplitter.js';
import { substituteVariables } from '../sql/variables.js';
import { Catalog, ColumnStatistics, Partition, Table } from '../catalog/catalog.js';
import { partitionName } from '../warehouse/partitionPath.js';
import { EmbeddedMetastore, startEmbeddedMetastore } from '../catalog/embeddedMetastore.js';
import { CatalogManager, ObjectName } from '../catalog/catalogManager.js';
import { HiveCatalog } from '../catalog/hiveCatalog.js';
import { DEFAULT_HIVE_VERSION, createCatalog, metastoreClientSettings, metastoreUris } from '../catalog/catalogFactory.js';
import { SessionConfig } from './config.js';
import { StatementResult, ok, textRows } from './result.js';
import { Binder, castTo } from '../planner/binder.js';
import { optimize } from '../planner/optimizer.js';
import { distributedPlan, executePlan, newRuntimeHooks, RuntimeHooks } from '../runtime/runtime.js';
import { nodeNumber, numberNodes } from '../runtime/nodeNumbers.js';
import type { Operator } from '../exec/operators/operator.js';
import { explainPlan } from '../planner/explain.js';
import { LogicalPlan, ScanNode, childrenOf, newField, scanDirectories } from '../planner/logicalPlan.js';
import { planDigest } from '../planner/subplanDigest.js';
import { listDataFiles } from '../warehouse/dataFiles.js';
import { statSync } from 'node:fs';
import { col } from '../planner/boundExpr.js';
import { drain } from '../exec/operators/operator.js';
import { buildOperator } from '../planner/physicalPlanner.js';
import { getValue } from '../exec/vector.js';
import { catalogError, nearby, validationError, unsupported } from '../errors.js';
import { DataType, isNumeric, isStringLike, parseTypeString, typeToString } from '../types/dataType.js';
import { DdlExecutor } from './ddl.js';
import { StagingWriter } from '../warehouse/stagingWriter.js';
import { CommitTarget, commitInserts, removeStaging } from '../warehouse/commit.js';
import { formatOfStorage } from '../formats/storageFormat.js';
import { parseValue } from '../types/values.js';
import { ModuleManager } from '../module/moduleManager.js';
import { FunctionResolver } from '../module/functionResolver.js';
import { CoreModule } from '../module/coreModule.js';
import { HiveModule, SUPPORTED_HIVE_VERSIONS } from '../module/hiveModule.js';
import { Module } from '../module/module.js';
import { FunctionStatement, executeFunctionStatement } from './functionStatements.js';

export interface SessionOptions {
  warehouse: string;
  hivevars?: Record<string, string>;
  /** Configuration set before the default catalog connects (--hiveconf). */
  hiveconf?: Record<string, string>;
}

/** The catalog every session starts with: a HiveCatalog on hive.metastore.uris, or on the
 *  embedded metastore over the warehouse. */
export const DEFAULT_CATALOG = 'hive';

let jobCounter = 0;
const MAX_KEPT_DIMENSION_VALUES = 1_000_000;
const MAX_CHECKED_DIMENSION_FILES = 32;

export class Session {
  readonly config = new SessionConfig();
  readonly hivevars: Record<string, string>;
  readonly catalogs = new CatalogManager();
  readonly warehouse: string;
  private embedded: EmbeddedMetastore | null = null;
  private readonly ddl: DdlExecutor;
  readonly functions: FunctionResolver;
  /** Failure injection (tests) and the last job's metrics. */
  readonly runtime: RuntimeHooks = newRuntimeHooks();

  constructor(opts: SessionOptions) {
    this.warehouse = resolve(opts.warehouse);
    this.hivevars = { ...(opts.hivevars ?? {}) };
    for (const [k, v] of Object.entries(opts.hiveconf ?? {})) this.config.set(k, v);
    const conf = Object.fromEntries(this.config.entries());
    let uris = metastoreUris(this.config.get('hive.metastore.uris'));
    if (!uris.length) {
      this.embedded = startEmbeddedMetastore(this.warehouse);
      uris = [this.embedded.uri];
    }
    try {
      this.catalogs.register(DEFAULT_CATALOG, new HiveCatalog({ name: DEFAULT_CATALOG, uris, hiveVersion: DEFAULT_HIVE_VERSION, ...metastoreClientSettings(conf) }));
    } catch (e) {
      this.embedded?.close();
      throw e;
    }
    this.ddl = new DdlExecutor(this);
    this.functions = new FunctionResolver(new ModuleManager(createModule), {
      locate: (name) => {
        const parts = name.split('.');
        const q = this.qualify({ db: parts.length > 1 ? parts[0] : undefined, name: parts[parts.length - 1], pos: { line: 1, col: 1 } });
        return { catalog: this.catalogs.get(q.catalog), catalogName: q.catalog, db: q.db, name: q.name };
      },
    });
    this.functions.modules.load('core');
    // With the Hive dialect the hive module is loaded too, after core (Flink's SQL client
    // habit); 'sluice.hive-dialect.load-hive-module' = 'false' leaves it to LOAD MODULE.
    if (this.config.get('table.sql-dialect').toLowerCase() === 'hive' && this.config.get('sluice.hive-dialect.load-hive-module') !== 'false') {
      this.functions.modules.load('hive');
    }
  }

  /** Runs an optimized plan on the runtime. */
  run(plan: LogicalPlan): Operator {
    return executePlan(plan, { config: this.config, functions: this.functions, hooks: this.runtime });
  }

  close(): void {
    this.catalogs.close();
    this.embedded?.close();
  }

  /** table.optimizer.reuse-sub-plan-enabled */
  private get reuse(): boolean { return this.config.getBoolean('table.optimizer.reuse-sub-plan-enabled'); }

  /** The current catalog. */
  get catalog(): Catalog { return this.catalogs.currentCatalog; }
  get currentDatabase(): string { return this.catalogs.currentDatabase; }

  /** Hive CLI variable substitution against this session's variables and configuration. */
  substitute(text: string): string {
    return substituteVariables(text, {
      hivevar: this.hivevars,
      hiveconf: (k) => (this.config.has(k) ? this.config.get(k) : undefined),
      env: process.env,
    });
  }

  /** Substitutes variables, parses and executes one statement. */
  execute(st: StatementText): StatementResult {
    const statement = parseStatement({ ...st, text: this.substitute(st.text) });
    return this.executeParsed(statement);
  }

  executeSql(sql: string): StatementResult {
    return this.execute({ text: sql, line: 1, col: 1 });
  }

  executeParsed(s: A.Statement): StatementResult {
    switch (s.kind) {
      case 'query': return this.runQuery(s.query);
      case 'insert': return this.runInsert(s);
      case 'explain': return this.explain(s.statement, s.analyze);
      case 'set': return this.set(s);
      case 'reset': this.config.reset(s.key); return ok();
      case 'useDatabase': this.catalogs.useDatabase(s.name); return ok();
      case 'createCatalog':
        if (this.catalogs.has(s.name)) {
          if (s.ifNotExists) return ok();
          throw catalogError(`Catalog ${s.name} already exists`);
        }
        this.catalogs.register(s.name, createCatalog(s.name, s.options, this.warehouse));
        return ok();
      case 'dropCatalog':
        if (!this.catalogs.has(s.name) && s.ifExists) return ok();
        this.catalogs.drop(s.name);
        return ok();
      case 'useCatalog': this.catalogs.use(s.name); return ok();
      case 'showCatalogs': return textRows(['catalog name'], this.catalogs.names().map((n) => [n]));
      case 'showCurrentCatalog': return textRows(['current catalog name'], [[this.catalogs.currentCatalogName]]);
      case 'showCurrentDatabase': return textRows(['current database name'], [[this.currentDatabase]]);
      case 'loadModule': case 'unloadModule': case 'useModules': case 'showModules': case 'showFunctions':
      case 'describeFunction': case 'createFunction': case 'dropFunction':
        return executeFunctionStatement(s as FunctionStatement, this.functions);
      case 'createTable':
        if (s.asSelect) return this.createTableAsSelect(s);
        return this.ddl.execute(s);
      default: return this.ddl.execute(s);
    }
  }

  // ---------------------------------------------------------------- names
  qualify(name: A.QName): ObjectName {
    return this.catalogs.qualify(name);
  }

  /** The catalog that holds (or will hold) the named object. */
  catalogOf(name: ObjectName | Table): Catalog {
    return 'catalog' in name && typeof name.catalog === 'string' ? this.catalogs.get(name.catalog) : this.catalogs.currentCatalog;
  }

  getTable(name: A.QName): Table {
    const q = this.qualify(name);
    const catalog = this.catalogs.get(q.catalog);
    const t = catalog.getTable(q.db, q.name);
    if (!t) {
      if (!catalog.getDatabase(q.db)) throw validationError(`Database does not exist: ${q.db}${q.catalog === this.catalogs.currentCatalogName ? "" : ` (catalog ${q.catalog})`}`, name.pos);
      const near = nearby(q.name, catalog.listTables(q.db));
      throw validationError(`Table not found: ${q.db}.${q.name}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`, name.pos);
    }
    return t;
  }

  // ---------------------------------------------------------------- queries
  planQuery(q: A.Query): { plan: LogicalPlan; names: string[] } {
    return this.catalogs.readConsistently(() => this.planQueryReadingOnce(q));
  }

  private planQueryReadingOnce(q: A.Query): { plan: LogicalPlan; names: string[] } {
    const answers = new Map<string, unknown>();
    const once = <T>(key: string, f: () => T): T => {
      if (!answers.has(key)) answers.set(key, f());
      return answers.get(key) as T;
    };
    const binder = new Binder({
      // A table named several times (self-joins, CTEs, subqueries) is read once.
      getTable: (n) => { const x = this.qualify(n); return once(`table|${x.catalog}.${x.db}.${x.name}`, () => this.getTable(n)); },
      resolveFunction: (name) => this.functions.resolve(name)?.definition,
      sessionValue: (name) => (name === 'current_database' ? this.currentDatabase
        : name === 'version' ? `${DEFAULT_HIVE_VERSION} (Sluice)`
        : userInfo().username),
      functionHint: (name) => {
        const unused = this.functions.modules.unusedHaving(name);
        if (unused.length) return `it is in module ${unused.join(', ')}, which is loaded but not used (USE MODULES)`;
        if (!this.functions.modules.isLoaded('hive') && hiveFunctionNames().has(name.toLowerCase())) return 'it is a Hive built-in function: LOAD MODULE hive';
        return '';
      },
    });
    const bound = binder.bindQuery(q);
    const tableKey = (scan: ScanNode) => `${scan.table.catalog ?? ''}.${scan.table.db}.${scan.table.name}`;
    const listPartitions = (scan: ScanNode, filter?: string) => once(`parts|${tableKey(scan)}|${filter ?? ''}`, () => {
      const c = this.catalogOf(scan.table);
      return filter ? c.listPartitionsByFilter(scan.table.db, scan.table.name, filter) : c.listPartitions(scan.table.db, scan.table.name);
    });
    const columnStatistics = (scan: ScanNode, columns: string[]) =>
      once(`stats|${tableKey(scan)}|${scan.partitions ? this.partitionListId(scan.partitions) : ''}|${columns.join(',')}`, () => this.columnStatistics(scan, columns));
    const plan = optimize(bound.plan, {
      // A table scanned several times in one query (a CTE used twice, self-joins) asks the
      // metastore once: answers are kept for this planning only.
      listPartitions,
      // A scan without a partition filter has listed all of them already.
      countPartitions: (scan: ScanNode) => (answers.has(`parts|${tableKey(scan)}|`) ? listPartitions(scan).length
        : once(`count|${tableKey(scan)}`, () => this.catalogOf(scan.table).listPartitionNames(scan.table.db, scan.table.name).length)),
      columnStatistics,
      joinReorder: this.config.getBoolean('table.optimizer.join-reorder-enabled'),
      dynamicPruning: this.config.getBoolean('table.optimizer.dynamic-filtering.enabled') ? {
        columnRange: (scan, column) => {
          const st = columnStatistics(scan, [column])[column];
          return typeof st?.min === 'number' && typeof st?.max === 'number' ? { min: st.min, max: st.max } : null;
        },
        evaluate: (dim) => this.dimensionValues(dim),
      } : undefined,
    });
    return { plan, names: bound.names };
  }

  /** Dynamic pruning's values of a dimension side, computed here on the session's thread
   *  (~10 ms for a date_dim filter, in most TPC-DS queries). Kept, by the side's digest,
   *  while the files it reads are the same files (path, size, change times), its tables'
   *  definitions the same and the configuration the same: only for sides of a few files. */
  private readonly dimensionValueCache = new Map<string, { inputs: string; values: unknown[] }>();
  private keptDimensionValues = 0;
  private dimensionValues(dim: LogicalPlan): unknown[] {
    const inputs = this.dimensionInputs(dim);
    const key = inputs === null ? null : planDigest(dim);
    const kept = key === null ? undefined : this.dimensionValueCache.get(key);
    if (kept && kept.inputs === inputs) return kept.values;
    const values: unknown[] = [];
    for (const b of drain(buildOperator(dim))) for (let i = 0; i < b.length; i++) values.push(getValue(b.columns[0], i));
    if (key !== null && values.length <= MAX_KEPT_DIMENSION_VALUES) {
      const cache = this.dimensionValueCache;
      const drop = (k: string) => { this.keptDimensionValues -= cache.get(k)?.values.length ?? 0; cache.delete(k); };
      drop(key);
      // The oldest go first, so that at most MAX_KEPT_DIMENSION_VALUES values are kept.
      while (cache.size > 0 && this.keptDimensionValues + values.length > MAX_KEPT_DIMENSION_VALUES) drop(cache.keys().next().value!);
      cache.set(key, { inputs: inputs!, values });
      this.keptDimensionValues += values.length;
    }
    return values;
  }

  /** What a dimension side's values depend on besides its plan; null when it reads too
   *  many files to check each one. */
  private dimensionInputs(p: LogicalPlan): string | null {
    const parts = [JSON.stringify([...this.config.entries()])];
    let files = 0;
    const visit = (q: LogicalPlan): boolean => {
      if (q.op === 'scan') {
        const t = q.table;
        parts.push(JSON.stringify([t.catalog, t.db, t.name, t.columns, t.partitionKeys, t.sd]));
        for (const dir of scanDirectories(q)) {
          for (const f of listDataFiles(dir)) {
            if (++files > MAX_CHECKED_DIMENSION_FILES) return false;
            const st = statSync(f, { bigint: true });
            parts.push(`${f}\t${st.size}\t${st.mtimeNs}\t${st.ctimeNs}`);
          }
        }
        return true;
      }
      return childrenOf(q).every(visit);
    };
    return visit(p) ? parts.join('\n') : null;
  }

  /** ANALYZE's statistics of the scan's columns: the table's, or merged over its kept
   *  partitions. */
  private columnStatistics(scan: ScanNode, columns: string[]): Record<string, ColumnStatistics> {
    const t = scan.table;
    const c = this.catalogOf(t);
    const out: Record<string, ColumnStatistics> = {};
    try {
      const stats = scan.partitions === null ? c.getTableColumnStatistics(t.db, t.name, columns)
        : scan.partitions.length === 0 ? []
        : c.getAggregateColumnStatistics(t.db, t.name, this.partitionNames(t, scan.partitions), columns);
      for (const st of stats) out[st.column] = st;
    } catch { return {}; } // a catalog without statistics plans with defaults
    return out;
  }

  /** A number per partition list: the lists a planning sees come from the partition cache
   *  and pruning, and are not changed once made. */
  private readonly partitionListIds = new WeakMap<Partition[], number>();
  private partitionListId(partitions: Partition[]): number {
    let id = this.partitionListIds.get(partitions);
    if (id === undefined) { id = ++this.nextListId; this.partitionListIds.set(partitions, id); }
    return id;
  }
  private nextListId = 0;

  /** Partition names by list of partitions: a scan's list is asked about once per column. */
  private readonly namesOfPartitions = new WeakMap<Partition[], string[]>();
  private partitionNames(t: Table, partitions: Partition[]): string[] {
    let names = this.namesOfPartitions.get(partitions);
    if (!names) {
      const keys = t.partitionKeys.map((k) => k.name);
      names = partitions.map((p) => partitionName(keys, p.values));
      this.namesOfPartitions.set(partitions, names);
    }
    return names;
  }

  private runQuery(q: A.Query): StatementResult {
    const { plan, names } = this.planQuery(q);
    const batches = drain(this.run(plan));
    return {
      kind: 'rows',
      columns: names.map((n, i) => ({ name: n, type: plan.fields[i].type })),
      batches,
      rowCount: batches.reduce((s, b) => s + b.length, 0),
    };
  }

  private explain(s: A.Statement, analyze = false): StatementResult {
    let plan: LogicalPlan;
    if (s.kind === 'query' && analyze) return this.explainAnalyze(this.planQuery(s.query).plan);
    if (analyze) throw unsupported(`EXPLAIN ANALYZE ${s.kind}`);
    if (s.kind === 'query') plan = this.planQuery(s.query).plan;
    else if (s.kind === 'insert') {
      const parts = s.targets.map((t) => `InsertInto(${this.qualify(t.target.table).db}.${t.target.table.name}${t.target.overwrite ? ', overwrite' : ''})\n` +
        explainPlan(distributedPlan(this.planInsert(t.target, t.query).plan, this.config), undefined, this.reuse).split('\n').map((l) => '  ' + l).join('\n'));
      return textRows(['plan'], parts.join('\n').split('\n').map((l) => [l]));
    } else throw unsupported(`EXPLAIN ${s.kind}`);
    return textRows(['plan'], explainPlan(distributedPlan(plan, this.config), undefined, this.reuse).split('\n').map((l) => [l]));
  }

  /** Runs the query and prints its distributed plan with each operator's actual rows
   *  and time (summed over its subtasks; time excludes the operators below it). */
  private explainAnalyze(plan: LogicalPlan): StatementResult {
    const distributed = distributedPlan(plan, this.config);
    numberNodes(distributed);
    const started = performance.now();
    drain(executePlan(plan, { config: this.config, functions: this.functions, hooks: this.runtime }, distributed));
    const elapsed = performance.now() - started;
    const job = this.runtime.lastJob;
    const rows = new Map<number, number>(), ms = new Map<number, number>();
    for (const t of job?.tasks ?? []) {
      for (const o of t.metrics.operatorRows) {
        if (o.node === undefined) continue;
        rows.set(o.node, (rows.get(o.node) ?? 0) + o.rows);
        ms.set(o.node, (ms.get(o.node) ?? 0) + o.ms);
      }
    }
    const self = (p: LogicalPlan) => {
      const n = nodeNumber(p)!;
      const inner = p.op === 'exchange' ? 0 : childrenOf(p).reduce((a, c) => a + (ms.get(nodeNumber(c)!) ?? 0), 0);
      return Math.max(0, (ms.get(n) ?? 0) - inner);
    };
    const text = explainPlan(distributed, (p) => {
      const n = nodeNumber(p);
      return n !== undefined && rows.has(n) ? ` [actual rows ${rows.get(n)}, ${self(p).toFixed(1)} ms]` : '';
    }, this.reuse);
    const summary = job
      ? `Job: ${job.stages.length} stages, ${job.tasks.length} tasks, ${elapsed.toFixed(0)} ms; shuffle ${job.shuffleBytesWritten} bytes written (${job.shuffleRawBytes} raw); spilled ${job.bytesSpilled} bytes; restarts ${job.restarts}`
      : `Ran in the client thread (${this.runtime.localReason ?? 'not shipped'}), ${elapsed.toFixed(0)} ms`;
    return textRows(['plan'], [...text.split('\n'), summary].map((l) => [l]));
  }

  private set(s: A.Statement & { kind: 'set' }): StatementResult {
    if (s.key === undefined) return textRows(['key', 'value'], this.config.entries());
    if (s.key.startsWith('hivevar:')) {
      const k = s.key.slice('hivevar:'.length);
      if (s.value === undefined) return textRows(['key', 'value'], [[s.key, this.hivevars[k] ?? '<undefined>']]);
      this.hivevars[k] = s.value;
      return ok();
    }
    const key = s.key.replace(/^hiveconf:/, '');
    if (s.value === undefined) return textRows(['key', 'value'], [[key, this.config.has(key) ? this.config.get(key) : '<undefined>']]);
    this.config.set(key, s.value);
    return ok();
  }

  // ---------------------------------------------------------------- INSERT
  /** Plans the query feeding one INSERT target: table columns cast to their types, then
   *  the dynamic partition columns. */
  planInsert(target: A.InsertTarget, query: A.Query): { plan: LogicalPlan; table: Table; staticValues: string[]; dynamicCount: number; sorted?: boolean } {
    const table = this.getTable(target.table);
    if (table.type === 'VIRTUAL_VIEW') throw validationError(`cannot insert into view ${table.db}.${table.name}`, target.table.pos);
    formatOfStorage(table.sd, { action: 'writing', table: `${table.db}.${table.name}` }); // rejects storage this engine cannot write
    const keys = table.partitionKeys.map((k) => k.name);
    const spec = target.partition ?? keys.map((name) => ({ name, value: undefined, pos: target.table.pos }));
    if (keys.length === 0 && target.partition) throw validationError(`table ${table.db}.${table.name} is not partitioned but a PARTITION clause was given`, target.partition[0].pos);
    if (keys.length > 0 && spec.length !== keys.length) {
      throw validationError(`PARTITION clause for ${table.db}.${table.name} must name all partition columns (${keys.join(', ')})`, spec[0]?.pos ?? target.table.pos);
    }
    const staticValues: string[] = [];
    let dynamicCount = 0;
    spec.forEach((p, i) => {
      if (p.name !== keys[i]) throw validationError(`partition column '${p.name}' does not match ${keys[i]} (partition columns of ${table.db}.${table.name}: ${keys.join(', ')})`, p.pos);
      if (p.value !== undefined) {
        if (dynamicCount > 0) throw validationError(`dynamic partition column ${keys[i - 1]} cannot be the parent of static partition column ${p.name}`, p.pos);
        if (p.value === null || p.value === '') throw validationError(`partition value for ${p.name} cannot be NULL or empty in a static partition`, p.pos);
        const t = parseTypeString(table.partitionKeys[i].type);
        if (!isStringLike(t) && parseValue(p.value, t) === null) throw validationError(`partition value '${p.value}' is not a valid ${typeToString(t)} for ${p.name}`, p.pos);
        staticValues.push(p.value);
      } else dynamicCount++;
    });
    if (dynamicCount > 0) {
      if (!this.config.getBoolean('hive.exec.dynamic.partition')) throw validationError('dynamic partition inserts are disabled; set hive.exec.dynamic.partition=true', target.table.pos);
      if (dynamicCount === keys.length && this.config.get('hive.exec.dynamic.partition.mode') === 'strict') {
        throw validationError(`dynamic partition strict mode requires at least one static partition column; to turn this off set hive.exec.dynamic.partition.mode=nonstrict`, target.table.pos);
      }
    }
    const { plan } = this.planQuery(query);
    const dataTypes = table.columns.map((c) => parseTypeString(c.type));
    const dynTypes = table.partitionKeys.slice(keys.length - dynamicCount).map((c) => parseTypeString(c.type));
    let sourceFields = plan.fields;
    const wanted = table.columns.length + dynamicCount;
    let exprs;
    if (target.columns) {
      // INSERT INTO t (c1, c2): unnamed columns get NULL.
      if (target.columns.length !== sourceFields.length) throw validationError(`INSERT column list has ${target.columns.length} columns but the query has ${sourceFields.length}`, target.table.pos);
      const byName = new Map(target.columns.map((c, i) => [c, i]));
      for (const c of target.columns) if (!table.columns.some((x) => x.name === c) && !keys.slice(keys.length - dynamicCount).includes(c)) throw validationError(`column ${c} is not a column of ${table.db}.${table.name}`, target.table.pos);
      const names = [...table.columns.map((c) => c.name), ...keys.slice(keys.length - dynamicCount)];
      exprs = names.map((n, i) => {
        const t = i < dataTypes.length ? dataTypes[i] : dynTypes[i - dataTypes.length];
        const src = byName.get(n);
        if (src === undefined) return { k: 'lit', value: null, type: t } as const;
        return this.assign(col(sourceFields[src].id, sourceFields[src].type), t, n, table);
      });
    } else {
      if (sourceFields.length !== wanted) {
        throw validationError(`Cannot insert into target table because column number/types are different '${table.name}': table has ${wanted} columns${dynamicCount ? ` (including ${dynamicCount} dynamic partition column${dynamicCount > 1 ? 's' : ''})` : ''}, but query has ${sourceFields.length} columns`, target.table.pos);
      }
      exprs = sourceFields.map((f, i) => {
        const t = i < dataTypes.length ? dataTypes[i] : dynTypes[i - dataTypes.length];
        const name = i < dataTypes.length ? table.columns[i].name : keys[keys.length - dynamicCount + (i - dataTypes.length)];
        return this.assign(col(f.id, f.type), t, name, table);
      });
    }
    sourceFields = exprs.map((e, i) => newField(i < table.columns.length ? table.columns[i].name : `_dyn${i}`, e.type));
    let projected: LogicalPlan = { op: 'project', input: plan, exprs, fields: sourceFields };
    // As Flink's Hive sink: rows sorted by their dynamic partition values reach the writer
    // one partition after another, so one file is open at a time and memory stays bounded
    // by the (spilling) sort instead of growing with every open partition's buffers.
    const sorted = dynamicCount > 0 && this.config.getBoolean('table.exec.hive.sink.sort-by-dynamic-partition.enable');
    if (sorted) {
      const keys = sourceFields.slice(sourceFields.length - dynamicCount).map((f) => ({ expr: col(f.id, f.type), desc: false, nullsFirst: true }));
      projected = { op: 'sort', input: projected, keys, fields: sourceFields };
    }
    return { plan: projected, table, staticValues, dynamicCount, sorted };
  }

  private assign(e: ReturnType<typeof col>, to: DataType, column: string, table: Table) {
    const from = e.type;
    const convertible = from.id === 'void' || isStringLike(from) || isStringLike(to) || (isNumeric(from) && isNumeric(to))
      || (from.id === to.id) || ((from.id === 'date' || from.id === 'timestamp') && (to.id === 'date' || to.id === 'timestamp'))
      || (from.id === 'boolean' && isNumeric(to)) || (isNumeric(from) && to.id === 'boolean') || (isNumeric(from) && to.id === 'timestamp');
    if (!convertible) throw validationError(`Cannot convert column ${column} of ${table.db}.${table.name} from ${typeToString(from)} to ${typeToString(to)}`);
    return castTo(e, to);
  }

  private runInsert(s: A.Statement & { kind: 'insert' }): StatementResult {
    const jobId = `${Date.now().toString(36)}_${process.pid}_${++jobCounter}`;
    const planned = s.targets.map((t) => ({ t, ...this.planInsert(t.target, t.query) }));
    const staging: string[] = [];
    let rows = 0;
    try {
      const commits: CommitTarget[] = [];
      planned.forEach((p, i) => {
        const stagingDir = join(p.table.sd.location, `.hive-staging_sluice_${jobId}`, `-ext-1000${i}`);
        staging.push(join(p.table.sd.location, `.hive-staging_sluice_${jobId}`));
        const tableProps = p.table.params;
        const staged = {
          format: formatOfStorage(p.table.sd),
          columns: p.table.columns.map((c) => ({ name: c.name, type: parseTypeString(c.type) })),
          serdeParams: p.table.sd.serde.params,
          // Table properties win over session settings (as Hive's orc.* and parquet.* keys).
          props: (key: string) => tableProps[key] ?? p.table.sd.serde.params[key] ?? (this.config.get(key) || undefined),
        };
        const writer = new StagingWriter(stagingDir, p.table.partitionKeys.map((k) => k.name), p.staticValues, p.dynamicCount,
          staged, this.config.getInt('hive.exec.max.dynamic.partitions'), p.sorted);
        const op = this.run(p.plan);
        try {
          for (let b = op.next(); b; b = op.next()) { writer.write(b); rows += b.length; }
        } catch (e) {
          writer.abort();
          throw e;
        } finally { op.close(); }
        commits.push({ table: p.table, overwrite: p.t.target.overwrite, staged: writer.finish() });
      });
      commitInserts((t) => this.catalogOf(t), commits, (t) => join(t.sd.location, `.hive-staging_sluice_${jobId}`, '-trash'));
    } finally {
      for (const d of staging) removeStaging(d);
    }
    return ok(`${rows} row${rows === 1 ? '' : 's'} inserted`);
  }

  private createTableAsSelect(s: A.Statement & { kind: 'createTable' }): StatementResult {
    if (s.partitionColumns.length > 0) throw unsupported('CREATE TABLE … PARTITIONED BY … AS SELECT', s.pos);
    if (s.external) throw validationError('CREATE TABLE AS SELECT cannot create an external table', s.pos);
    if (s.columns.length > 0) throw validationError('CREATE TABLE AS SELECT cannot name column types', s.pos);
    const q = this.qualify(s.name);
    if (this.catalogOf(q).getTable(q.db, q.name)) {
      if (s.ifNotExists) return ok();
      throw catalogError(`Table ${q.db}.${q.name} already exists`);
    }
    const { plan, names } = this.planQuery(s.asSelect!);
    const seen = new Set<string>();
    const columns = names.map((n, i) => {
      if (seen.has(n)) throw validationError(`duplicate column name '${n}' in CREATE TABLE AS SELECT; give the columns distinct aliases`, s.pos);
      seen.add(n);
      const t = plan.fields[i].type;
      return { name: n, type: typeToString(t.id === 'void' ? { id: 'string' } : t), pos: s.pos };
    });
    this.ddl.execute({ ...s, asSelect: undefined, columns: columns.map((c) => ({ name: c.name, type: parseTypeString(c.type), pos: c.pos })) });
    try {
      this.runInsert({ kind: 'insert', targets: [{ target: { table: s.name, overwrite: true, ifNotExists: false }, query: s.asSelect! }], pos: s.pos });
    } catch (e) {
      // CTAS is all or nothing: the new table goes if its data could not be written.
      this.ddl.execute({ kind: 'dropTable', name: s.name, ifExists: true, purge: true, pos: s.pos });
      throw e;
    }
    return ok();
  }
}


let hiveNames: Set<string> | null = null;
/** Names the hive module would supply, for the hint when it is not loaded. */
function hiveFunctionNames(): Set<string> {
  hiveNames ??= new Set(new HiveModule(DEFAULT_HIVE_VERSION).functionNames());
  return hiveNames;
}

export function createModule(name: string, options: Record<string, string>): Module {
  switch (name) {
    case 'core':
      if (Object.keys(options).length) throw new Error(`module core takes no options`);
      return new CoreModule();
    case 'hive': {
      const version = options['hive-version'] ?? DEFAULT_HIVE_VERSION;
      const unknown = Object.keys(options).filter((k) => k !== 'hive-version');
      if (unknown.length) throw new Error(`module hive: unknown option ${unknown.join(', ')}; it takes 'hive-version'`);
      if (!SUPPORTED_HIVE_VERSIONS.includes(version)) throw new Error(`module hive: unsupported hive-version '${version}'; supported: ${SUPPORTED_HIVE_VERSIONS.join(', ')}`);
      return new HiveModule(version);
    }
    default: throw new Error(`no module factory for '${name}'; available modules: core, hive`);
  }
}
