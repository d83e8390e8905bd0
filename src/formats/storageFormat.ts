// Hive's storage formats as the metastore records them (SerDe, InputFormat and
// OutputFormat class names) and what the engine does with each: open a reader for a
// table's columns in one file split, create a writer for an INSERT's file, list splits.
// ORC and Parquet files map to table columns by name (case-insensitive) as Hive does,
// by position when the file only has Hive's _colN names; a column a file lacks is NULL.
import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { DataType, typesEqual } from '../types/dataType.js';
import { Batch, Vector, constantVector } from '../exec/vector.js';
import { compileExpr } from '../exec/exprCompiler.js';
import { ScanPredicate } from './scanPredicate.js';
import {
  SERDE_LAZY_SIMPLE, TEXT_INPUT_FORMAT, TEXT_OUTPUT_FORMAT, TextFileReader, formatTextLines, textFormatOf,
} from './text/lazySimpleSerDe.js';
import { OrcFile } from './orc/orcReader.js';
import { OrcFileWriter, DEFAULT_ORC_OPTIONS } from './orc/orcWriter.js';
import { compressionCode } from './orc/compression.js';
import { ParquetFile } from './parquet/parquetReader.js';
import { ParquetFileWriter } from './parquet/parquetWriter.js';
import { SluiceError } from '../errors.js';

export const ORC_SERDE = 'org.apache.hadoop.hive.ql.io.orc.OrcSerde';
export const ORC_INPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.orc.OrcInputFormat';
export const ORC_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat';
export const PARQUET_SERDE = 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe';
export const PARQUET_INPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat';
export const PARQUET_OUTPUT_FORMAT = 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat';

export interface TableColumn { name: string; type: DataType }

/** A part of a file one scan task reads: a whole text file, ORC stripes whose start
 *  offsets fall in [start, end) (with `rows`, only those rows [from, to) of that one
 *  stripe, on row-group boundaries), or Parquet row groups by index. */
export interface InputSplit { path: string; start: number; end: number; rowGroups?: number[]; rows?: [number, number] }

export interface ReadSpec {
  /** All data columns of the table, in order. */
  columns: TableColumn[];
  /** Which of them to produce, in output order. */
  projection: number[];
  /** Conjuncts over table data column indexes, for skipping data. */
  predicates: ScanPredicate[];
  serdeParams: Record<string, string>;
}

export interface BatchReader { next(): Batch | null; close(): void }

export interface FileWriter { write(b: Batch): void; close(): void; abort?(): void }

export interface StorageFormat {
  readonly name: 'TEXTFILE' | 'ORC' | 'PARQUET';
  readonly serde: string;
  readonly inputFormat: string;
  readonly outputFormat: string;
  /** The file's splits; `pieces` > 1 asks to divide each stripe (ORC) into about that
   *  many row ranges, for a scan of fewer files than subtasks. */
  splits(path: string, pieces?: number): InputSplit[];
  /** Rows in a file from its footer, for formats that record them. */
  rowCount?(path: string): number;
  open(split: InputSplit, spec: ReadSpec): BatchReader;
  /** A writer of the table's data columns; `props` are table properties and session settings. */
  create(path: string, columns: TableColumn[], serdeParams: Record<string, string>, props: (key: string) => string | undefined): FileWriter;
}

/** The format a table's storage descriptor names; reading accepts any of the class names.
 *  `use` names what was being done to which table, for the error. */
export function formatOfStorage(sd: { serde: { lib: string }; inputFormat: string }, use?: { action: 'reading' | 'writing'; table: string }): StorageFormat {
  const lib = sd.serde.lib, input = sd.inputFormat;
  if (lib === ORC_SERDE || input === ORC_INPUT_FORMAT) return ORC;
  if (lib === PARQUET_SERDE || input === PARQUET_INPUT_FORMAT || /parquet/i.test(lib)) return PARQUET;
  if (lib === SERDE_LAZY_SIMPLE || input === TEXT_INPUT_FORMAT) return TEXTFILE;
  const where = use ? ` (table ${use.table})` : ` (InputFormat ${input})`;
  throw new SluiceError('unsupported', `unsupported: ${use?.action ?? 'using'} tables with SerDe ${lib}${where}`);
}

/** The format for STORED AS name; null for names Hive knows but Sluice does not write. */
export function formatByName(name: string): StorageFormat | null {
  switch (name.toUpperCase()) {
    case 'TEXTFILE': return TEXTFILE;
    case 'ORC': case 'ORCFILE': return ORC;
    case 'PARQUET': case 'PARQUETFILE': return PARQUET;
    default: return null;
  }
}

