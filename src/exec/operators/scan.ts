// Scans a table's files in any storage format, appending partition values as constant
// columns. Each file is read whole here (formats can also divide files into splits, for
// parallel scans); the format's reader skips data the scan predicates rule out.
import { DataType } from '../../types/dataType.js';
import { Batch, constantVector } from '../vector.js';
import { Operator } from './operator.js';
import { BatchReader, InputSplit, StorageFormat, TableColumn, wholeFile } from '../../formats/storageFormat.js';
import { ScanPredicate } from '../../formats/scanPredicate.js';

export interface ScanFile {
  path: string;
  /** Physical values of the partition columns for rows of this file. */
  partitionValues: unknown[];
  /** The part of the file to read; absent: all of it. */
  split?: InputSplit;
}

export interface ScanSpec {
  files: ScanFile[];
  /** The table's data columns. */
  columns: TableColumn[];
  /** Indexes into the data columns to read, in output order. */
  dataProjection: number[];
  partitionTypes: DataType[];
  /** Indexes into the partition columns to append after the data columns. */
  partitionProjection: number[];
  format: StorageFormat;
  serdeParams: Record<string, string>;
  /** Conjuncts over data column indexes that readers may use to skip data. */
  predicates: ScanPredicate[];
}

export class TableScan implements Operator {
  readonly types: DataType[];
  private fileIdx = 0;
  private reader: BatchReader | null = null;

  constructor(private readonly spec: ScanSpec) {
    this.types = [...spec.dataProjection.map((i) => spec.columns[i].type), ...spec.partitionProjection.map((i) => spec.partitionTypes[i])];
  }

  next(): Batch | null {
    const spec = this.spec;
    for (;;) {
      if (!this.reader) {
        if (this.fileIdx >= spec.files.length) return null;
        const f = spec.files[this.fileIdx++];
        this.reader = spec.format.open(f.split ?? wholeFile(f.path), {
          columns: spec.columns, projection: spec.dataProjection, predicates: spec.predicates, serdeParams: spec.serdeParams,
        });
      }
      const b = this.reader.next();
      if (b) {
        if (spec.partitionProjection.length === 0) return b;
        const f = spec.files[this.fileIdx - 1];
        const parts = spec.partitionProjection.map((i) => constantVector(spec.partitionTypes[i], f.partitionValues[i], b.length));
        return { columns: [...b.columns, ...parts], length: b.length };
      }
      this.reader.close();
      this.reader = null;
    }
  }

  close(): void {
    this.reader?.close();
    this.reader = null;
    this.fileIdx = this.spec.files.length;
  }
}
