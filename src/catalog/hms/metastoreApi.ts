// The subset of the Hive Metastore Thrift API (ThriftHiveMetastore, Hive 3.1) that Sluice
// speaks as a client and serves as a server: struct layouts and method signatures as
// field ids and types, transcribed from hive_metastore.thrift. Fields a version adds
// (catName on 3.x objects) are optional on the wire, so 2.x peers skip them.
import { FieldDef, StructDef, TType } from './thriftCodec.js';

type F = [number, string, TType];
const struct = (name: string, fields: F[], union = false): StructDef =>
  ({ name, fields: fields.map(([id, n, type]) => ({ id, name: n, type })), union });
const S = (s: StructDef): TType => ({ struct: s });
const list = (t: TType): TType => ({ list: t });
const map = (k: TType, v: TType): TType => ({ map: [k, v] });
const strMap = map('string', 'string');

export const FieldSchema = struct('FieldSchema', [[1, 'name', 'string'], [2, 'type', 'string'], [3, 'comment', 'string']]);
export const SerDeInfo = struct('SerDeInfo', [
  [1, 'name', 'string'], [2, 'serializationLib', 'string'], [3, 'parameters', strMap],
  [4, 'description', 'string'], [5, 'serializerClass', 'string'], [6, 'deserializerClass', 'string'], [7, 'serdeType', 'i32']]);
export const Order = struct('Order', [[1, 'col', 'string'], [2, 'order', 'i32']]);
export const SkewedInfo = struct('SkewedInfo', [
  [1, 'skewedColNames', list('string')], [2, 'skewedColValues', list(list('string'))],
  [3, 'skewedColValueLocationMaps', map(list('string'), 'string')]]);
export const StorageDescriptor = struct('StorageDescriptor', [
  [1, 'cols', list(S(FieldSchema))], [2, 'location', 'string'], [3, 'inputFormat', 'string'], [4, 'outputFormat', 'string'],
  [5, 'compressed', 'bool'], [6, 'numBuckets', 'i32'], [7, 'serdeInfo', S(SerDeInfo)], [8, 'bucketCols', list('string')],
  [9, 'sortCols', list(S(Order))], [10, 'parameters', strMap], [11, 'skewedInfo', S(SkewedInfo)], [12, 'storedAsSubDirectories', 'bool']]);
export const Database = struct('Database', [
  [1, 'name', 'string'], [2, 'description', 'string'], [3, 'locationUri', 'string'], [4, 'parameters', strMap],
  [6, 'ownerName', 'string'], [7, 'ownerType', 'i32'], [8, 'catalogName', 'string']]);

// Column statistics.
export const BooleanColumnStatsData = struct('BooleanColumnStatsData', [
  [1, 'numTrues', 'i64'], [2, 'numFalses', 'i64'], [3, 'numNulls', 'i64'], [4, 'bitVectors', 'binary']]);
export const DoubleColumnStatsData = struct('DoubleColumnStatsData', [
  [1, 'lowValue', 'double'], [2, 'highValue', 'double'], [3, 'numNulls', 'i64'], [4, 'numDVs', 'i64'], [5, 'bitVectors', 'binary']]);
export const LongColumnStatsData = struct('LongColumnStatsData', [
  [1, 'lowValue', 'i64'], [2, 'highValue', 'i64'], [3, 'numNulls', 'i64'], [4, 'numDVs', 'i64'], [5, 'bitVectors', 'binary']]);
export const StringColumnStatsData = struct('StringColumnStatsData', [
  [1, 'maxColLen', 'i64'], [2, 'avgColLen', 'double'], [3, 'numNulls', 'i64'], [4, 'numDVs', 'i64'], [5, 'bitVectors', 'binary']]);
export const BinaryColumnStatsData = struct('BinaryColumnStatsData', [
  [1, 'maxColLen', 'i64'], [2, 'avgColLen', 'double'], [3, 'numNulls', 'i64'], [4, 'bitVectors', 'binary']]);
export const Decimal = struct('Decimal', [[3, 'scale', 'i16'], [1, 'unscaled', 'binary']]);
export const DecimalColumnStatsData = struct('DecimalColumnStatsData', [
  [1, 'lowValue', S(Decimal)], [2, 'highValue', S(Decimal)], [3, 'numNulls', 'i64'], [4, 'numDVs', 'i64'], [5, 'bitVectors', 'binary']]);
