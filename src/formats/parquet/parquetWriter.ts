// Writes Parquet files with hyparquet-writer, in the layout Spark and Hive readers
// expect: decimals as INT32 (precision ≤ 9), INT64 (≤ 18) or FIXED_LEN_BYTE_ARRAY,
// tinyint/smallint as annotated INT32, dates as INT32 DATE, strings as UTF8 byte arrays,
// timestamps as INT64 micros not adjusted to UTC (hyparquet-writer cannot write INT96,
// which only Hive 3's own reader requires). Rows are buffered up to a row group.
import { gzipSync } from 'node:zlib';
import lz4 from 'lz4-napi';
import { ParquetWriter } from 'hyparquet-writer';
import { fileWriter } from 'hyparquet-writer/src/node.js';
import { DataType } from '../../types/dataType.js';
import { Batch } from '../../exec/vector.js';
import { SluiceError } from '../../errors.js';

export interface ParquetWriterOptions { compression: string; rowGroupRows: number }

interface Column { name: string; type: DataType }

function schemaElement(c: Column): Record<string, unknown> {
  const base = { name: c.name, repetition_type: 'OPTIONAL' };
  const t = c.type;
  switch (t.id) {
    case 'boolean': return { ...base, type: 'BOOLEAN' };
    // Converted types only: hyparquet-writer's INTEGER logical type encodes bitWidth in a
    // form DuckDB's thrift reader rejects, and every reader understands INT_8/INT_16.
    case 'tinyint': return { ...base, type: 'INT32', converted_type: 'INT_8' };
    case 'smallint': return { ...base, type: 'INT32', converted_type: 'INT_16' };
    case 'int': return { ...base, type: 'INT32' };
    case 'bigint': return { ...base, type: 'INT64' };
    case 'float': return { ...base, type: 'FLOAT' };
    case 'double': return { ...base, type: 'DOUBLE' };
    case 'string': case 'varchar': case 'char': return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'binary': return { ...base, type: 'BYTE_ARRAY' };
    case 'date': return { ...base, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'timestamp': return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MICROS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' } };
    case 'decimal': {
      const dec = { converted_type: 'DECIMAL', precision: t.precision, scale: t.scale, logical_type: { type: 'DECIMAL', precision: t.precision, scale: t.scale } };
      if (t.precision <= 9) return { ...base, ...dec, type: 'INT32' };
      if (t.precision <= 18) return { ...base, ...dec, type: 'INT64' };
      // Bytes needed for 10^precision in two's complement, as Hive and Spark size them.
      const bytes = Math.ceil((Math.log2(10) * t.precision + 1) / 8);
      return { ...base, ...dec, type: 'FIXED_LEN_BYTE_ARRAY', type_length: bytes };
    }
    default:
      throw new SluiceError('unsupported', `unsupported: writing ${t.id} columns to Parquet (column ${c.name})`);
  }
}

/** Writes a vector's n values into out from `at`, as hyparquet-writer takes them (nulls
 *  as null). */
function putValues(t: DataType, values: ArrayLike<unknown>, nulls: Uint8Array | null, n: number, out: unknown[], at: number): void {
  for (let i = 0; i < n; i++) {
    if (nulls && nulls[i]) { out[at + i] = null; continue; }
    const v = values[i];
    switch (t.id) {
      case 'boolean': out[at + i] = v === 1; break;
      case 'bigint': case 'decimal': out[at + i] = BigInt(v as number); break;
      case 'timestamp': out[at + i] = BigInt(v as number) * 1000n; break;
      case 'binary': out[at + i] = Buffer.from(v as string, 'latin1'); break;
      default: out[at + i] = v;
    }
  }
}

const COMPRESSORS = {
  GZIP: (b: Uint8Array) => gzipSync(b),
  LZ4_RAW: (b: Uint8Array) => lz4.compressSync(Buffer.from(b.buffer, b.byteOffset, b.byteLength)).subarray(4),
};

export class ParquetFileWriter {
  private readonly writer: ParquetWriter;
  private pending: Batch[] = [];
  private pendingRows = 0;
  private readonly codec: string;

  constructor(path: string, private readonly columns: Column[], private readonly options: ParquetWriterOptions) {
    const schema = [{ name: 'hive_schema', num_children: columns.length }, ...columns.map(schemaElement)];
    this.codec = options.compression === 'NONE' ? 'UNCOMPRESSED' : options.compression === 'LZ4' ? 'LZ4_RAW' : options.compression;
    if (!['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZ4_RAW'].includes(this.codec)) {
      throw new SluiceError('unsupported', `unsupported: parquet.compression=${options.compression} (use UNCOMPRESSED, SNAPPY, GZIP or LZ4)`);
    }
    this.writer = new ParquetWriter({ writer: fileWriter(path), schema: schema as never, codec: this.codec as never, compressors: COMPRESSORS as never, createdBy: 'Sluice' });
  }

  write(b: Batch): void {
    if (b.length === 0) return;
    this.pending.push(b);
    this.pendingRows += b.length;
    if (this.pendingRows >= this.options.rowGroupRows) this.flush();
  }

  private flush(): void {
    if (this.pendingRows === 0) return;
    const n = this.pendingRows;
    const columnData = this.columns.map((c, ci) => {
      const data = new Array<unknown>(n);
      let at = 0;
      for (const b of this.pending) {
        const v = b.columns[ci];
        putValues(c.type, v.values as ArrayLike<unknown>, v.nulls, b.length, data, at);
        at += b.length;
      }
      return { name: c.name, data };
    });
    this.writer.write({ columnData: columnData as never, rowGroupSize: Math.min(n, this.options.rowGroupRows) });
    this.pending = [];
    this.pendingRows = 0;
  }

  close(): void {
    this.flush();
    this.writer.finish();
  }

  /** Nothing is held open between row groups; the staged file is removed by the caller. */
  abort(): void { this.pending = []; this.pendingRows = 0; }
}
