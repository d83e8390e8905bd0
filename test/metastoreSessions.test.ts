// Sessions and processes around one metastore: catalogs side by side, sql-clients sharing
// a `sluice metastore`, concurrent writers, a metastore that dies and returns, and the
// ways a metastore connection or a table can be wrong.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { Session } from '../src/session/session.js';
import { HiveCatalog } from '../src/catalog/hiveCatalog.js';
import { SyncMetastoreClient } from '../src/catalog/hms/syncMetastoreClient.js';
import { removeDir, rows, run, tempDir } from './helpers.js';
import { MetastoreProcess, startMetastoreProcess } from './metastoreProcess.js';

const BIN = join(import.meta.dirname, '..', 'bin', 'sluice.js');
const FAST = { 'hive.metastore.client.socket.timeout': '3s', 'hive.metastore.failure.retries': '1', 'hive.metastore.client.connect.retry.delay': '200ms' };

function client(uri: string, wh: string, sql: string) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, [BIN, 'sql-client', '--warehouse', wh, '--hiveconf', `hive.metastore.uris=${uri}`, '-S', '-e', sql]);
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('a session with a hive catalog and an in-memory catalog', () => {
  let wh: string; let s: Session;
  beforeAll(() => { wh = tempDir(); s = new Session({ warehouse: wh, hiveconf: { 'hive.exec.dynamic.partition.mode': 'nonstrict' } }); });
  afterAll(() => { s.close(); removeDir(wh); });

  it('joins and inserts across the catalogs', () => {
    run(s, `create table emp (id int, name string, dept int) partitioned by (country string);
      insert into emp partition (country) values (1, 'ann', 10, 'fr'), (2, 'bob', 20, 'de'), (3, 'cy', 10, 'de');
      create catalog mem with ('type'='generic_in_memory', 'default-database'='default');
      create table mem.default.dept (id int, title string);
      insert into mem.default.dept values (10, 'sales'), (20, 'ops');`);
    expect(rows(s, 'show catalogs')).toEqual([['hive'], ['mem']]);
    expect(rows(s, 'select e.name, d.title, e.country from hive.default.emp e join mem.default.dept d on e.dept = d.id order by e.name'))
      .toEqual([['ann', 'sales', 'fr'], ['bob', 'ops', 'de'], ['cy', 'sales', 'de']]);
    run(s, `use catalog mem; create table staff (name string, title string) partitioned by (country string);
      insert overwrite table staff partition (country) select e.name, d.title, e.country from hive.default.emp e join dept d on e.dept = d.id`);
    expect(rows(s, 'show current catalog')).toEqual([['mem']]);
    expect(rows(s, 'show partitions staff')).toEqual([['country=de'], ['country=fr']]);
    run(s, `use catalog hive; create table titles (title string, n bigint);
      insert into titles select title, count(*) from mem.default.staff group by title`);
    expect(rows(s, 'select * from titles order by title')).toEqual([['ops', '1'], ['sales', '2']]);
    expect(() => run(s, 'select * from nocat.default.t')).toThrow(/Catalog nocat does not exist/);
    expect(() => run(s, 'drop catalog hive')).toThrow(/current catalog/);
    run(s, 'drop catalog mem');
    expect(rows(s, 'show catalogs')).toEqual([['hive']]);
  });

  it('ANALYZE writes table, partition and column statistics that DESCRIBE FORMATTED and the planner read back', () => {
    run(s, 'analyze table emp partition (country) compute statistics for columns; create table flat as select * from emp; analyze table flat compute statistics for columns');
    const c = s.catalogs.get('hive');
    const parts = c.listPartitions('default', 'emp');
    expect(parts.map((p) => [p.values[0], p.params.numRows, JSON.parse(p.params.COLUMN_STATS_ACCURATE).BASIC_STATS])).toEqual([['de', '2', 'true'], ['fr', '1', 'true']]);
    const de = c.getPartitionColumnStatistics('default', 'emp', ['country=de'], ['id', 'name', 'dept']).get('country=de')!;
    expect(de.find((x) => x.column === 'id')).toMatchObject({ min: 2, max: 3, nullCount: 0, ndv: 2 });
    expect(de.find((x) => x.column === 'name')).toMatchObject({ maxLength: 3, avgLength: 2.5, ndv: 2 });
    expect(c.getTable('default', 'flat')!.params).toMatchObject({ numRows: '3', numFiles: '1' });
    const described = rows(s, 'describe formatted flat').map((r) => r.join('|')).join('\n');
    expect(described).toMatch(/numRows\|3/);
    expect(described).toMatch(/id\|int\|min=1 max=3 num_nulls=0 distinct_count=3/);
    expect(rows(s, "explain select * from emp where country = 'de'").join('\n')).toMatch(/est\. rows 2,/);
  });
});

