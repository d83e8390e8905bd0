// The protobuf messages of an ORC file's tail, stripe footers and indexes, as the ORC v1
// specification defines them (orc_proto.proto), decoded with protobufjs. 64-bit integers
// decode to JS numbers (statistics and offsets; exact below 2^53); bloom filter bitsets,
// which need all 64 bits, are read by decodeBloomFilterIndex with the raw reader.
import protobuf from 'protobufjs';

// Without Long support protobufjs decodes 64-bit fields as numbers, which is what every
// consumer here wants; it also keeps bundled and unbundled runs behaving alike.
(protobuf.util as { Long?: unknown }).Long = undefined;
protobuf.configure();

const SCHEMA = `
syntax = "proto2";
package orc.proto;
message IntegerStatistics { optional sint64 minimum = 1; optional sint64 maximum = 2; optional sint64 sum = 3; }
message DoubleStatistics { optional double minimum = 1; optional double maximum = 2; optional double sum = 3; }
message StringStatistics { optional string minimum = 1; optional string maximum = 2; optional sint64 sum = 3; optional string lowerBound = 4; optional string upperBound = 5; }
message BucketStatistics { repeated uint64 count = 1 [packed = true]; }
message DecimalStatistics { optional string minimum = 1; optional string maximum = 2; optional string sum = 3; }
message DateStatistics { optional sint32 minimum = 1; optional sint32 maximum = 2; }
message TimestampStatistics { optional sint64 minimum = 1; optional sint64 maximum = 2; optional sint64 minimumUtc = 3; optional sint64 maximumUtc = 4; optional int32 minimumNanos = 5; optional int32 maximumNanos = 6; }
message BinaryStatistics { optional sint64 sum = 1; }
message CollectionStatistics { optional uint64 minChildren = 1; optional uint64 maxChildren = 2; optional uint64 totalChildren = 3; }
message ColumnStatistics {
  optional uint64 numberOfValues = 1;
  optional IntegerStatistics intStatistics = 2;
  optional DoubleStatistics doubleStatistics = 3;
  optional StringStatistics stringStatistics = 4;
  optional BucketStatistics bucketStatistics = 5;
  optional DecimalStatistics decimalStatistics = 6;
  optional DateStatistics dateStatistics = 7;
  optional BinaryStatistics binaryStatistics = 8;
  optional TimestampStatistics timestampStatistics = 9;
  optional bool hasNull = 10;
  optional CollectionStatistics collectionStatistics = 12;
}
message RowIndexEntry { repeated uint64 positions = 1 [packed = true]; optional ColumnStatistics statistics = 2; }
message RowIndex { repeated RowIndexEntry entry = 1; }
message Stream { optional uint32 kind = 1; optional uint32 column = 2; optional uint64 length = 3; }
message ColumnEncoding { optional uint32 kind = 1; optional uint32 dictionarySize = 2; optional uint32 bloomEncoding = 3; }
message StripeFooter { repeated Stream streams = 1; repeated ColumnEncoding columns = 2; optional string writerTimezone = 3; }
message StringPair { optional string key = 1; optional string value = 2; }
message Type {
  optional uint32 kind = 1;
  repeated uint32 subtypes = 2 [packed = true];
  repeated string fieldNames = 3;
  optional uint32 maximumLength = 4;
  optional uint32 precision = 5;
  optional uint32 scale = 6;
  repeated StringPair attributes = 7;
}
message StripeInformation { optional uint64 offset = 1; optional uint64 indexLength = 2; optional uint64 dataLength = 3; optional uint64 footerLength = 4; optional uint64 numberOfRows = 5; }
message UserMetadataItem { optional string name = 1; optional bytes value = 2; }
message StripeStatistics { repeated ColumnStatistics colStats = 1; }
message Metadata { repeated StripeStatistics stripeStats = 1; }
message Footer {
  optional uint64 headerLength = 1;
  optional uint64 contentLength = 2;
  repeated StripeInformation stripes = 3;
  repeated Type types = 4;
  repeated UserMetadataItem metadata = 5;
  optional uint64 numberOfRows = 6;
  repeated ColumnStatistics statistics = 7;
  optional uint32 rowIndexStride = 8;
  optional uint32 writer = 9;
  optional uint32 calendar = 11;
  optional string softwareVersion = 12;
}
message PostScript {
  optional uint64 footerLength = 1;
  optional uint32 compression = 2;
  optional uint64 compressionBlockSize = 3;
  repeated uint32 version = 4 [packed = true];
  optional uint64 metadataLength = 5;
  optional uint32 writerVersion = 6;
  optional uint64 stripeStatisticsLength = 7;
  optional string magic = 8000;
}
`;

