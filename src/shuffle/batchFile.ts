// Shuffle and spill files: one Arrow IPC stream per file (schema message, record batch
// messages, end-of-stream marker), bodies optionally LZ4_FRAME-compressed as the Arrow
// format defines, so pyarrow, arrow-rs or apache-arrow's JS reader open them as they are.
// See docs/runtime.md. Files are written a batch at a time and read back lazily, so
// neither side holds a whole file in memory.
import * as A from 'apache-arrow';
import { closeSync, openSync, readSync, writeSync, fstatSync } from 'node:fs';
import { compressFrame, decompressFrame } from './lz4Frame.js';
import { DataType } from '../types/dataType.js';
import { Batch, concatBatches } from '../exec/vector.js';
import { arrowSchema, dictionaryColumns, fromRecordBatch, toRecordBatch } from './arrowBatches.js';
import { batchBytes } from '../exec/batchBytes.js';

A.compressionRegistry.set(A.CompressionType.LZ4_FRAME, { encode: compressFrame, decode: decompressFrame });

const EOS = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** Rows a record batch of a file gathers before it is written (fewer at the end), unless
 *  FILE_BATCH_BYTES come first. A string column is dictionary-encoded when the file's
 *  first batch holds at most half as many distinct values as rows: in 4,096-row batches
 *  q23's item descriptions (18,000 distinct) were not, and went out as plain strings at
 *  twice the compressed bytes. Larger batches also compress better in LZ4's 64 KB window. */
export const FILE_BATCH_ROWS = 32 * 1024;
/** Bytes in memory a pending batch may reach, so that wide rows stay bounded. */
const FILE_BATCH_BYTES = 4 << 20;

/** Thrown when a shuffle or spill file is missing or unreadable; the runtime treats the
 *  producing task's result as lost. */
export class BatchFileError extends Error {
  constructor(readonly path: string, problem: string) { super(`shuffle file ${path}: ${problem}`); }
}

/** Writes a file's later batches: the schema message is at the file's start already, and
 *  encoding it again for every batch (as a fresh stream writer does) cost more than
 *  encoding the batch's own message. */
class LaterBatchWriter extends A.RecordBatchStreamWriter {
  protected override _writeSchema(): this { return this; }
}

export class BatchFileWriter {
  private readonly fd: number;
  /** Made with the first batch, which decides the dictionary-encoded columns. */
  private schema: A.Schema | null = null;
  private wroteSchema = false;
  /** Bytes written to the file so far. */
  bytes = 0;
  /** Bytes the batches take uncompressed in memory (for the compression ratio). */
  rawBytes = 0;
  rows = 0;

  constructor(readonly path: string, private readonly types: DataType[], private readonly compress: boolean) {
    this.fd = openSync(path, 'w');
  }

  /** Small batches wait here until they make a full one: a record batch costs a message,
   *  an LZ4 frame per buffer and a write call whatever its size, and operators such as a
   *  selective join emit batches of a few rows (q24's hash exchange wrote 1,400 batches of
   *  ~80 rows). */
  private pending: Batch[] = [];
  private pendingRows = 0;
  private pendingBytes = 0;

  write(b: Batch): void {
    if (b.length === 0) return;
    this.rows += b.length;
    const bytes = batchBytes(b);
    this.rawBytes += bytes;
    if (this.pendingRows === 0 && (b.length >= FILE_BATCH_ROWS || bytes >= FILE_BATCH_BYTES)) { this.writeBatch(b); return; }
    this.pending.push(b);
    this.pendingRows += b.length;
    this.pendingBytes += bytes;
    if (this.pendingRows >= FILE_BATCH_ROWS || this.pendingBytes >= FILE_BATCH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pendingRows === 0) return;
    const b = this.pending.length === 1 ? this.pending[0] : concatBatches(this.types, this.pending);
    this.pending = [];
    this.pendingRows = 0;
    this.pendingBytes = 0;
    this.writeBatch(b);
  }

  private writeBatch(b: Batch): void {
    const options = { compressionType: this.compress ? A.CompressionType.LZ4_FRAME : null };
    const w = this.wroteSchema ? new LaterBatchWriter(options) : new A.RecordBatchStreamWriter(options);
    this.schema ??= arrowSchema(this.types, dictionaryColumns(b));
    w.write(toRecordBatch(b, this.schema));
    w.finish();
    const chunk = w.toUint8Array(true);
    // The chunk is a stream of its own: (schema message,) dictionary and batch messages,
    // EOS. The EOS goes only at the end of the file.
    this.put(chunk.subarray(0, chunk.length - EOS.length));
    this.wroteSchema = true;
  }

  private put(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
    this.bytes += bytes.length;
  }

  /** Ends the stream; a file with no batches still holds the schema. */
  close(): void {
    this.flush();
    if (!this.wroteSchema) {
      const w = new A.RecordBatchStreamWriter();
      w.reset(undefined, arrowSchema(this.types));
      w.finish();
      const chunk = w.toUint8Array(true);
      this.put(chunk.subarray(0, chunk.length - EOS.length));
      this.wroteSchema = true;
    }
    this.put(EOS);
    closeSync(this.fd);
  }
}

/** Reads a file written by BatchFileWriter, a batch at a time. */
export class BatchFileReader {
  private readonly fd: number;
  private readonly batches: Iterator<A.RecordBatch>;
  private closed = false;
  /** Bytes in the file. */
  readonly size: number;

  constructor(readonly path: string, private readonly types: DataType[]) {
    try { this.fd = openSync(path, 'r'); } catch (e) { throw new BatchFileError(path, (e as Error).message); }
    const fd = this.fd;
    const size = this.size = fstatSync(fd).size;
    function* chunks(): Generator<Uint8Array> {
      let pos = 0;
      while (pos < size) {
        const buf = new Uint8Array(Math.min(1 << 20, size - pos));
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n <= 0) return;
        pos += n;
        yield buf.subarray(0, n);
      }
    }
    try {
      const reader = A.RecordBatchReader.from(chunks() as Iterable<Uint8Array>) as A.RecordBatchStreamReader;
      this.batches = reader[Symbol.iterator]();
    } catch (e) {
      this.close();
      throw new BatchFileError(path, `not an Arrow IPC stream (${(e as Error).message})`);
    }
  }

  next(): Batch | null {
    if (this.closed) return null;
    let r: IteratorResult<A.RecordBatch>;
    try { r = this.batches.next(); } catch (e) {
      this.close();
      throw new BatchFileError(this.path, `corrupt (${(e as Error).message})`);
    }
    if (r.done) { this.close(); return null; }
    if (r.value.numCols !== this.types.length) throw new BatchFileError(this.path, `has ${r.value.numCols} columns, expected ${this.types.length}`);
    return fromRecordBatch(r.value, this.types);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}
