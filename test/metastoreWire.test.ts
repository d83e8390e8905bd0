// Wire conformance with Hive's own IDL (hive_metastore.thrift, Hive 3.1): the bytes the
// HiveCatalog sends, recorded by a TCP proxy, are decoded with a table of method names,
// field ids and types written here from that IDL, with a binary-protocol reader written
// here too (nothing from src/ decodes them); the same table checks the server's replies.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { HiveCatalog } from '../src/catalog/hiveCatalog.js';
import { removeDir, tempDir } from './helpers.js';
import { MetastoreProcess, startMetastoreProcess } from './metastoreProcess.js';

// ---- facts from hive_metastore.thrift (Hive 3.1), in IDL notation: "id:type name"
const STRUCTS: Record<string, string> = {
  FieldSchema: '1:string name 2:string type 3:string comment',
  SerDeInfo: '1:string name 2:string serializationLib 3:map<string,string> parameters 4:string description 5:string serializerClass 6:string deserializerClass 7:i32 serdeType',
  Order: '1:string col 2:i32 order',
  SkewedInfo: '1:list<string> skewedColNames 2:list<list<string>> skewedColValues 3:map<list<string>,string> skewedColValueLocationMaps',
  StorageDescriptor: '1:list<FieldSchema> cols 2:string location 3:string inputFormat 4:string outputFormat 5:bool compressed 6:i32 numBuckets 7:SerDeInfo serdeInfo 8:list<string> bucketCols 9:list<Order> sortCols 10:map<string,string> parameters 11:SkewedInfo skewedInfo 12:bool storedAsSubDirectories',
  Database: '1:string name 2:string description 3:string locationUri 4:map<string,string> parameters 5:PrincipalPrivilegeSet privileges 6:string ownerName 7:i32 ownerType 8:string catalogName',
  Table: '1:string tableName 2:string dbName 3:string owner 4:i32 createTime 5:i32 lastAccessTime 6:i32 retention 7:StorageDescriptor sd 8:list<FieldSchema> partitionKeys 9:map<string,string> parameters 10:string viewOriginalText 11:string viewExpandedText 12:string tableType 13:PrincipalPrivilegeSet privileges 14:bool temporary 15:bool rewriteEnabled 17:string catName 18:i32 ownerType 19:i64 writeId',
  Partition: '1:list<string> values 2:string dbName 3:string tableName 4:i32 createTime 5:i32 lastAccessTime 6:StorageDescriptor sd 7:map<string,string> parameters 8:PrincipalPrivilegeSet privileges 9:string catName 10:i64 writeId',
  EnvironmentContext: '1:map<string,string> properties',
  AddPartitionsRequest: '1:string dbName 2:string tblName 3:list<Partition> parts 4:bool ifNotExists 5:bool needResult 6:string catName 7:string validWriteIdList',
  AddPartitionsResult: '1:list<Partition> partitions 2:bool isStatsCompliant',
  RequestPartsSpec: '1:list<string> names 2:list<DropPartitionsExpr> exprs',
  DropPartitionsRequest: '1:string dbName 2:string tblName 3:RequestPartsSpec parts 4:bool deleteData 5:bool ifExists 6:bool ignoreProtection 7:EnvironmentContext environmentContext 8:bool needResult 9:string catName',
  DropPartitionsResult: '1:list<Partition> partitions',
  BooleanColumnStatsData: '1:i64 numTrues 2:i64 numFalses 3:i64 numNulls 4:binary bitVectors',
  DoubleColumnStatsData: '1:double lowValue 2:double highValue 3:i64 numNulls 4:i64 numDVs 5:binary bitVectors',
  LongColumnStatsData: '1:i64 lowValue 2:i64 highValue 3:i64 numNulls 4:i64 numDVs 5:binary bitVectors',
  StringColumnStatsData: '1:i64 maxColLen 2:double avgColLen 3:i64 numNulls 4:i64 numDVs 5:binary bitVectors',
  BinaryColumnStatsData: '1:i64 maxColLen 2:double avgColLen 3:i64 numNulls 4:binary bitVectors',
  Decimal: '3:i16 scale 1:binary unscaled',
  DecimalColumnStatsData: '1:Decimal lowValue 2:Decimal highValue 3:i64 numNulls 4:i64 numDVs 5:binary bitVectors',
  Date: '1:i64 daysSinceEpoch',
  DateColumnStatsData: '1:Date lowValue 2:Date highValue 3:i64 numNulls 4:i64 numDVs 5:binary bitVectors',
  ColumnStatisticsData: '1:BooleanColumnStatsData booleanStats 2:LongColumnStatsData longStats 3:DoubleColumnStatsData doubleStats 4:StringColumnStatsData stringStats 5:BinaryColumnStatsData binaryStats 6:DecimalColumnStatsData decimalStats 7:DateColumnStatsData dateStats',
  ColumnStatisticsObj: '1:string colName 2:string colType 3:ColumnStatisticsData statsData',
  ColumnStatisticsDesc: '1:bool isTblLevel 2:string dbName 3:string tableName 4:string partName 5:i64 lastAnalyzed 6:string catName',
  ColumnStatistics: '1:ColumnStatisticsDesc statsDesc 2:list<ColumnStatisticsObj> statsObj 3:bool isStatsCompliant',
  TableStatsRequest: '1:string dbName 2:string tblName 3:list<string> colNames 4:string catName 5:string validWriteIdList',
  TableStatsResult: '1:list<ColumnStatisticsObj> tableStats 2:bool isStatsCompliant',
  PartitionsStatsRequest: '1:string dbName 2:string tblName 3:list<string> colNames 4:list<string> partNames 5:string catName 6:string validWriteIdList',
  PartitionsStatsResult: '1:map<string,list<ColumnStatisticsObj>> partStats 2:bool isStatsCompliant',
  ResourceUri: '1:i32 resourceType 2:string uri',
  Function: '1:string functionName 2:string dbName 3:string className 4:string ownerName 5:i32 ownerType 6:i32 createTime 7:i32 functionType 8:list<ResourceUri> resourceUris 9:string catName',
  MetaException: '1:string message', NoSuchObjectException: '1:string message', AlreadyExistsException: '1:string message',
  InvalidObjectException: '1:string message', InvalidOperationException: '1:string message', InvalidInputException: '1:string message',
};
// "returnType name(args) throws(exceptions)"; void methods return "void".
const METHODS: Record<string, string> = {
  getMetaConf: 'string (1:string key) (1:MetaException o1)',
  set_ugi: 'list<string> (1:string user_name 2:list<string> group_names) (1:MetaException o1)',
  create_database: 'void (1:Database database) (1:AlreadyExistsException o1 2:InvalidObjectException o2 3:MetaException o3)',
  get_database: 'Database (1:string name) (1:NoSuchObjectException o1 2:MetaException o2)',
  drop_database: 'void (1:string name 2:bool deleteData 3:bool cascade) (1:NoSuchObjectException o1 2:InvalidOperationException o2 3:MetaException o3)',
  get_all_databases: 'list<string> () (1:MetaException o1)',
  create_table: 'void (1:Table tbl) (1:AlreadyExistsException o1 2:InvalidObjectException o2 3:MetaException o3 4:NoSuchObjectException o4)',
  drop_table: 'void (1:string dbname 2:string name 3:bool deleteData) (1:NoSuchObjectException o1 2:MetaException o3)',
  get_all_tables: 'list<string> (1:string db_name) (1:MetaException o1)',
  get_table: 'Table (1:string dbname 2:string tbl_name) (1:MetaException o1 2:NoSuchObjectException o2)',
  alter_table_with_environment_context: 'void (1:string dbname 2:string tbl_name 3:Table new_tbl 4:EnvironmentContext environment_context) (1:InvalidOperationException o1 2:MetaException o2)',
  add_partitions: 'i32 (1:list<Partition> new_parts) (1:InvalidObjectException o1 2:AlreadyExistsException o2 3:MetaException o3)',
  add_partitions_req: 'AddPartitionsResult (1:AddPartitionsRequest request) (1:InvalidObjectException o1 2:AlreadyExistsException o2 3:MetaException o3)',
  drop_partitions_req: 'DropPartitionsResult (1:DropPartitionsRequest req) (1:NoSuchObjectException o1 2:MetaException o2)',
  get_partition: 'Partition (1:string db_name 2:string tbl_name 3:list<string> part_vals) (1:MetaException o1 2:NoSuchObjectException o2)',
  get_partitions: 'list<Partition> (1:string db_name 2:string tbl_name 3:i16 max_parts) (1:NoSuchObjectException o1 2:MetaException o2)',
  get_partition_names: 'list<string> (1:string db_name 2:string tbl_name 3:i16 max_parts) (1:NoSuchObjectException o1 2:MetaException o2)',
  get_partitions_ps: 'list<Partition> (1:string db_name 2:string tbl_name 3:list<string> part_vals 4:i16 max_parts) (1:MetaException o1 2:NoSuchObjectException o2)',
  get_partitions_by_filter: 'list<Partition> (1:string db_name 2:string tbl_name 3:string filter 4:i16 max_parts) (1:MetaException o1 2:NoSuchObjectException o2)',
  get_partitions_by_names: 'list<Partition> (1:string db_name 2:string tbl_name 3:list<string> names) (1:MetaException o1 2:NoSuchObjectException o2)',
  alter_partitions: 'void (1:string db_name 2:string tbl_name 3:list<Partition> new_parts) (1:InvalidOperationException o1 2:MetaException o2)',
  update_table_column_statistics: 'bool (1:ColumnStatistics stats_obj) (1:NoSuchObjectException o1 2:InvalidObjectException o2 3:MetaException o3 4:InvalidInputException o4)',
  update_partition_column_statistics: 'bool (1:ColumnStatistics stats_obj) (1:NoSuchObjectException o1 2:InvalidObjectException o2 3:MetaException o3 4:InvalidInputException o4)',
  get_table_statistics_req: 'TableStatsResult (1:TableStatsRequest request) (1:NoSuchObjectException o1 2:MetaException o2)',
  get_partitions_statistics_req: 'PartitionsStatsResult (1:PartitionsStatsRequest request) (1:NoSuchObjectException o1 2:MetaException o2)',
  create_function: 'void (1:Function func) (1:AlreadyExistsException o1 2:InvalidObjectException o2 3:MetaException o3 4:NoSuchObjectException o4)',
  drop_function: 'void (1:string dbName 2:string funcName) (1:NoSuchObjectException o1 2:MetaException o3)',
  get_functions: 'list<string> (1:string dbName 2:string pattern) (1:MetaException o1)',
  get_function: 'Function (1:string dbName 2:string funcName) (1:MetaException o1 2:NoSuchObjectException o2)',
};

