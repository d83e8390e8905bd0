// Writes an INSERT's rows into a staging directory hidden from readers (its name starts
// with '.'), one directory per partition for dynamic partitions, files named as Hive's
// tasks name them (000000_0), in the table's storage format. Nothing outside the staging
// directory changes here.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Batch, gatherBatch, getValue } from '../exec/vector.js';
import { FileWriter, StorageFormat, TableColumn } from '../formats/storageFormat.js';
import { formatValue } from '../types/values.js';
import { partitionName, partitionValueText } from './partitionPath.js';
import { executionError } from '../errors.js';

/** How a staged file is written: the table's format, columns and properties. */
export interface StagedFormat {
  format: StorageFormat;
  columns: TableColumn[];
  serdeParams: Record<string, string>;
  props: (key: string) => string | undefined;
}

export interface StagedOutput {
  /** Full partition values (static and dynamic) → staged directory; key '' for an unpartitioned table. */
  dirs: Map<string, { values: string[]; dir: string; rows: number }>;
}

export class StagingWriter {
  private readonly buffers = new Map<string, { values: string[]; dir: string; writer: FileWriter; rows: number }>();
  /** Partitions already written and closed (input sorted by partition). */
  private readonly closed = new Map<string, { values: string[]; dir: string; rows: number }>();

  /**
   * @param staticValues values of the leading static partition keys
   * @param dynamicCount how many trailing columns of each batch are dynamic partition values
   */
  constructor(
    private readonly stagingDir: string,
    private readonly partitionKeys: string[],
    private readonly staticValues: string[],
    private readonly dynamicCount: number,
    private readonly format: StagedFormat,
    private readonly maxDynamicPartitions: number,
    /** Rows arrive grouped by partition: a partition's file closes when the next begins. */
    private readonly sortedByPartition = false,
  ) {
    mkdirSync(stagingDir, { recursive: true });
    if (dynamicCount === 0) this.target(staticValues);
  }

  private target(values: string[]) {
    const key = values.join('\u0001');
    let t = this.buffers.get(key);
    if (!t) {
      if (this.closed.has(key)) throw executionError(`rows of partition ${partitionName(this.partitionKeys, values)} arrived after the partition was closed (input not sorted by partition)`);
      if (this.sortedByPartition) this.closeOpen();
      if (this.dynamicCount > 0 && this.buffers.size + this.closed.size >= this.maxDynamicPartitions) {
        throw executionError(`Number of dynamic partitions created is more than ${this.maxDynamicPartitions}; set hive.exec.max.dynamic.partitions to at least the number needed`);
      }
      const dir = this.partitionKeys.length ? join(this.stagingDir, partitionName(this.partitionKeys, values)) : this.stagingDir;
      mkdirSync(dir, { recursive: true });
      const f = this.format;
      const writer = f.format.create(join(dir, '000000_0'), f.columns, f.serdeParams, f.props);
      t = { values, dir, writer, rows: 0 };
      this.buffers.set(key, t);
    }
    return t;
  }

  write(b: Batch): void {
    if (b.length === 0) return;
    const nData = b.columns.length - this.dynamicCount;
    if (this.dynamicCount === 0) {
      this.append(this.target(this.staticValues), b);
      return;
    }
    // Group rows by their dynamic partition values: each column's text is made once per
    // batch, then rows are keyed by concatenating them.
    const dynTexts = b.columns.slice(nData).map((c) => {
      const texts = new Array<string>(b.length);
      for (let i = 0; i < b.length; i++) {
        const v = getValue(c, i);
        texts[i] = partitionValueText(v === null ? null : formatValue(v, c.type));
      }
      return texts;
    });
    const groups = new Map<string, number[]>();
    for (let i = 0; i < b.length; i++) {
      let key = dynTexts[0][i];
      for (let c = 1; c < dynTexts.length; c++) key += '\u0001' + dynTexts[c][i];
      let g = groups.get(key);
      if (!g) { g = []; groups.set(key, g); }
      g.push(i);
    }
    const data: Batch = { columns: b.columns.slice(0, nData), length: b.length };
    for (const rows of groups.values()) {
      const t = this.target([...this.staticValues, ...dynTexts.map((texts) => texts[rows[0]])]);
      this.append(t, gatherBatch(data, Int32Array.from(rows)));
    }
  }

  private append(t: { writer: FileWriter; rows: number }, b: Batch): void {
    t.writer.write(b);
    t.rows += b.length;
  }

  private closeOpen(): void {
    for (const [key, t] of this.buffers) {
      t.writer.close();
      this.closed.set(key, { values: t.values, dir: t.dir, rows: t.rows });
    }
    this.buffers.clear();
  }

  finish(): StagedOutput {
    this.closeOpen();
    const dirs = new Map(this.closed);
    this.closed.clear();
    return { dirs };
  }

  /** Releases open files after a failure; the caller removes the staging directory. */
  abort(): void {
    for (const t of this.buffers.values()) t.writer.abort?.();
    this.buffers.clear();
  }
}