const root = protobuf.parse(SCHEMA, { keepCase: true }).root;
const type = (name: string) => root.lookupType(`orc.proto.${name}`);

// The footer as a reader decodes it: Footer without the file's column statistics (field 7,
// the largest part), which nothing reads; decoding skips them, and opening a file costs less.
{
  const footer = type('Footer');
  const reading = new protobuf.Type('FooterForReading');
  for (const f of footer.fieldsArray) if (f.name !== 'statistics') reading.add(new protobuf.Field(f.name, f.id, f.type, f.repeated ? 'repeated' : 'optional'));
  footer.parent!.add(reading);
  root.resolveAll();
}

export const StreamKind = {
  PRESENT: 0, DATA: 1, LENGTH: 2, DICTIONARY_DATA: 3, DICTIONARY_COUNT: 4, SECONDARY: 5, ROW_INDEX: 6, BLOOM_FILTER: 7, BLOOM_FILTER_UTF8: 8,
} as const;
export const EncodingKind = { DIRECT: 0, DICTIONARY: 1, DIRECT_V2: 2, DICTIONARY_V2: 3 } as const;
export const TypeKind = {
  BOOLEAN: 0, BYTE: 1, SHORT: 2, INT: 3, LONG: 4, FLOAT: 5, DOUBLE: 6, STRING: 7, BINARY: 8, TIMESTAMP: 9,
  LIST: 10, MAP: 11, STRUCT: 12, UNION: 13, DECIMAL: 14, DATE: 15, VARCHAR: 16, CHAR: 17, TIMESTAMP_INSTANT: 18,
} as const;
export const Compression = { NONE: 0, ZLIB: 1, SNAPPY: 2, LZO: 3, LZ4: 4, ZSTD: 5 } as const;
export const COMPRESSION_NAMES = ['NONE', 'ZLIB', 'SNAPPY', 'LZO', 'LZ4', 'ZSTD'];

export interface ColumnStatistics {
  numberOfValues?: number;
  intStatistics?: { minimum?: number; maximum?: number; sum?: number };
  doubleStatistics?: { minimum?: number; maximum?: number; sum?: number };
  stringStatistics?: { minimum?: string; maximum?: string; sum?: number; lowerBound?: string; upperBound?: string };
  bucketStatistics?: { count: number[] };
  decimalStatistics?: { minimum?: string; maximum?: string; sum?: string };
  dateStatistics?: { minimum?: number; maximum?: number };
  binaryStatistics?: { sum?: number };
  timestampStatistics?: { minimum?: number; maximum?: number; minimumUtc?: number; maximumUtc?: number; minimumNanos?: number; maximumNanos?: number };
  hasNull?: boolean;
  collectionStatistics?: { minChildren?: number; maxChildren?: number; totalChildren?: number };
}
export interface RowIndexEntry { positions: number[]; statistics?: ColumnStatistics }
export interface RowIndex { entry: RowIndexEntry[] }
export interface StreamInfo { kind: number; column: number; length: number }
export interface ColumnEncoding { kind: number; dictionarySize?: number; bloomEncoding?: number }
export interface StripeFooter { streams: StreamInfo[]; columns: ColumnEncoding[]; writerTimezone?: string }
export interface OrcType {
  kind: number; subtypes: number[]; fieldNames: string[]; maximumLength?: number; precision?: number; scale?: number;
  attributes: { key: string; value: string }[];
}
export interface StripeInformation { offset: number; indexLength: number; dataLength: number; footerLength: number; numberOfRows: number }
export interface Footer {
  headerLength: number; contentLength: number; stripes: StripeInformation[]; types: OrcType[];
  metadata: { name: string; value: Uint8Array }[]; numberOfRows: number; statistics: ColumnStatistics[];
  rowIndexStride?: number; writer?: number; softwareVersion?: string;
}
export interface PostScript {
  footerLength: number; compression: number; compressionBlockSize?: number; version: number[];
  metadataLength: number; writerVersion?: number; magic?: string;
}
export interface Metadata { stripeStats: { colStats: ColumnStatistics[] }[] }