// ---- a Thrift binary-protocol reader, checking values against the declared types
const WIRE: Record<string, number> = { bool: 2, byte: 3, double: 4, i16: 6, i32: 8, i64: 10, string: 11, binary: 11 };
const wireType = (t: string) => WIRE[t] ?? (t.startsWith('map<') ? 13 : t.startsWith('list<') ? 15 : t.startsWith('set<') ? 14 : 12);
function splitArgs(inner: string): string[] {
  let depth = 0, cut = 0;
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '<') depth++; else if (inner[i] === '>') depth--; else if (inner[i] === ',' && depth === 0) { cut = i; break; }
  }
  return [inner.slice(0, cut), inner.slice(cut + 1)];
}
function fieldsOf(spec: string): Map<number, { type: string; name: string }> {
  const out = new Map<number, { type: string; name: string }>();
  for (const m of spec.matchAll(/(\d+):(\S+) (\w+)/g)) out.set(Number(m[1]), { type: m[2], name: m[3] });
  return out;
}

class Reader {
  constructor(private b: Buffer, public at = 0) {}
  left() { return this.b.length - this.at; }
  i8() { return this.b.readInt8(this.at++); }
  i16() { const v = this.b.readInt16BE(this.at); this.at += 2; return v; }
  i32() { const v = this.b.readInt32BE(this.at); this.at += 4; return v; }
  i64() { const v = this.b.readBigInt64BE(this.at); this.at += 8; return v; }
  f64() { const v = this.b.readDoubleBE(this.at); this.at += 8; return v; }
  bytes() { const n = this.i32(); const v = this.b.subarray(this.at, this.at + n); this.at += n; return v; }

