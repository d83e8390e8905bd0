// Owns the spill files of one task: creates them under the task's directory, counts the
// bytes spilled, and deletes every file on close (after success or failure alike).
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataType } from '../../types/dataType.js';
import { BatchFileReader, BatchFileWriter } from '../../shuffle/batchFile.js';

export interface SpillMetrics { bytesSpilled: number; filesSpilled: number; rowsSpilled: number }

export class SpillManager {
  private readonly files = new Set<string>();
  private seq = 0;
  private made = false;
  readonly metrics: SpillMetrics = { bytesSpilled: 0, filesSpilled: 0, rowsSpilled: 0 };

  constructor(private readonly dir: string, private readonly compress: boolean) {}

  /** A new spill file; close() the writer before reading it. */
  create(types: DataType[], what: string): SpillFile {
    if (!this.made) { mkdirSync(this.dir, { recursive: true }); this.made = true; }
    const path = join(this.dir, `${what}-${++this.seq}.arrow`);
    this.files.add(path);
    return new SpillFile(path, types, new BatchFileWriter(path, types, this.compress), this);
  }

  /** Called by a SpillFile when its writer closes. */
  recordWritten(w: BatchFileWriter): void {
    this.metrics.bytesSpilled += w.bytes;
    this.metrics.filesSpilled++;
    this.metrics.rowsSpilled += w.rows;
  }

  delete(path: string): void {
    if (this.files.delete(path)) rmSync(path, { force: true });
  }

  close(): void {
    for (const f of this.files) rmSync(f, { force: true });
    this.files.clear();
    if (this.made) rmSync(this.dir, { recursive: true, force: true });
  }
}

export class SpillFile {
  private closed = false;
  constructor(readonly path: string, readonly types: DataType[], readonly writer: BatchFileWriter, private readonly owner: SpillManager) {}
  get rows(): number { return this.writer.rows; }
  finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.close();
    this.owner.recordWritten(this.writer);
  }
  /** Deletes the file unread (a partition with no rows, or an operator closed early). */
  discard(): void {
    if (!this.closed) { this.closed = true; this.writer.close(); }
    this.owner.delete(this.path);
  }

  /** Reads the file back; it is deleted once the reader is exhausted or closed. */
  open(): BatchFileReader & { close(): void } {
    this.finish();
    const r = new BatchFileReader(this.path, this.types);
    const close = r.close.bind(r);
    r.close = () => { close(); this.owner.delete(this.path); };
    return r;
  }
}

/** What an operator may use, and where it spills. */
export interface MemoryGrant {
  /** Bytes of managed memory the operator may hold. */
  bytes: number;
  spill: SpillManager;
}