const decoder = <T>(name: string) => {
  const t = type(name);
  return (bytes: Uint8Array): T => t.toObject(t.decode(bytes), { defaults: true, arrays: true, longs: Number }) as T;
};
/** The decoded message itself, without toObject's copy: its unset fields read their
 *  defaults from the message prototype, and unset repeated fields are empty arrays, which
 *  is what toObject's defaults and arrays options give. For the messages decoded once per
 *  file or stripe (a fact table's 1,955 partition files of 73 rows each spent a tenth of
 *  their scan copying them); readers must not mutate them. */
const messageDecoder = <T>(name: string) => {
  const t = type(name);
  return (bytes: Uint8Array): T => t.decode(bytes) as unknown as T;
};
const encoder = (name: string) => {
  const t = type(name);
  return (value: object): Uint8Array => {
    const err = t.verify(value);
    if (err) throw new Error(`internal: ORC ${name} ${err}`);
    return t.encode(t.fromObject(value)).finish();
  };
};

export const decodePostScript = messageDecoder<PostScript>('PostScript');
/** The footer without its column statistics (FooterForReading). */
export type ReadFooter = Omit<Footer, 'statistics'>;
export const decodeFooter = messageDecoder<ReadFooter>('FooterForReading');
export const decodeMetadata = decoder<Metadata>('Metadata');
export const decodeStripeFooter = messageDecoder<StripeFooter>('StripeFooter');
export const decodeRowIndex = decoder<RowIndex>('RowIndex');

export const encodePostScript = encoder('PostScript');
export const encodeFooter = encoder('Footer');
export const encodeMetadata = encoder('Metadata');
export const encodeStripeFooter = encoder('StripeFooter');
export const encodeRowIndex = encoder('RowIndex');

export interface BloomFilterProto { numHashFunctions: number; /** The bitset as 32-bit words, low word first. */ words: Uint32Array }

/** BloomFilterIndex: its bitsets are fixed64 words (or little-endian bytes in utf8bitset),
 *  read here as 32-bit halves so no bit is lost to doubles. */
export function decodeBloomFilterIndex(bytes: Uint8Array): BloomFilterProto[] {
  const r = protobuf.Reader.create(bytes);
  const out: BloomFilterProto[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 !== 1 || (tag & 7) !== 2) { r.skipType(tag & 7); continue; }
    const end = r.uint32() + r.pos;
    let numHashFunctions = 0;
    const words: number[] = [];
    let utf8: Uint8Array | null = null;
    while (r.pos < end) {
      const t = r.uint32();
      const field = t >>> 3, wire = t & 7;
      if (field === 1 && wire === 0) numHashFunctions = r.uint32();
      else if (field === 2 && wire === 1) { words.push(r.fixed32(), r.fixed32()); }
      else if (field === 2 && wire === 2) {
        const e = r.uint32() + r.pos;
        while (r.pos < e) words.push(r.fixed32(), r.fixed32());
      } else if (field === 3 && wire === 2) utf8 = r.bytes();
      else r.skipType(wire);
    }
    let w: Uint32Array;
    if (utf8) {
      w = new Uint32Array(utf8.length >>> 2);
      const dv = new DataView(utf8.buffer, utf8.byteOffset, utf8.byteLength);
      for (let i = 0; i < w.length; i++) w[i] = dv.getUint32(i * 4, true);
    } else w = Uint32Array.from(words);
    out.push({ numHashFunctions, words: w });
  }
  return out;
}

/** Encodes a BloomFilterIndex with utf8bitset bytes, as ORC-101 writers do. */
export function encodeBloomFilterIndex(filters: BloomFilterProto[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const f of filters) {
    const bytes = new Uint8Array(f.words.buffer, f.words.byteOffset, f.words.byteLength);
    const inner = protobuf.Writer.create();
    inner.uint32((1 << 3) | 0).uint32(f.numHashFunctions);
    inner.uint32((3 << 3) | 2).bytes(bytes);
    w.uint32((1 << 3) | 2).bytes(inner.finish());
  }
  return w.finish();
}