  /** Reads a value of the declared IDL type; fails on any wire type that differs. */
  value(t: string, path: string, seen: Set<string>): unknown {
    switch (t) {
      case 'bool': return this.i8() !== 0;
      case 'byte': return this.i8();
      case 'i16': return this.i16();
      case 'i32': return this.i32();
      case 'i64': return this.i64();
      case 'double': return this.f64();
      case 'string': return this.bytes().toString('utf8');
      case 'binary': return this.bytes();
    }
    if (t.startsWith('list<') || t.startsWith('set<')) {
      const et = t.slice(t.indexOf('<') + 1, -1);
      const wt = this.i8(), n = this.i32();
      expect(wt, `${path}: element wire type`).toBe(wireType(et));
      return Array.from({ length: n }, (_, i) => this.value(et, `${path}[${i}]`, seen));
    }
    if (t.startsWith('map<')) {
      const [kt, vt] = splitArgs(t.slice(4, -1));
      const kw = this.i8(), vw = this.i8(), n = this.i32();
      if (n > 0) { expect(kw, `${path}: key wire type`).toBe(wireType(kt)); expect(vw, `${path}: value wire type`).toBe(wireType(vt)); }
      const out: [unknown, unknown][] = [];
      for (let i = 0; i < n; i++) out.push([this.value(kt, `${path}.key`, seen), this.value(vt, `${path}.value`, seen)]);
      return out;
    }
    const spec = STRUCTS[t];
    expect(spec, `${path}: struct ${t} is in the IDL table`).toBeDefined();
    seen.add(t);
    return this.struct(fieldsOf(spec), path, seen);
  }

