// The catalog suite, run against a HiveCatalog talking Thrift to `sluice metastore` in a
// separate process, and against GenericInMemoryCatalog: every operation of the catalog
// API, partitions by filter and statistics round trips included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog, ColumnStatistics, Partition, Table } from '../src/catalog/catalog.js';
import { HiveCatalog } from '../src/catalog/hiveCatalog.js';
import { GenericInMemoryCatalog } from '../src/catalog/genericInMemoryCatalog.js';
import { removeDir, tempDir } from './helpers.js';
import { MetastoreProcess, startMetastoreProcess } from './metastoreProcess.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

const TEXT = {
  inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serde: { lib: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', params: { 'field.delim': '|', 'serialization.format': '|' } },
};

function table(db: string, name: string, location: string, over: Partial<Table> = {}): Table {
  return {
    db, name, type: 'MANAGED_TABLE', owner: 'tester', createTime: 1_700_000_000,
    columns: [
      { name: 'id', type: 'int', comment: 'the key' }, { name: 'name', type: 'string' }, { name: 'price', type: 'decimal(7,2)' },
      { name: 'day', type: 'date' }, { name: 'ok', type: 'boolean' }, { name: 'score', type: 'double' }, { name: 'blob', type: 'binary' },
    ],
    partitionKeys: [{ name: 'ds', type: 'string' }, { name: 'hr', type: 'int' }],
    sd: { location, ...TEXT }, params: { numRows: '0', custom: 'x' }, comment: 'a test table', ...over,
  };
}

const part = (t: Table, ds: string, hr: number, params: Record<string, string> = {}): Partition =>
  ({ db: t.db, table: t.name, values: [ds, String(hr)], location: join(t.sd.location, `ds=${ds}`, `hr=${hr}`), params, createTime: 1_700_000_100 });

interface Target { name: string; open(): Catalog; close(): Promise<void> }

let wh: string;
let ms: MetastoreProcess;
const targets: Target[] = [
  {
    name: 'HiveCatalog → sluice metastore (separate process)',
    open: () => new HiveCatalog({ name: 'hive', uris: [ms.uri], hiveVersion: '3.1.3', timeoutMs: 10_000, retries: 1, retryDelayMs: 200 }),
    close: async () => {},
  },
  { name: 'GenericInMemoryCatalog', open: () => new GenericInMemoryCatalog('mem', wh), close: async () => {} },
];

beforeAll(async () => { wh = tempDir(); ms = await startMetastoreProcess(wh); });
afterAll(async () => { await ms.stop(); removeDir(wh); });

describe.each(targets)('catalog suite: $name', (target) => {
  let c: Catalog;
  let db: string;
  beforeAll(() => { c = target.open(); db = `db_${Math.random().toString(36).slice(2, 8)}`; });
  afterAll(() => c.close());

  it('databases: create, get, list, drop; duplicates and absent ones', () => {
    const location = join(wh, `${db}.db`);
    c.createDatabase({ name: db, location, comment: 'suite', params: { owner_team: 'etl' } });
    expect(c.getDatabase(db)).toMatchObject({ name: db, location, comment: 'suite', params: { owner_team: 'etl' } });
    expect(c.listDatabases()).toEqual(expect.arrayContaining(['default', db]));
    expect(() => c.createDatabase({ name: db, location, params: {} })).toThrow(new RegExp(`${db}.*already exists|already exists.*${db}`));
    expect(c.getDatabase('no_such_db')).toBeNull();
    c.createDatabase({ name: `${db}_tmp`, location: join(wh, 'tmp.db'), params: {} });
    c.dropDatabase(`${db}_tmp`);
    expect(c.getDatabase(`${db}_tmp`)).toBeNull();
  });

  it('tables: create, get (schema, keys, storage, parameters), list, alter, external, views, drop', () => {
    const t = table(db, 'sales', join(wh, `${db}.db`, 'sales'));
    c.createTable(t);
    const got = c.getTable(db, 'sales')!;
    expect(got.columns).toEqual(t.columns);
    expect(got.partitionKeys).toEqual(t.partitionKeys);
    expect(got.sd).toEqual(t.sd);
    expect(got.type).toBe('MANAGED_TABLE');
    expect(got.params).toMatchObject({ custom: 'x', numRows: '0' });
    expect(got.comment).toBe('a test table');
    expect(() => c.createTable(t)).toThrow(/sales.*already exists|already exists/);
    expect(c.getTable(db, 'nope')).toBeNull();

    c.createTable(table(db, 'ext', join(wh, 'external', 'ext'), { type: 'EXTERNAL_TABLE', partitionKeys: [] }));
    expect(c.getTable(db, 'ext')!.type).toBe('EXTERNAL_TABLE');
    c.createTable({ ...table(db, 'v', ''), type: 'VIRTUAL_VIEW', partitionKeys: [], viewOriginalText: 'select id from sales', viewExpandedText: `select \`sales\`.\`id\` from \`${db}\`.\`sales\`` });
    expect(c.getTable(db, 'v')).toMatchObject({ type: 'VIRTUAL_VIEW', viewOriginalText: 'select id from sales' });
    expect(c.listTables(db)).toEqual(['ext', 'sales', 'v']);

    c.alterTable({ ...got, params: { ...got.params, numRows: '42', totalSize: '1000' }, columns: [...got.columns, { name: 'extra', type: 'varchar(10)' }] });
    const altered = c.getTable(db, 'sales')!;
    expect(altered.params).toMatchObject({ numRows: '42', totalSize: '1000' });
    expect(altered.columns.at(-1)).toEqual({ name: 'extra', type: 'varchar(10)' });
    c.dropTable(db, 'v');
    expect(c.getTable(db, 'v')).toBeNull();
  });

  it('partitions: add many, get, names, by names, by partial spec, by filter, alter, drop; all-or-nothing', () => {
    const t = c.getTable(db, 'sales')!;
    const ps = [part(t, '2024-01-01', 1), part(t, '2024-01-01', 2), part(t, '2024-01-02', 1), part(t, '2024-01-03', 10), part(t, 'x y/z', 3)];
    c.commitChanges({ addPartitions: ps });
    expect(c.listPartitionNames(db, 'sales')).toEqual(['ds=2024-01-01/hr=1', 'ds=2024-01-01/hr=2', 'ds=2024-01-02/hr=1', 'ds=2024-01-03/hr=10', 'ds=x y%2Fz/hr=3']);
    expect(c.listPartitions(db, 'sales').map((p) => p.values)).toHaveLength(5);
    expect(c.getPartition(db, 'sales', ['2024-01-02', '1'])).toMatchObject({ values: ['2024-01-02', '1'], location: ps[2].location });
    expect(c.getPartition(db, 'sales', ['2024-01-02', '9'])).toBeNull();
    expect(c.getPartitionsByNames(db, 'sales', ['ds=2024-01-01/hr=2', 'ds=nope/hr=1']).map((p) => p.values)).toEqual([['2024-01-01', '2']]);
    expect(c.listPartitionsBySpec(db, 'sales', { ds: '2024-01-01' }).map((p) => p.values[1])).toEqual(['1', '2']);
    expect(c.listPartitionsBySpec(db, 'sales', { hr: '1' }).map((p) => p.values[0])).toEqual(['2024-01-01', '2024-01-02']);

    const byFilter = (f: string) => c.listPartitionsByFilter(db, 'sales', f).map((p) => p.values.join('/'));
    expect(byFilter("ds = '2024-01-01'")).toEqual(['2024-01-01/1', '2024-01-01/2']);
    expect(byFilter("ds >= '2024-01-02' and hr < 5")).toEqual(['2024-01-02/1', 'x y/z/3']); // strings compare as strings
    expect(byFilter('hr > 2')).toEqual(['2024-01-03/10', 'x y/z/3']); // numeric: 10 > 2
    expect(byFilter("hr = 1 or ds = \"x y/z\"")).toEqual(['2024-01-01/1', '2024-01-02/1', 'x y/z/3']);
    expect(byFilter("ds in ('2024-01-03', 'none') and not hr = 1")).toEqual(['2024-01-03/10']);
    expect(byFilter('hr between 2 and 3')).toEqual(['2024-01-01/2', 'x y/z/3']);
    expect(() => byFilter('nokey = 1')).toThrow(/nokey.*not a partition key/);

    // A batch with one duplicate changes nothing.
    expect(() => c.commitChanges({ addPartitions: [part(t, '2024-02-01', 1), part(t, '2024-01-01', 1)] })).toThrow(/ds=2024-01-01\/hr=1.*already exists/);
    expect(c.getPartition(db, 'sales', ['2024-02-01', '1'])).toBeNull();

    c.commitChanges({ alterPartitions: [{ ...ps[0], params: { numRows: '7' } }] });
    expect(c.getPartition(db, 'sales', ['2024-01-01', '1'])!.params).toMatchObject({ numRows: '7' });
    c.commitChanges({ dropPartitions: [{ db, table: 'sales', values: ['x y/z', '3'] }], addPartitions: [part(t, '2024-01-04', 4)] });
    expect(c.listPartitionNames(db, 'sales')).toContain('ds=2024-01-04/hr=4');
    expect(c.listPartitionNames(db, 'sales')).not.toContain('ds=x y%2Fz/hr=3');
    expect(() => c.commitChanges({ dropPartitions: [{ db, table: 'sales', values: ['nope', '1'] }] })).toThrow(/nope/);
  });

  it('statistics: table and partition column statistics of every kind round-trip', () => {
    const stats: ColumnStatistics[] = [
      { column: 'id', type: 'int', nullCount: 1, ndv: 100, min: -5, max: 2_000_000_000 },
      { column: 'name', type: 'string', nullCount: 0, ndv: 98, avgLength: 7.25, maxLength: 31 },
      { column: 'price', type: 'decimal(7,2)', nullCount: 3, ndv: 50, min: -12345.67, max: 99999.99 },
      { column: 'day', type: 'date', nullCount: 0, ndv: 365, min: '1969-07-20', max: '2038-01-20' },
      { column: 'ok', type: 'boolean', nullCount: 2, trueCount: 60, falseCount: 38 },
      { column: 'score', type: 'double', nullCount: 0, ndv: 77, min: -1.5e-3, max: 3.25e10 },
      { column: 'blob', type: 'binary', nullCount: 4, avgLength: 12.5, maxLength: 64 },
    ];
    c.updateTableColumnStatistics(db, 'sales', stats);
    const back = c.getTableColumnStatistics(db, 'sales', stats.map((s) => s.column));
    const byCol = new Map(back.map((s) => [s.column, s]));
    for (const s of stats) expect(byCol.get(s.column)).toMatchObject(s);
    expect(c.getTableColumnStatistics(db, 'sales', ['id'])).toHaveLength(1);
    expect(() => c.updateTableColumnStatistics(db, 'sales', [{ column: 'nope', type: 'int', nullCount: 0 }])).toThrow(/nope/);

    c.updatePartitionColumnStatistics(db, 'sales', 'ds=2024-01-01/hr=1', stats.slice(0, 2));
    c.updatePartitionColumnStatistics(db, 'sales', 'ds=2024-01-02/hr=1', [{ ...stats[0], max: 9 }]);
    const ps = c.getPartitionColumnStatistics(db, 'sales', ['ds=2024-01-01/hr=1', 'ds=2024-01-02/hr=1', 'ds=2024-01-03/hr=10'], ['id', 'name']);
    expect([...ps.keys()].sort()).toEqual(['ds=2024-01-01/hr=1', 'ds=2024-01-02/hr=1']);
    expect(ps.get('ds=2024-01-01/hr=1')!.find((s) => s.column === 'name')).toMatchObject(stats[1]);
    expect(ps.get('ds=2024-01-02/hr=1')![0]).toMatchObject({ column: 'id', max: 9 });
    expect(() => c.updatePartitionColumnStatistics(db, 'sales', 'ds=none/hr=0', stats.slice(0, 1))).toThrow(/ds=none\/hr=0/);

    // Merged over partitions: NULLs summed, min/max widened, distinct values summed but
    // capped by an integer column's range; a partition without statistics drops the NULL
    // count (it would be understated).
    const two = ['ds=2024-01-01/hr=1', 'ds=2024-01-02/hr=1'];
    const aggr = (parts: string[]) => new Map(c.getAggregateColumnStatistics(db, 'sales', parts, ['id', 'name', 'price']).map((s) => [s.column, s]));
    expect(aggr(two).get('id')).toMatchObject({ nullCount: 2, ndv: 200, min: -5, max: 2_000_000_000 });
    expect(aggr(two).get('name')).toMatchObject({ ndv: 98, maxLength: 31 });
    expect(aggr(two).get('name')!.nullCount).toBeUndefined();
    expect(aggr(two).has('price')).toBe(false);
    expect(aggr(['ds=2024-01-02/hr=1']).get('id')).toMatchObject({ nullCount: 1, ndv: 100, min: -5, max: 9 }); // never below one partition's count
    // New statistics are merged in at once.
    c.updatePartitionColumnStatistics(db, 'sales', 'ds=2024-01-02/hr=1', [{ ...stats[0], max: 3_000_000_000, nullCount: 10 }]);
    expect(aggr(two).get('id')).toMatchObject({ nullCount: 11, max: 3_000_000_000 });
  });

  it('functions: create, get, list, drop', () => {
    c.createFunction({ db, name: 'plus_one', className: './udfs.mjs#plusOne', resources: ['file:///tmp/udfs.mjs'], createTime: 1_700_000_000, owner: 'tester' });
    expect(c.getFunction(db, 'plus_one')).toMatchObject({ db, name: 'plus_one', className: './udfs.mjs#plusOne', resources: ['file:///tmp/udfs.mjs'] });
    expect(c.listFunctions(db)).toEqual(['plus_one']);
    expect(() => c.createFunction({ db, name: 'plus_one', className: 'x#y', resources: [], createTime: 0 })).toThrow(/plus_one.*already exists|already exists/);
    c.dropFunction(db, 'plus_one');
    expect(c.getFunction(db, 'plus_one')).toBeNull();
    expect(() => c.dropFunction(db, 'plus_one')).toThrow(/plus_one/);
  });

  it('drop table and database remove their partitions and statistics', () => {
    c.dropTable(db, 'sales');
    expect(c.getTable(db, 'sales')).toBeNull();
    c.createTable(table(db, 'sales', join(wh, `${db}.db`, 'sales')));
    expect(c.listPartitionNames(db, 'sales')).toEqual([]);
    expect(c.getTableColumnStatistics(db, 'sales', ['id'])).toEqual([]);
    c.dropDatabase(db);
    expect(c.getDatabase(db)).toBeNull();
    expect(c.getTable(db, 'sales')).toBeNull();
    expect(existsSync(wh)).toBe(true);
  });
});

describe('HiveCatalog keeps partitions and their statistics between calls', () => {
  const open = () => new HiveCatalog({ name: 'hive', uris: [ms.uri], hiveVersion: '3.1.3', timeoutMs: 10_000, retries: 1, retryDelayMs: 200 });
  it('re-reads a table once its partition names change or it writes the table itself', () => {
    const a = open(), b = open();
    try {
      const db = `cache_${Math.random().toString(36).slice(2, 8)}`;
      a.createDatabase({ name: db, location: join(wh, `${db}.db`), params: {} });
      a.createTable(table(db, 't', join(wh, `${db}.db`, 't')));
      const t = a.getTable(db, 't')!;
      a.commitChanges({ addPartitions: [part(t, 'd1', 1), part(t, 'd2', 1)] });
      const id = (p: number): ColumnStatistics => ({ column: 'id', type: 'int', nullCount: 0, ndv: 10, min: 0, max: p });
      a.updatePartitionColumnStatistics(db, 't', 'ds=d1/hr=1', [id(1)]);
      const names = ['ds=d1/hr=1', 'ds=d2/hr=1'];
      expect(a.listPartitions(db, 't').map((p) => p.values[0])).toEqual(['d1', 'd2']);
      expect(a.getPartitionColumnStatistics(db, 't', names, ['id']).get('ds=d1/hr=1')![0].max).toBe(1);

      // Another client adds a partition with statistics and drops one: the names changed.
      b.commitChanges({ addPartitions: [part(t, 'd3', 1)], dropPartitions: [{ db, table: 't', values: ['d2', '1'] }] });
      b.updatePartitionColumnStatistics(db, 't', 'ds=d3/hr=1', [id(3)]);
      expect(a.listPartitions(db, 't').map((p) => p.values[0])).toEqual(['d1', 'd3']);
      expect(a.getPartitionColumnStatistics(db, 't', ['ds=d1/hr=1', 'ds=d3/hr=1'], ['id']).get('ds=d3/hr=1')![0].max).toBe(3);

      // Its own writes: altered partitions and new statistics are seen at once.
      a.commitChanges({ alterPartitions: [{ ...part(t, 'd1', 1), params: { numRows: '42' } }] });
      expect(a.listPartitions(db, 't').find((p) => p.values[0] === 'd1')!.params).toMatchObject({ numRows: '42' });
      a.updatePartitionColumnStatistics(db, 't', 'ds=d1/hr=1', [id(100)]);
      expect(a.getPartitionColumnStatistics(db, 't', ['ds=d1/hr=1'], ['id']).get('ds=d1/hr=1')![0].max).toBe(100);
      // A column asked for later is read then; one without statistics is absent.
      expect(a.getPartitionColumnStatistics(db, 't', ['ds=d1/hr=1'], ['id', 'name']).get('ds=d1/hr=1')!.map((s) => s.column)).toEqual(['id']);

      // Inside one statement's planning the partition list is read once: another client's
      // change shows from the next statement on; its own writes show at once.
      a.readConsistently!(() => {
        expect(a.listPartitions(db, 't').map((p) => p.values[0])).toEqual(['d1', 'd3']);
        b.commitChanges({ addPartitions: [part(t, 'd4', 1)] });
        expect(a.listPartitions(db, 't').map((p) => p.values[0])).toEqual(['d1', 'd3']);
        expect(a.readConsistently!(() => a.listPartitionNames(db, 't'))).toEqual(['ds=d1/hr=1', 'ds=d3/hr=1']);
        a.commitChanges({ addPartitions: [part(t, 'd5', 1)] });
        expect(a.listPartitionNames(db, 't')).toEqual(['ds=d1/hr=1', 'ds=d3/hr=1', 'ds=d4/hr=1', 'ds=d5/hr=1']);
      });
      expect(a.listPartitions(db, 't').map((p) => p.values[0])).toEqual(['d1', 'd3', 'd4', 'd5']);

      a.dropTable(db, 't');
      a.createTable(table(db, 't', join(wh, `${db}.db`, 't')));
      expect(a.listPartitions(db, 't')).toEqual([]);
      a.dropDatabase(db);
    } finally { a.close(); b.close(); }
  });
});