export const DateValue = struct('Date', [[1, 'daysSinceEpoch', 'i64']]);
export const DateColumnStatsData = struct('DateColumnStatsData', [
  [1, 'lowValue', S(DateValue)], [2, 'highValue', S(DateValue)], [3, 'numNulls', 'i64'], [4, 'numDVs', 'i64'], [5, 'bitVectors', 'binary']]);
export const ColumnStatisticsData = struct('ColumnStatisticsData', [
  [1, 'booleanStats', S(BooleanColumnStatsData)], [2, 'longStats', S(LongColumnStatsData)], [3, 'doubleStats', S(DoubleColumnStatsData)],
  [4, 'stringStats', S(StringColumnStatsData)], [5, 'binaryStats', S(BinaryColumnStatsData)], [6, 'decimalStats', S(DecimalColumnStatsData)],
  [7, 'dateStats', S(DateColumnStatsData)]], true);
export const ColumnStatisticsObj = struct('ColumnStatisticsObj', [
  [1, 'colName', 'string'], [2, 'colType', 'string'], [3, 'statsData', S(ColumnStatisticsData)]]);
export const ColumnStatisticsDesc = struct('ColumnStatisticsDesc', [
  [1, 'isTblLevel', 'bool'], [2, 'dbName', 'string'], [3, 'tableName', 'string'], [4, 'partName', 'string'],
  [5, 'lastAnalyzed', 'i64'], [6, 'catName', 'string']]);
export const ColumnStatistics = struct('ColumnStatistics', [
  [1, 'statsDesc', S(ColumnStatisticsDesc)], [2, 'statsObj', list(S(ColumnStatisticsObj))], [3, 'isStatsCompliant', 'bool']]);

/** getMetaConf key a Sluice metastore answers 'every-change' to: its notification event id
 *  moves with every change (a Hive metastore has no such key). */
export const NOTIFICATION_LOG_KEY = 'sluice.metastore.notification-log';
export const CurrentNotificationEventId = struct('CurrentNotificationEventId', [[1, 'eventId', 'i64']]);

export const Table = struct('Table', [
  [1, 'tableName', 'string'], [2, 'dbName', 'string'], [3, 'owner', 'string'], [4, 'createTime', 'i32'],
  [5, 'lastAccessTime', 'i32'], [6, 'retention', 'i32'], [7, 'sd', S(StorageDescriptor)], [8, 'partitionKeys', list(S(FieldSchema))],
  [9, 'parameters', strMap], [10, 'viewOriginalText', 'string'], [11, 'viewExpandedText', 'string'], [12, 'tableType', 'string'],
  [14, 'temporary', 'bool'], [15, 'rewriteEnabled', 'bool'], [17, 'catName', 'string'], [18, 'ownerType', 'i32']]);
export const Partition = struct('Partition', [
  [1, 'values', list('string')], [2, 'dbName', 'string'], [3, 'tableName', 'string'], [4, 'createTime', 'i32'],
  [5, 'lastAccessTime', 'i32'], [6, 'sd', S(StorageDescriptor)], [7, 'parameters', strMap], [9, 'catName', 'string']]);
export const EnvironmentContext = struct('EnvironmentContext', [[1, 'properties', strMap]]);

export const AddPartitionsRequest = struct('AddPartitionsRequest', [
  [1, 'dbName', 'string'], [2, 'tblName', 'string'], [3, 'parts', list(S(Partition))], [4, 'ifNotExists', 'bool'],
  [5, 'needResult', 'bool'], [6, 'catName', 'string']]);
export const AddPartitionsResult = struct('AddPartitionsResult', [[1, 'partitions', list(S(Partition))]]);
export const DropPartitionsExpr = struct('DropPartitionsExpr', [[1, 'expr', 'binary'], [2, 'partArchiveLevel', 'i32']]);
export const RequestPartsSpec = struct('RequestPartsSpec', [[1, 'names', list('string')], [2, 'exprs', list(S(DropPartitionsExpr))]], true);
export const DropPartitionsRequest = struct('DropPartitionsRequest', [
  [1, 'dbName', 'string'], [2, 'tblName', 'string'], [3, 'parts', S(RequestPartsSpec)], [4, 'deleteData', 'bool'],
  [5, 'ifExists', 'bool'], [6, 'ignoreProtection', 'bool'], [7, 'environmentContext', S(EnvironmentContext)],
  [8, 'needResult', 'bool'], [9, 'catName', 'string']]);
export const DropPartitionsResult = struct('DropPartitionsResult', [[1, 'partitions', list(S(Partition))]]);
export const TableStatsRequest = struct('TableStatsRequest', [
  [1, 'dbName', 'string'], [2, 'tblName', 'string'], [3, 'colNames', list('string')], [4, 'catName', 'string']]);