  struct(fields: Map<number, { type: string; name: string }>, path: string, seen: Set<string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const wt = this.i8();
      if (wt === 0) return out;
      const id = this.i16();
      const f = fields.get(id);
      expect(f, `${path}: field id ${id} is declared`).toBeDefined();
      expect(wt, `${path}.${f!.name}: wire type`).toBe(wireType(f!.type));
      out[f!.name] = this.value(f!.type, `${path}.${f!.name}`, seen);
    }
  }

  message(): { name: string; type: number; seq: number } {
    const v = this.i32();
    expect(v & 0xffff0000, 'strict binary protocol version 1').toBe(0x80010000 | 0);
    const name = this.bytes().toString('utf8');
    return { name, type: v & 0xff, seq: this.i32() };
  }
}

function parseMethod(sig: string) {
  const m = /^(\S+) \((.*?)\) \((.*?)\)$/.exec(sig)!;
  const result = new Map<number, { type: string; name: string }>();
  if (m[1] !== 'void') result.set(0, { type: m[1], name: 'success' });
  for (const [id, f] of fieldsOf(m[3])) result.set(id, f);
  return { args: fieldsOf(m[2]), result, returns: m[1] };
}

let wh: string;
let ms: MetastoreProcess;
let proxy: ChildProcess;
let proxyPort = 0;

beforeAll(async () => {
  wh = tempDir();
  ms = await startMetastoreProcess(wh);
  proxy = spawn(process.execPath, [fileURLToPath(new URL('./recordingProxy.mjs', import.meta.url)), String(ms.port), join(wh, 'sent.bin'), join(wh, 'received.bin')]);
  proxyPort = await new Promise<number>((resolve) => proxy.stdout!.on('data', (d) => { const m = /proxy (\d+)/.exec(String(d)); if (m) resolve(Number(m[1])); }));
});
afterAll(async () => { proxy.kill(); await ms.stop(); removeDir(wh); });

