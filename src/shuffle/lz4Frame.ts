// LZ4 frames (the LZ4_FRAME codec Arrow IPC bodies use) around lz4-wasm-nodejs's block
// compressor. lz4-napi's frame functions run at 75–170 MB/s here (its decoder even on
// repetitive data), which made a compressed shuffle file 4–8× slower to write and read
// than an uncompressed one; lz4-wasm (lz4_flex compiled to WebAssembly) compresses and
// decompresses blocks at 2–7 GB/s but has no frame format, so the frame is written here:
// magic, a descriptor with independent blocks and the content size, one block per 4 MB
// (stored raw where it does not shrink), the end mark. No library offers fast frames in
// Node. Frames from other writers (block checksums, linked blocks, no content size) are
// decoded by lz4-napi.
import { createRequire } from 'node:module';
import lz4napi from 'lz4-napi';

const require = createRequire(import.meta.url);
const wasm = require('lz4-wasm-nodejs') as { compress(d: Uint8Array): Uint8Array; decompress(d: Uint8Array): Uint8Array };

const MAGIC = 0x184d2204;
const BLOCK_MAX = 4 << 20;
/** Version 01, independent blocks, content size present. */
const FLG = 0b0110_1000;
/** Block maximum size 4 MB. */
const BD = 7 << 4;
const RAW_BLOCK = 0x80000000;

export function compressFrame(d: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  const header = new Uint8Array(15);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, MAGIC, true);
  header[4] = FLG;
  header[5] = BD;
  hv.setBigUint64(6, BigInt(d.length), true);
  header[14] = (xxh32(header.subarray(4, 14)) >>> 8) & 0xff;
  parts.push(header);
  let total = header.length + 4;
  for (let at = 0; at < d.length; at += BLOCK_MAX) {
    const chunk = d.subarray(at, Math.min(d.length, at + BLOCK_MAX));
    const packed = wasm.compress(chunk); // 4-byte uncompressed size, then the block
    const size = new Uint8Array(4);
    const raw = packed.length - 4 >= chunk.length;
    new DataView(size.buffer).setUint32(0, raw ? (chunk.length | RAW_BLOCK) >>> 0 : packed.length - 4, true);
    parts.push(size, raw ? chunk : packed.subarray(4));
    total += 4 + (raw ? chunk.length : packed.length - 4);
  }
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) { out.set(p, pos); pos += p.length; }
  // The end mark: four zero bytes, already there.
  return out;
}

export function decompressFrame(d: Uint8Array): Uint8Array {
  const v = new DataView(d.buffer, d.byteOffset, d.byteLength);
  if (d.length < 15 || v.getUint32(0, true) !== MAGIC || d[4] !== FLG || (d[5] & 0x70) > BD) return foreign(d);
  const size = Number(v.getBigUint64(6, true));
  // A frame of one compressed block (any buffer up to 4 MB) returns the block's output
  // as it is; `out` is made only for frames of several blocks or a raw one.
  let out: Uint8Array | null = null;
  let pos = 15, written = 0;
  for (;;) {
    if (pos + 4 > d.length) throw new Error('LZ4 frame: truncated before the end mark');
    const word = v.getUint32(pos, true);
    pos += 4;
    if (word === 0) break;
    const length = word & ~RAW_BLOCK;
    if (pos + length > d.length) throw new Error('LZ4 frame: block runs past the end of the data');
    const block = d.subarray(pos, pos + length);
    pos += length;
    const want = Math.min(BLOCK_MAX, size - written);
    let plain = block;
    if (!(word & RAW_BLOCK)) {
      const packed = new Uint8Array(4 + block.length);
      new DataView(packed.buffer).setUint32(0, want, true);
      packed.set(block, 4);
      plain = wasm.decompress(packed);
      if (written === 0 && plain.length === size) { out = plain; written = size; continue; }
    }
    if (written + plain.length > size) throw new Error(`LZ4 frame: more than the ${size} bytes the frame says`);
    (out ??= new Uint8Array(size)).set(plain, written);
    written += plain.length;
  }
  if (written !== size) throw new Error(`LZ4 frame: ${written} bytes decoded, the frame says ${size}`);
  return out ?? new Uint8Array(0);
}

/** A frame of another writer's making. */
function foreign(d: Uint8Array): Uint8Array {
  const b = lz4napi.decompressFrameSync(Buffer.from(d.buffer, d.byteOffset, d.byteLength));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** xxHash32 (seed 0) of a short input: the frame descriptor's header checksum. */
export function xxh32(b: Uint8Array): number {
  const P1 = 0x9e3779b1, P2 = 0x85ebca77, P3 = 0xc2b2ae3d, P4 = 0x27d4eb2f, P5 = 0x165667b1;
  const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
  const u32 = (i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
  let i = 0, h: number;
  const n = b.length;
  if (n >= 16) {
    let v1 = (P1 + P2) | 0, v2 = P2, v3 = 0, v4 = (0 - P1) | 0;
    const round = (acc: number, x: number) => Math.imul(rotl((acc + Math.imul(x, P2)) | 0, 13), P1);
    for (; i + 16 <= n; i += 16) { v1 = round(v1, u32(i)); v2 = round(v2, u32(i + 4)); v3 = round(v3, u32(i + 8)); v4 = round(v4, u32(i + 12)); }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else h = P5;
  h = (h + n) | 0;
  for (; i + 4 <= n; i += 4) h = Math.imul(rotl((h + Math.imul(u32(i), P3)) | 0, 17), P4);
  for (; i < n; i++) h = Math.imul(rotl((h + Math.imul(b[i], P5)) | 0, 11), P1);
  h = Math.imul(h ^ (h >>> 15), P2);
  h = Math.imul(h ^ (h >>> 13), P3);
  return (h ^ (h >>> 16)) >>> 0;
}