export const TableStatsResult = struct('TableStatsResult', [[1, 'tableStats', list(S(ColumnStatisticsObj))]]);
export const PartitionsStatsRequest = struct('PartitionsStatsRequest', [
  [1, 'dbName', 'string'], [2, 'tblName', 'string'], [3, 'colNames', list('string')], [4, 'partNames', list('string')], [5, 'catName', 'string']]);
export const PartitionsStatsResult = struct('PartitionsStatsResult', [[1, 'partStats', map('string', list(S(ColumnStatisticsObj)))]]);
export const ResourceUri = struct('ResourceUri', [[1, 'resourceType', 'i32'], [2, 'uri', 'string']]);
export const HiveFunction = struct('Function', [
  [1, 'functionName', 'string'], [2, 'dbName', 'string'], [3, 'className', 'string'], [4, 'ownerName', 'string'],
  [5, 'ownerType', 'i32'], [6, 'createTime', 'i32'], [7, 'functionType', 'i32'], [8, 'resourceUris', list(S(ResourceUri))], [9, 'catName', 'string']]);
export const GetAllFunctionsResponse = struct('GetAllFunctionsResponse', [[1, 'functions', list(S(HiveFunction))]]);
export const GetCatalogsResponse = struct('GetCatalogsResponse', [[1, 'names', list('string')]]);

/** Every metastore exception is a struct with one message field. */
export const EXCEPTIONS = ['MetaException', 'NoSuchObjectException', 'AlreadyExistsException', 'InvalidOperationException',
  'InvalidObjectException', 'InvalidInputException', 'UnknownDBException', 'UnknownTableException', 'ConfigValSecurityException'] as const;
export type ExceptionName = typeof EXCEPTIONS[number];
export const exceptionStruct = (name: ExceptionName): StructDef => struct(name, [[1, 'message', 'string']]);

export interface MethodDef {
  name: string;
  args: FieldDef[];
  /** Undefined for void methods. */
  result?: TType;
  throws: { id: number; name: string; type: ExceptionName }[];
}

type Throw = [number, ExceptionName];
const E = {
  meta: [1, 'MetaException'] as Throw,
};
function method(name: string, args: F[], result: TType | undefined, throws: Throw[]): MethodDef {
  return {
    name, result,
    args: args.map(([id, n, type]) => ({ id, name: n, type })),
    throws: throws.map(([id, type], i) => ({ id, name: `o${i + 1}`, type })),
  };
}
const db = (id: number): F => [id, 'db_name', 'string'];
const tbl = (id: number): F => [id, 'tbl_name', 'string'];
const i16max = (id: number): F => [id, 'max_parts', 'i16'];
const NSO_META: Throw[] = [[1, 'NoSuchObjectException'], [2, 'MetaException']];
const META_NSO: Throw[] = [[1, 'MetaException'], [2, 'NoSuchObjectException']];
const ADD_THROWS: Throw[] = [[1, 'InvalidObjectException'], [2, 'AlreadyExistsException'], [3, 'MetaException']];
const ALTER_THROWS: Throw[] = [[1, 'InvalidOperationException'], [2, 'MetaException']];
const STATS_UPDATE_THROWS: Throw[] = [[1, 'NoSuchObjectException'], [2, 'InvalidObjectException'], [3, 'MetaException'], [4, 'InvalidInputException']];
const STATS_GET_THROWS: Throw[] = [[1, 'NoSuchObjectException'], [2, 'MetaException'], [3, 'InvalidInputException'], [4, 'InvalidObjectException']];
const STATS_DELETE_THROWS: Throw[] = [[1, 'NoSuchObjectException'], [2, 'MetaException'], [3, 'InvalidObjectException'], [4, 'InvalidInputException']];
const CREATE_TABLE_THROWS: Throw[] = [[1, 'AlreadyExistsException'], [2, 'InvalidObjectException'], [3, 'MetaException'], [4, 'NoSuchObjectException']];

const T = S(Table), P = S(Partition), strs = list('string');