it('every call the HiveCatalog makes, and every reply, decodes with the IDL table', () => {
  const port = proxyPort;
  const c = new HiveCatalog({ name: 'hive', uris: [`thrift://127.0.0.1:${port}`], hiveVersion: '3.1.3', timeoutMs: 10_000, retries: 0, retryDelayMs: 100 });
  // One of each operation the engine performs.
  c.createDatabase({ name: 'wire', location: join(wh, 'wire.db'), params: { a: 'b' } });
  c.getDatabase('wire'); c.getDatabase('absent'); c.listDatabases();
  const t = {
    db: 'wire', name: 't', type: 'MANAGED_TABLE' as const, createTime: 1, params: {}, comment: 'c',
    columns: [{ name: 'x', type: 'int' }, { name: 'd', type: 'decimal(9,3)' }, { name: 'day', type: 'date' }, { name: 's', type: 'string' }, { name: 'b', type: 'boolean' }, { name: 'f', type: 'double' }],
    partitionKeys: [{ name: 'p', type: 'string' }],
    sd: { location: join(wh, 'wire.db', 't'), inputFormat: 'org.apache.hadoop.mapred.TextInputFormat', outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat', serde: { lib: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe', params: { 'field.delim': ',' } } },
  };
  c.createTable(t);
  c.listTables('wire'); c.getTable('wire', 't');
  c.alterTable({ ...c.getTable('wire', 't')!, params: { numRows: '3' } });
  const p = (v: string) => ({ db: 'wire', table: 't', values: [v], location: join(t.sd.location, `p=${v}`), params: {}, createTime: 1 });
  c.commitChanges({ addPartitions: [p('a'), p('b')] });
  c.commitChanges({ alterPartitions: [{ ...p('a'), params: { numRows: '1' } }], dropPartitions: [{ db: 'wire', table: 't', values: ['b'] }] });
  c.getPartition('wire', 't', ['a']); c.listPartitions('wire', 't'); c.listPartitionNames('wire', 't');
  c.listPartitionsByFilter('wire', 't', "p = 'a'"); c.listPartitionsBySpec('wire', 't', { p: 'a' }); c.getPartitionsByNames('wire', 't', ['p=a']);
  const stats = [
    { column: 'x', type: 'int', nullCount: 0, ndv: 3, min: 1, max: 3 }, { column: 'd', type: 'decimal(9,3)', nullCount: 0, ndv: 2, min: -1.5, max: 2.25 },
    { column: 'day', type: 'date', nullCount: 1, ndv: 1, min: '2020-01-01', max: '2020-01-01' }, { column: 's', type: 'string', nullCount: 0, ndv: 2, avgLength: 2, maxLength: 3 },
    { column: 'b', type: 'boolean', nullCount: 0, trueCount: 1, falseCount: 2 }, { column: 'f', type: 'double', nullCount: 0, ndv: 3, min: 0.5, max: 9.5 },
  ];
  c.updateTableColumnStatistics('wire', 't', stats); c.getTableColumnStatistics('wire', 't', ['x', 'd']);
  c.updatePartitionColumnStatistics('wire', 't', 'p=a', stats); c.getPartitionColumnStatistics('wire', 't', ['p=a'], ['x', 'day']);
  c.createFunction({ db: 'wire', name: 'f', className: 'm.mjs#f', resources: ['m.mjs'], createTime: 1 });
  c.getFunction('wire', 'f'); c.listFunctions('wire'); c.dropFunction('wire', 'f');
  expect(() => c.createTable(t)).toThrow(/AlreadyExistsException/);
  c.dropTable('wire', 't'); c.dropDatabase('wire');
  c.close();

  const req = new Reader(readFileSync(join(wh, 'sent.bin')));
  const rep = new Reader(readFileSync(join(wh, 'received.bin')));
  const calls: string[] = [];
  const structsSeen = new Set<string>();
  const exceptions: string[] = [];
  while (req.left() > 0) {
    const call = req.message();
    expect(call.type, `${call.name} is a CALL`).toBe(1);
    const sig = METHODS[call.name];
    expect(sig, `method ${call.name} is in the IDL table`).toBeDefined();
    const m = parseMethod(sig);
    req.struct(m.args, `${call.name}_args`, structsSeen);
    calls.push(call.name);

    const reply = rep.message();
    expect(reply.name).toBe(call.name);
    expect(reply.seq).toBe(call.seq);
    expect(reply.type, `${call.name} answered with a REPLY`).toBe(2);
    const result = rep.struct(m.result, `${call.name}_result`, structsSeen);
    const keys = Object.keys(result);
    expect(keys.length, `${call.name}_result sets at most one field`).toBeLessThanOrEqual(1);
    if (m.returns !== 'void' && keys[0] !== 'success') exceptions.push(`${call.name}:${m.result.get([...m.result].find(([, f]) => f.name === keys[0])![0])!.type}`);
  }
  expect(rep.left()).toBe(0);
  // add_partitions is only sent to undo a commit that failed part way.
  expect(new Set(calls)).toEqual(new Set(Object.keys(METHODS).filter((m) => m !== 'add_partitions')));
  for (const s of ['Table', 'StorageDescriptor', 'SerDeInfo', 'Partition', 'Database', 'ColumnStatistics', 'LongColumnStatsData', 'DecimalColumnStatsData', 'Decimal', 'DateColumnStatsData', 'StringColumnStatsData', 'BooleanColumnStatsData', 'DoubleColumnStatsData', 'Function', 'AddPartitionsRequest', 'DropPartitionsRequest']) {
    expect(structsSeen, `struct ${s} crossed the wire`).toContain(s);
  }
  expect(exceptions).toEqual(expect.arrayContaining(['get_database:NoSuchObjectException']));
});
