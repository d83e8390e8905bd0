// ORC's compressed streams: a sequence of chunks, each behind a 3-byte little-endian
// header (length << 1 | isOriginal). Codecs: zlib (raw deflate, node:zlib), snappy
// (hysnappy, WebAssembly, both ways), LZ4 block format (lz4-napi), zstd (fzstd, reading only).
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { snappyCompress, snappyUncompress } from 'hysnappy';
import { decompress as zstdDecompress } from 'fzstd';
import lz4 from 'lz4-napi';
import { Compression, COMPRESSION_NAMES } from './orcProto.js';

export class OrcFormatError extends Error {
  /** Set once the message names the file. */
  constructor(message: string, readonly path?: string) { super(message); }
}

/** A decompressed stream plus where each compressed chunk starts in it, so row index
 *  positions (compressed chunk offset, offset within the chunk) can be resolved. */
export interface DecodedStream {
  bytes: Uint8Array;
  /** compressed chunk start → its offset in `bytes`; null for an uncompressed stream. */
  chunkStarts: Map<number, number> | null;
}

function readSnappyLength(input: Uint8Array): number {
  let result = 0, shift = 0, i = 0;
  for (;;) {
    if (i >= input.length) throw new OrcFormatError('truncated snappy chunk');
    const b = input[i++];
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return result;
    shift += 7;
    if (shift > 28) throw new OrcFormatError('bad snappy length');
  }
}

function decompressChunk(codec: number, input: Uint8Array, blockSize: number): Uint8Array {
  switch (codec) {
    case Compression.ZLIB:
      return inflateRawSync(input, { maxOutputLength: Math.max(blockSize, 1) });
    case Compression.SNAPPY: {
      const n = readSnappyLength(input);
      if (n > blockSize) throw new OrcFormatError(`snappy chunk of ${n} bytes exceeds the compression block size ${blockSize}`);
      return snappyUncompress(input, n);
    }
    case Compression.LZ4: {
      // lz4-napi reads a little-endian size prefix; the block's real size may be smaller.
      const prefixed = Buffer.allocUnsafe(input.length + 4);
      prefixed.writeUInt32LE(blockSize, 0);
      prefixed.set(input, 4);
      return lz4.uncompressSync(prefixed);
    }
    case Compression.ZSTD:
      return zstdDecompress(input);
    default:
      throw new OrcFormatError(`compression ${COMPRESSION_NAMES[codec] ?? codec} is not supported`);
  }
}

/** Decompresses a whole stream (or footer/metadata section). */
export function decompressStream(codec: number, blockSize: number, input: Uint8Array): DecodedStream {
  if (codec === Compression.NONE) return { bytes: input, chunkStarts: null };
  const parts: Uint8Array[] = [];
  const chunkStarts = new Map<number, number>();
  let pos = 0, out = 0;
  while (pos < input.length) {
    if (pos + 3 > input.length) throw new OrcFormatError(`truncated compression chunk header at byte ${pos}`);
    const header = input[pos] | (input[pos + 1] << 8) | (input[pos + 2] << 16);
    const len = header >>> 1;
    const original = (header & 1) === 1;
    const start = pos + 3;
    if (start + len > input.length) throw new OrcFormatError(`compression chunk at byte ${pos} claims ${len} bytes but only ${input.length - start} remain`);
    const body = input.subarray(start, start + len);
    let chunk: Uint8Array;
    try {
      chunk = original ? body : decompressChunk(codec, body, blockSize);
    } catch (e) {
      if (e instanceof OrcFormatError) throw e;
      throw new OrcFormatError(`cannot decompress ${COMPRESSION_NAMES[codec]} chunk at byte ${pos}: ${(e as Error).message}`);
    }
    chunkStarts.set(pos, out);
    parts.push(chunk);
    out += chunk.length;
    pos = start + len;
  }
  if (parts.length === 1) return { bytes: parts[0], chunkStarts };
  const bytes = new Uint8Array(out);
  let o = 0;
  for (const p of parts) { bytes.set(p, o); o += p.length; }
  return { bytes, chunkStarts };
}

/** A chunk stays compressed only if that saves at least 1/MIN_SAVING of its bytes. The ORC
 *  project's writers keep any saving; but run-length encoded integers barely shrink (zlib
 *  saves 8% of store_sales' column streams) while every compressed chunk costs an inflate
 *  call of ~10 µs on each read. Storing those as original chunks, as the format allows any
 *  chunk to be, took store_sales' bytes up 5% and its inflate time down 80%. */
const MIN_SAVING = 8;

/** Compresses a stream into ORC chunks of at most blockSize uncompressed bytes. A chunk
 *  that does not shrink enough (MIN_SAVING) is stored as original; with `store` every
 *  chunk is (see the writer's metadata sections). */
export function compressStream(codec: number, blockSize: number, input: Uint8Array, store = false): Uint8Array {
  if (codec === Compression.NONE) return input;
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let pos = 0; pos < input.length; pos += blockSize) {
    const raw = input.subarray(pos, Math.min(input.length, pos + blockSize));
    const packed = store ? raw : compressChunk(codec, raw);
    const original = store || packed.length > raw.length - raw.length / MIN_SAVING;
    const body = original ? raw : packed;
    const header = (body.length << 1) | (original ? 1 : 0);
    const chunk = new Uint8Array(3 + body.length);
    chunk[0] = header & 0xff; chunk[1] = (header >>> 8) & 0xff; chunk[2] = (header >>> 16) & 0xff;
    chunk.set(body, 3);
    parts.push(chunk);
    total += chunk.length;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function compressChunk(codec: number, raw: Uint8Array): Uint8Array {
  switch (codec) {
    case Compression.ZLIB: return deflateRawSync(raw);
    case Compression.SNAPPY: return snappyCompress(raw);
    case Compression.LZ4: return lz4.compressSync(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).subarray(4);
    default: throw new OrcFormatError(`writing ${COMPRESSION_NAMES[codec] ?? codec}-compressed ORC files is not supported (use NONE, ZLIB, SNAPPY or LZ4)`);
  }
}

export function compressionCode(name: string): number {
  const i = COMPRESSION_NAMES.indexOf(name.toUpperCase());
  if (i < 0 || i === Compression.LZO) throw new OrcFormatError(`unknown orc.compress '${name}' (expected NONE, ZLIB, SNAPPY, LZ4 or ZSTD)`);
  return i;
}
