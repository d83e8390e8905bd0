// Scans a table's files (text for now), appending partition values as constant columns.
import { DataType } from '../../types/dataType.js';
import { Batch, constantVector } from '../vector.js';
import { Operator } from './operator.js';
import { TextFileReader, TextFormat } from '../../formats/text/lazySimpleSerDe.js';

export interface ScanFile {
  path: string;
  /** Physical values of the partition columns for rows of this file. */
  partitionValues: unknown[];
}

export interface ScanSpec {
  files: ScanFile[];
  dataTypes: DataType[];
  /** Indexes into the data columns to read, in output order. */
  dataProjection: number[];
  partitionTypes: DataType[];
  /** Indexes into the partition columns to append after the data columns. */
  partitionProjection: number[];
  format: TextFormat;
}

export class TableScan implements Operator {
  readonly types: DataType[];
  private fileIdx = 0;
  private reader: TextFileReader | null = null;

  constructor(private readonly spec: ScanSpec) {
    this.types = [...spec.dataProjection.map((i) => spec.dataTypes[i]), ...spec.partitionProjection.map((i) => spec.partitionTypes[i])];
  }

  next(): Batch | null {
    for (;;) {
      if (!this.reader) {
        if (this.fileIdx >= this.spec.files.length) return null;
        const f = this.spec.files[this.fileIdx];
        this.reader = new TextFileReader(f.path, this.spec.dataTypes, this.spec.dataProjection, this.spec.format);
      }
      const b = this.reader.next();
      if (b) {
        if (this.spec.partitionProjection.length === 0) return b;
        const f = this.spec.files[this.fileIdx];
        const parts = this.spec.partitionProjection.map((i) => constantVector(this.spec.partitionTypes[i], f.partitionValues[i], b.length));
        return { columns: [...b.columns, ...parts], length: b.length };
      }
      this.reader = null;
      this.fileIdx++;
    }
  }

  close(): void {
    this.reader?.close();
    this.reader = null;
    this.fileIdx = this.spec.files.length;
  }
}