describe('sql-clients on one sluice metastore', () => {
  let wh: string; let ms: MetastoreProcess;
  beforeAll(async () => { wh = tempDir(); ms = await startMetastoreProcess(wh); });
  afterAll(async () => { await ms.stop(); removeDir(wh); });

  it('two clients see each other’s tables and partitions at once', async () => {
    const b = spawn(process.execPath, [BIN, 'sql-client', '--warehouse', wh, '--hiveconf', `hive.metastore.uris=${ms.uri}`]);
    let bOut = '';
    b.stdout.on('data', (d) => { bOut += d; });
    const a = await client(ms.uri, wh, "create table a_made (x int) partitioned by (p string); insert into a_made partition (p='one') values (1), (2)");
    expect(a.code, a.err).toBe(0);
    b.stdin.write('show partitions a_made;\nselect count(*) from a_made;\ncreate table b_made (y int);\nquit;\n');
    await new Promise((r) => b.on('exit', r));
    expect(bOut).toMatch(/p=one/);
    expect(bOut).toMatch(/\|\s+2\s+\|/);
    const a2 = await client(ms.uri, wh, 'show tables');
    expect(a2.out.split('\n')).toEqual(expect.arrayContaining(['a_made', 'b_made']));
  });

  it('a session keeps what it read while the notification event id stands, and sees another session’s change at its next statement', () => {
    const open = () => new Session({ warehouse: wh, hiveconf: { 'hive.metastore.uris': ms.uri, 'hive.exec.dynamic.partition.mode': 'nonstrict' } });
    const a = open(), b = open();
    try {
      run(a, `create table kept (x int, y string) partitioned by (p int);
        insert into kept partition (p) values (1, 'a', 1), (2, 'b', 2);`);
      const q = 'select p, count(*), max(y) from kept group by p order by p';
      expect(rows(a, q)).toEqual([['1', '1', 'a'], ['2', '1', 'b']]);
      const calls: string[] = [];
      const realCall = SyncMetastoreClient.prototype.call;
      SyncMetastoreClient.prototype.call = function (this: SyncMetastoreClient, method: string, args?: Record<string, unknown>) {
        calls.push(method);
        return realCall.call(this, method, args);
      } as typeof realCall;
      try {
        expect(rows(a, q)).toEqual([['1', '1', 'a'], ['2', '1', 'b']]);
        // Nothing changed: one call to learn that, and everything else as read before.
        expect(calls).toEqual(['get_current_notificationEventId']);
        calls.length = 0;
        // Another session adds a partition, a column and rows; the first sees all of it.
        run(b, `insert into kept partition (p) values (4, 'd', 1);
          drop table kept; create table kept (x int, y string, z int) partitioned by (p int);
          insert into kept partition (p) values (1, 'a', 10, 1), (2, 'b', 20, 2), (3, 'c', 30, 3), (4, 'd', 40, 1);`);
        calls.length = 0;
        expect(rows(a, q)).toEqual([['1', '2', 'd'], ['2', '1', 'b'], ['3', '1', 'c']]);
        expect(calls).toContain('get_table');
        expect(rows(a, 'select x, z from kept where p = 3')).toEqual([['3', '30']]);
      } finally { SyncMetastoreClient.prototype.call = realCall; }
    } finally { a.close(); b.close(); }
  });

  it('eight concurrent clients adding partitions to one table lose none', async () => {
    expect((await client(ms.uri, wh, 'create table many (x int) partitioned by (c int, j int)')).code).toBe(0);
    const results = await Promise.all(Array.from({ length: 8 }, (_, c) =>
      client(ms.uri, wh, Array.from({ length: 10 }, (_, j) => `alter table many add partition (c=${c}, j=${j})`).join(';\n'))));
    for (const r of results) expect(r.code, r.err).toBe(0);
    const listed = (await client(ms.uri, wh, 'show partitions many')).out.trim().split('\n');
    expect(listed).toHaveLength(80);
    expect(new Set(listed).size).toBe(80);
  });
});