/** For each wanted table column, the file column that holds it (or -1). */
function mapColumns(fileNames: string[], spec: ReadSpec): number[] {
  const positional = fileNames.every((n, i) => n.toLowerCase() === `_col${i}`);
  const byName = new Map(fileNames.map((n, i) => [n.toLowerCase(), i]));
  return spec.projection.map((c) => {
    if (positional) return c < fileNames.length ? c : -1;
    return byName.get(spec.columns[c].name.toLowerCase()) ?? -1;
  });
}

/** Adapts a columnar file reader to the table's columns: missing columns become NULL,
 *  differing types are converted with the engine's casts. */
class MappedReader implements BatchReader {
  private readonly converters: (((b: Batch) => Vector) | null)[];
  constructor(
    private readonly inner: { next(): Batch | null },
    private readonly close_: () => void,
    private readonly slots: number[],
    fileTypes: DataType[],
    private readonly types: DataType[],
  ) {
    let k = 0;
    this.converters = slots.map((s, i) => {
      if (s < 0) return null;
      const pos = k++;
      const from = fileTypes[pos], to = types[i];
      if (typesEqual(from, to)) return (b: Batch) => b.columns[pos];
      const f = compileExpr({ k: 'cast', arg: { k: 'col', id: 1, type: from }, type: to }, new Map([[1, pos]]));
      return f;
    });
  }
  next(): Batch | null {
    const b = this.inner.next();
    if (!b) return null;
    return { columns: this.converters.map((f, i) => (f ? f(b) : constantVector(this.types[i], null, b.length))), length: b.length };
  }
  close(): void { this.close_(); }
}

/** Uncompressed text files larger than this are read as several splits. */
export const TEXT_SPLIT_BYTES = 8 << 20;

export const wholeFile = (path: string): InputSplit => ({ path, start: 0, end: Number.MAX_SAFE_INTEGER });
const isEmpty = (path: string) => statSync(path).size === 0;
const EMPTY: BatchReader = { next: () => null, close() {} };

/** Runs f on an open file and closes it. */
function using<F extends { close(): void }, T>(file: F, f: (file: F) => T): T {
  try { return f(file); } finally { file.close(); }
}

/** A reader of a columnar file's split as the table's columns: maps them onto the file's,
 *  keeps the predicates whose file column has the table's type, and casts what differs. */
function columnarReader(
  spec: ReadSpec, fileFields: TableColumn[], close: () => void,
  read: (columns: number[], predicates: ScanPredicate[], wanted: DataType[]) => { next(): Batch | null; types: DataType[] },
): BatchReader {
  try {
    const names = fileFields.map((f) => f.name);
    const slots = mapColumns(names, spec);
    const wanted = spec.projection.map((c) => spec.columns[c].type);
    const predicates = spec.predicates.flatMap((p) => {
      const fileCol = mapColumns(names, { ...spec, projection: [p.column] })[0];
      return fileCol >= 0 && typesEqual(fileFields[fileCol].type, spec.columns[p.column].type) ? [{ ...p, column: fileCol }] : [];
    });
    const rows = read(slots.filter((s) => s >= 0), predicates, wanted.filter((_, i) => slots[i] >= 0));
    return new MappedReader(rows, close, slots, rows.types, wanted);
  } catch (e) { close(); throw e; }
}

const TEXTFILE: StorageFormat = {
  name: 'TEXTFILE', serde: SERDE_LAZY_SIMPLE, inputFormat: TEXT_INPUT_FORMAT, outputFormat: TEXT_OUTPUT_FORMAT,
  // Uncompressed files split by byte ranges (as Hadoop's TextInputFormat); .gz files whole.
  splits: (path) => {
    const size = statSync(path).size;
    if (path.endsWith('.gz') || size <= TEXT_SPLIT_BYTES) return [wholeFile(path)];
    const out: InputSplit[] = [];
    for (let s = 0; s < size; s += TEXT_SPLIT_BYTES) out.push({ path, start: s, end: Math.min(size, s + TEXT_SPLIT_BYTES) });
    return out;
  },
  open(split, spec) {
    const range = split.path.endsWith('.gz') ? undefined : { start: split.start, end: split.end };
    return new TextFileReader(split.path, spec.columns.map((c) => c.type), spec.projection, textFormatOf(spec.serdeParams), range);
  },
  create(path, _columns, serdeParams) {
    const format = textFormatOf(serdeParams);
    writeFileSync(path, '');
    let text = '';
    return {
      write(b) {
        text += formatTextLines(b, format);
        if (text.length >= 4 << 20) { appendFileSync(path, text); text = ''; }
      },
      close() { if (text) appendFileSync(path, text); text = ''; },
    };
  },
};