export const METHODS: MethodDef[] = [
  // fb303 and session set-up that clients call on connect
  method('getVersion', [], 'string', []),
  method('getMetaConf', [[1, 'key', 'string']], 'string', [E.meta]),
  method('setMetaConf', [[1, 'key', 'string'], [2, 'value', 'string']], undefined, [E.meta]),
  method('set_ugi', [[1, 'user_name', 'string'], [2, 'group_names', strs]], strs, [E.meta]),
  method('get_config_value', [[1, 'name', 'string'], [2, 'defaultValue', 'string']], 'string', [[1, 'ConfigValSecurityException']]),
  method('get_catalogs', [], S(GetCatalogsResponse), [E.meta]),
  method('get_metastore_db_uuid', [], 'string', [E.meta]),
  method('get_current_notificationEventId', [], S(CurrentNotificationEventId), []),
  // databases
  method('create_database', [[1, 'database', S(Database)]], undefined, [[1, 'AlreadyExistsException'], [2, 'InvalidObjectException'], [3, 'MetaException']]),
  method('get_database', [[1, 'name', 'string']], S(Database), NSO_META),
  method('drop_database', [[1, 'name', 'string'], [2, 'deleteData', 'bool'], [3, 'cascade', 'bool']], undefined,
    [[1, 'NoSuchObjectException'], [2, 'InvalidOperationException'], [3, 'MetaException']]),
  method('get_databases', [[1, 'pattern', 'string']], strs, [E.meta]),
  method('get_all_databases', [], strs, [E.meta]),
  method('alter_database', [[1, 'dbname', 'string'], [2, 'db', S(Database)]], undefined, [[1, 'MetaException'], [2, 'NoSuchObjectException']]),
  // tables
  method('get_fields', [db(1), [2, 'table_name', 'string']], list(S(FieldSchema)), [[1, 'MetaException'], [2, 'UnknownTableException'], [3, 'UnknownDBException']]),
  method('get_schema', [db(1), [2, 'table_name', 'string']], list(S(FieldSchema)), [[1, 'MetaException'], [2, 'UnknownTableException'], [3, 'UnknownDBException']]),
  method('create_table', [[1, 'tbl', T]], undefined, CREATE_TABLE_THROWS),
  method('create_table_with_environment_context', [[1, 'tbl', T], [2, 'environment_context', S(EnvironmentContext)]], undefined, CREATE_TABLE_THROWS),
  method('drop_table', [[1, 'dbname', 'string'], [2, 'name', 'string'], [3, 'deleteData', 'bool']], undefined, [[1, 'NoSuchObjectException'], [2, 'MetaException']]),
  method('drop_table_with_environment_context', [[1, 'dbname', 'string'], [2, 'name', 'string'], [3, 'deleteData', 'bool'],
    [4, 'environment_context', S(EnvironmentContext)]], undefined, [[1, 'NoSuchObjectException'], [2, 'MetaException']]),
  method('get_tables', [db(1), [2, 'pattern', 'string']], strs, [E.meta]),
  method('get_tables_by_type', [db(1), [2, 'pattern', 'string'], [3, 'tableType', 'string']], strs, [E.meta]),
  method('get_all_tables', [db(1)], strs, [E.meta]),
  method('get_table', [[1, 'dbname', 'string'], tbl(2)], T, META_NSO),
  method('get_table_objects_by_name', [[1, 'dbname', 'string'], [2, 'tbl_names', strs]], list(T), []),
  method('alter_table', [[1, 'dbname', 'string'], tbl(2), [3, 'new_tbl', T]], undefined, ALTER_THROWS),
  method('alter_table_with_environment_context', [[1, 'dbname', 'string'], tbl(2), [3, 'new_tbl', T],
    [4, 'environment_context', S(EnvironmentContext)]], undefined, ALTER_THROWS),
  method('alter_table_with_cascade', [[1, 'dbname', 'string'], tbl(2), [3, 'new_tbl', T], [4, 'cascade', 'bool']], undefined, ALTER_THROWS),
  // partitions
  method('add_partition', [[1, 'new_part', P]], P, ADD_THROWS),
  method('add_partitions', [[1, 'new_parts', list(P)]], 'i32', ADD_THROWS),
  method('add_partitions_req', [[1, 'request', S(AddPartitionsRequest)]], S(AddPartitionsResult), ADD_THROWS),
  method('append_partition', [db(1), tbl(2), [3, 'part_vals', strs]], P, ADD_THROWS),
  method('drop_partition', [db(1), tbl(2), [3, 'part_vals', strs], [4, 'deleteData', 'bool']], 'bool', NSO_META),
  method('drop_partition_by_name', [db(1), tbl(2), [3, 'part_name', 'string'], [4, 'deleteData', 'bool']], 'bool', NSO_META),
  method('drop_partitions_req', [[1, 'req', S(DropPartitionsRequest)]], S(DropPartitionsResult), NSO_META),
  method('get_partition', [db(1), tbl(2), [3, 'part_vals', strs]], P, META_NSO),
  method('get_partition_by_name', [db(1), tbl(2), [3, 'part_name', 'string']], P, META_NSO),
  method('get_partitions', [db(1), tbl(2), i16max(3)], list(P), NSO_META),
  method('get_partition_names', [db(1), tbl(2), i16max(3)], strs, NSO_META),
  method('get_partitions_ps', [db(1), tbl(2), [3, 'part_vals', strs], i16max(4)], list(P), META_NSO),
  method('get_partition_names_ps', [db(1), tbl(2), [3, 'part_vals', strs], i16max(4)], strs, META_NSO),
  method('get_partitions_by_filter', [db(1), tbl(2), [3, 'filter', 'string'], i16max(4)], list(P), META_NSO),
  method('get_num_partitions_by_filter', [db(1), tbl(2), [3, 'filter', 'string']], 'i32', META_NSO),
  method('get_partitions_by_names', [db(1), tbl(2), [3, 'names', strs]], list(P), META_NSO),
  method('alter_partition', [db(1), tbl(2), [3, 'new_part', P]], undefined, ALTER_THROWS),
  method('alter_partitions', [db(1), tbl(2), [3, 'new_parts', list(P)]], undefined, ALTER_THROWS),
  method('alter_partitions_with_environment_context', [db(1), tbl(2), [3, 'new_parts', list(P)],
    [4, 'environment_context', S(EnvironmentContext)]], undefined, ALTER_THROWS),
  method('partition_name_to_vals', [[1, 'part_name', 'string']], strs, [E.meta]),
  method('partition_name_to_spec', [[1, 'part_name', 'string']], strMap, [E.meta]),
  // statistics
  method('update_table_column_statistics', [[1, 'stats_obj', S(ColumnStatistics)]], 'bool', STATS_UPDATE_THROWS),
  method('update_partition_column_statistics', [[1, 'stats_obj', S(ColumnStatistics)]], 'bool', STATS_UPDATE_THROWS),
  method('get_table_column_statistics', [db(1), tbl(2), [3, 'col_name', 'string']], S(ColumnStatistics), STATS_GET_THROWS),
  method('get_partition_column_statistics', [db(1), tbl(2), [3, 'part_name', 'string'], [4, 'col_name', 'string']], S(ColumnStatistics), STATS_GET_THROWS),
  method('get_table_statistics_req', [[1, 'request', S(TableStatsRequest)]], S(TableStatsResult), NSO_META),
  method('get_partitions_statistics_req', [[1, 'request', S(PartitionsStatsRequest)]], S(PartitionsStatsResult), NSO_META),
  method('delete_table_column_statistics', [db(1), tbl(2), [3, 'col_name', 'string']], 'bool', STATS_DELETE_THROWS),
  method('delete_partition_column_statistics', [db(1), tbl(2), [3, 'part_name', 'string'], [4, 'col_name', 'string']], 'bool', STATS_DELETE_THROWS),
  // functions
  method('create_function', [[1, 'func', S(HiveFunction)]], undefined, CREATE_TABLE_THROWS),
  method('drop_function', [[1, 'dbName', 'string'], [2, 'funcName', 'string']], undefined, [[1, 'NoSuchObjectException'], [2, 'MetaException']]),
  method('alter_function', [[1, 'dbName', 'string'], [2, 'funcName', 'string'], [3, 'newFunc', S(HiveFunction)]], undefined, ALTER_THROWS),
  method('get_functions', [[1, 'dbName', 'string'], [2, 'pattern', 'string']], strs, [E.meta]),
  method('get_function', [[1, 'dbName', 'string'], [2, 'funcName', 'string']], S(HiveFunction), META_NSO),
  method('get_all_functions', [], S(GetAllFunctionsResponse), [E.meta]),
];

export const METHOD_BY_NAME = new Map(METHODS.map((m) => [m.name, m]));

/** The args struct of a method call (Thrift's <method>_args). */
export function argsStruct(m: MethodDef): StructDef {
  return { name: `${m.name}_args`, fields: m.args };
}

/** The result struct of a method call (Thrift's <method>_result): success is field 0. */
export function resultStruct(m: MethodDef): StructDef {
  const fields: FieldDef[] = m.result ? [{ id: 0, name: 'success', type: m.result }] : [];
  for (const t of m.throws) fields.push({ id: t.id, name: t.name, type: { struct: exceptionStruct(t.type) } });
  return { name: `${m.name}_result`, fields };
}