describe('a metastore that dies and comes back', () => {
  let wh: string; let ms: MetastoreProcess; let s: Session;
  beforeAll(async () => { wh = tempDir(); ms = await startMetastoreProcess(wh); s = new Session({ warehouse: wh, hiveconf: { 'hive.metastore.uris': ms.uri, ...FAST } }); });
  afterAll(async () => { s.close(); await ms.stop(); removeDir(wh); });

  it('gives a clear error while it is gone and recovers when it returns', async () => {
    run(s, 'create table t (x int); insert into t values (1), (2), (3)');
    await ms.stop();
    const started = Date.now();
    expect(() => run(s, 'select count(*) from t')).toThrow(/metastore unavailable for get_current_notificationEventId on the notification log: cannot connect to the metastore \(thrift:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(10_000);
    ms = await startMetastoreProcess(wh, ms.port);
    expect(rows(s, 'select count(*) from t')).toEqual([['3']]);
  });
});

describe('bad metastore connections and unreadable tables', () => {
  let wh: string;
  const cleanups: (() => void)[] = [];
  beforeAll(() => { wh = tempDir(); });
  afterEach(() => { while (cleanups.length) cleanups.pop()!(); });
  afterAll(() => removeDir(wh));

  it('a metastore URI that accepts but never answers times out within the configured timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => silent.close());
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    expect(() => new Session({ warehouse: wh, hiveconf: { 'hive.metastore.uris': `thrift://127.0.0.1:${port}`, 'hive.metastore.client.socket.timeout': '1500ms', 'hive.metastore.failure.retries': '0' } }))
      .toThrow(/set_ugi to thrift:\/\/127\.0\.0\.1:\d+ timed out after 1500 ms/);
    expect(Date.now() - started).toBeLessThan(6_000);
  });

  it('a port where nothing listens: connection refused, after the bounded retries', () => {
    const started = Date.now();
    expect(() => new Session({ warehouse: wh, hiveconf: { 'hive.metastore.uris': 'thrift://127.0.0.1:1', ...FAST } }))
      .toThrow(/cannot connect to the metastore \(thrift:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a peer that is not a metastore (an HTTP server) is named as such', async () => {
    const http = spawn(process.execPath, ['-e', "const s=require('http').createServer((q,r)=>r.end('hello')).listen(0,'127.0.0.1',()=>console.log(s.address().port))"]);
    cleanups.push(() => http.kill());
    const port = await new Promise<number>((r) => http.stdout.on('data', (d) => r(Number(String(d).trim()))));
    expect(() => new Session({ warehouse: wh, hiveconf: { 'hive.metastore.uris': `thrift://127.0.0.1:${port}`, ...FAST } }))
      .toThrow(/did not answer with a Hive metastore Thrift reply.*is it a metastore\?/);
  });

  it('a malformed Thrift message makes the server drop that connection and changes nothing', async () => {
    const ms = await startMetastoreProcess(join(wh, 'm1'));
    try {
      const s = new Session({ warehouse: join(wh, 'm1'), hiveconf: { 'hive.metastore.uris': ms.uri, ...FAST } });
      run(s, 'create table keep (x int) partitioned by (p int); alter table keep add partition (p=1)');
      s.close();
      const before = readFileSync(join(wh, 'm1', 'metastore.db'));
      for (const junk of [Buffer.from('GET / HTTP/1.1\r\n\r\n'), Buffer.from([0x80, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x09, 0x67, 0x65, 0x74, 0x5f, 0x74, 0x61, 0x62, 0x6c, 0x65, 0, 0, 0, 1, 0x0b, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff])]) {
        const closed = await new Promise<boolean>((resolve) => {
          const sock = net.connect(ms.port, '127.0.0.1', () => sock.write(junk));
          sock.on('close', () => resolve(true));
          sock.on('error', () => undefined);
          setTimeout(() => { sock.destroy(); resolve(false); }, 3000);
        });
        // 'GET' fails the version check; the second is a get_table call whose string has a negative length.
        expect(closed).toBe(true);
      }
      expect(readFileSync(join(wh, 'm1', 'metastore.db')).equals(before)).toBe(true);
      const c = new HiveCatalog({ name: 'h', uris: [ms.uri], hiveVersion: '2.3.9', timeoutMs: 3000, retries: 0, retryDelayMs: 100 });
      expect(c.listPartitionNames('default', 'keep')).toEqual(['p=1']);
      c.close();
    } finally { await ms.stop(); }
  });

  it('framed transport when both sides use it; a buffered client on a framed server fails clearly', async () => {
    const ms = await startMetastoreProcess(join(wh, 'framed'), 0, ['--framed']);
    try {
      const framed = new HiveCatalog({ name: 'f', uris: [ms.uri], hiveVersion: '3.1.3', timeoutMs: 3000, retries: 0, retryDelayMs: 100, framed: true });
      expect(framed.listDatabases()).toEqual(['default']);
      framed.close();
      const started = Date.now();
      expect(() => new HiveCatalog({ name: 'b', uris: [ms.uri], hiveVersion: '3.1.3', timeoutMs: 1500, retries: 0, retryDelayMs: 100 }))
        .toThrow(/metastore unavailable for set_ugi/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally { await ms.stop(); }
  });

  it('a table whose SerDe Sluice cannot read gets an error naming it; nothing changes', () => {
    const s = new Session({ warehouse: join(wh, 'm2') });
    try {
      const c = s.catalogs.currentCatalog;
      c.createTable({
        db: 'default', name: 'avro_t', type: 'EXTERNAL_TABLE', createTime: 1, params: {}, columns: [{ name: 'x', type: 'int' }], partitionKeys: [],
        sd: { location: join(wh, 'm2', 'avro_t'), inputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat', outputFormat: 'org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat', serde: { lib: 'org.apache.hadoop.hive.serde2.avro.AvroSerDe', params: {} } },
      });
      const before = JSON.stringify(c.getTable('default', 'avro_t'));
      expect(() => run(s, 'select * from avro_t')).toThrow(/SerDe org\.apache\.hadoop\.hive\.serde2\.avro\.AvroSerDe \(table default\.avro_t\)/);
      expect(() => run(s, 'insert into avro_t values (1)')).toThrow(/writing tables with SerDe org\.apache\.hadoop\.hive\.serde2\.avro\.AvroSerDe \(table default\.avro_t\)/);
      expect(JSON.stringify(c.getTable('default', 'avro_t'))).toBe(before);
    } finally { s.close(); }
  });

  it('hive-version and catalog options are checked', () => {
    const s = new Session({ warehouse: join(wh, 'm3') });
    try {
      expect(() => run(s, "create catalog x with ('type'='hive', 'hive.metastore.uris'='thrift://127.0.0.1:1', 'hive-version'='1.2.1')")).toThrow(/hive-version 1\.2\.1 is not supported/);
      expect(() => run(s, "create catalog x with ('type'='hive')")).toThrow(/no metastore URI/);
      expect(() => run(s, "create catalog x with ('type'='jdbc')")).toThrow(/unsupported catalog type 'jdbc'/);
      expect(() => run(s, "create catalog x with ('type'='hive', 'hive-conf-dir'='/nonexistent')")).toThrow(/has no hive-site\.xml/);
      expect(rows(s, 'show catalogs')).toEqual([['hive']]);
    } finally { s.close(); }
  });
});