/** A stripe is divided into pieces of at least this many row groups (orc.row.index.stride
 *  rows each): each piece reads the stripe's footer and row index again. */
const MIN_GROUPS_PER_PIECE = 2;

const ORC: StorageFormat = {
  name: 'ORC', serde: ORC_SERDE, inputFormat: ORC_INPUT_FORMAT, outputFormat: ORC_OUTPUT_FORMAT,
  // One split per stripe: parallel scans divide a large file by stripes, and a stripe by
  // row groups when there are fewer stripes than subtasks (a dimension table written as one
  // file of one stripe would otherwise be scanned by one subtask while the others wait).
  splits: (path, pieces = 1) => using(OrcFile.open(path), ({ stripes, footer }) => {
    const stride = footer.rowIndexStride ?? 0;
    if (stripes.length <= 1 && (pieces <= 1 || stride <= 0)) return [wholeFile(path)];
    return stripes.flatMap((s, i) => {
      const split = { path, start: s.offset, end: i + 1 < stripes.length ? stripes[i + 1].offset : Number.MAX_SAFE_INTEGER };
      const groups = stride > 0 ? Math.ceil(s.numberOfRows / stride) : 0;
      const parts = Math.min(Math.ceil(pieces / stripes.length), Math.floor(groups / MIN_GROUPS_PER_PIECE));
      if (parts <= 1) return [split];
      return Array.from({ length: parts }, (_, k): InputSplit => ({
        ...split, rows: [Math.floor((groups * k) / parts) * stride, Math.min(s.numberOfRows, Math.floor((groups * (k + 1)) / parts) * stride)],
      }));
    });
  }),
  rowCount: (path) => { const f = OrcFile.openUnlessEmpty(path); return f ? using(f, (x) => x.numberOfRows) : 0; },
  open(split, spec) {
    const file = OrcFile.openUnlessEmpty(split.path);
    if (!file) return EMPTY; // Hive writes empty files for empty buckets
    const whole = split.start === 0 && split.end === Number.MAX_SAFE_INTEGER && !split.rows;
    return columnarReader(spec, file.fields.map((f) => ({ name: f.name, type: f.column.type })), () => file.close(),
      (columns, predicates) => file.rows({ columns, predicates, split: whole ? undefined : split }));
  },
  create(path, columns, _serdeParams, props) {
    const num = (k: string, d: number) => { const v = props(k); return v === undefined ? d : Number(v); };
    return new OrcFileWriter(path, columns.map((c) => c.name), columns.map((c) => c.type), {
      compression: compressionCode(props('orc.compress') ?? 'ZLIB'),
      compressionBlockSize: num('orc.compress.size', DEFAULT_ORC_OPTIONS.compressionBlockSize),
      stripeSize: num('orc.stripe.size', DEFAULT_ORC_OPTIONS.stripeSize),
      rowIndexStride: num('orc.row.index.stride', DEFAULT_ORC_OPTIONS.rowIndexStride),
      dictionaryKeyThreshold: num('orc.dictionary.key.threshold', DEFAULT_ORC_OPTIONS.dictionaryKeyThreshold),
      bloomFilterColumns: new Set((props('orc.bloom.filter.columns') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)),
      bloomFilterFpp: num('orc.bloom.filter.fpp', DEFAULT_ORC_OPTIONS.bloomFilterFpp),
    });
  },
};

const PARQUET: StorageFormat = {
  name: 'PARQUET', serde: PARQUET_SERDE, inputFormat: PARQUET_INPUT_FORMAT, outputFormat: PARQUET_OUTPUT_FORMAT,
  splits: (path) => using(ParquetFile.open(path), ({ rowGroups }) => (rowGroups.length <= 1 ? [wholeFile(path)]
    : rowGroups.map((_, i) => ({ ...wholeFile(path), rowGroups: [i] })))),
  rowCount: (path) => (isEmpty(path) ? 0 : using(ParquetFile.open(path), (f) => f.numberOfRows)),
  open(split, spec) {
    if (isEmpty(split.path)) return EMPTY;
    const file = ParquetFile.open(split.path);
    // Strings written without annotation (Impala) read as text when the table says so.
    return columnarReader(spec, file.fields, () => file.close(),
      (columns, predicates, decodeAs) => file.rows({ columns, predicates, rowGroups: split.rowGroups, decodeAs }));
  },
  create(path, columns, _serdeParams, props) {
    return new ParquetFileWriter(path, columns, {
      compression: (props('parquet.compression') ?? 'SNAPPY').toUpperCase(),
      rowGroupRows: Number(props('parquet.block.rows') ?? 1_000_000),
    });
  },
};
