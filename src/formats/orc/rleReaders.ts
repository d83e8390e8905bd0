// ORC's run-length decoders (specification, "Run Length Encoding"): byte RLE, boolean bit
// streams over byte RLE, integer RLE version 1 and version 2 (SHORT_REPEAT, DIRECT,
// PATCHED_BASE, DELTA). Each decodes a run at a time into a small buffer and copies out
// as many values as asked, so a batch boundary can fall anywhere inside a run. Values
// are JS numbers: exact below 2^53; wider values are decoded through BigInt and rounded,
// as the engine holds bigint in float64.
import { OrcFormatError } from './compression.js';

/** A cursor over one decompressed stream. */
export class ByteCursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array, readonly name: string) {}
  get end(): number { return this.bytes.length; }
  byte(): number {
    if (this.pos >= this.bytes.length) throw new OrcFormatError(`unexpected end of ${this.name} stream`);
    return this.bytes[this.pos++];
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new OrcFormatError(`unexpected end of ${this.name} stream`);
  }
}

/** Base-128 varint, unsigned. */
export function readVarUint(c: ByteCursor): number {
  let result = 0, mul = 1;
  for (let i = 0; ; i++) {
    const b = c.byte();
    if (i >= 7) return Number(readVarUintBig(c, result, b, i));
    result += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return result;
    mul *= 128;
  }
}

function readVarUintBig(c: ByteCursor, low: number, b: number, i: number): bigint {
  let result = BigInt(low);
  let shift = BigInt(7 * i);
  for (;;) {
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
    if (shift > 140n) throw new OrcFormatError(`varint too long in ${c.name} stream`);
    b = c.byte();
  }
}

/** Varint of any length as a BigInt (decimal values: up to 127 bits). */
export function readVarUintBigInt(c: ByteCursor): bigint {
  return readVarUintBig(c, 0, c.byte(), 0);
}

export const unZigZag = (v: number): number => (v % 2 === 0 ? v / 2 : -(v + 1) / 2);
export const unZigZagBig = (v: bigint): bigint => (v >> 1n) ^ -(v & 1n);

export function readVarInt(c: ByteCursor): number {
  let result = 0, mul = 1;
  for (let i = 0; ; i++) {
    const b = c.byte();
    if (i >= 7) return Number(unZigZagBig(readVarUintBig(c, result, b, i)));
    result += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return unZigZag(result);
    mul *= 128;
  }
}

/** Something that decodes a sequence of values into a typed array. */
export interface ValueDecoder {
  /** Decodes n values into out[off..off+n). */
  read(out: Int32Array | Float64Array | Uint8Array, off: number, n: number): void;
  /** Skips n values. */
  skip(n: number): void;
  /** Moves to a row index position: the byte offset in the decompressed stream, then the
   *  encoder's own entries at positions[at..]; returns the index after those entries. */
  seek(byteOffset: number, positions: number[], at: number): number;
}

abstract class RunDecoder implements ValueDecoder {
  protected run: Float64Array = new Float64Array(512);
  protected runLen = 0;
  protected runPos = 0;
  constructor(protected readonly c: ByteCursor) {}
  protected abstract nextRun(): void;

  read(out: Int32Array | Float64Array | Uint8Array, off: number, n: number): void {
    while (n > 0) {
      if (this.runPos === this.runLen) this.nextRun();
      const k = Math.min(n, this.runLen - this.runPos);
      const run = this.run, p = this.runPos;
      for (let i = 0; i < k; i++) out[off + i] = run[p + i];
      this.runPos += k; off += k; n -= k;
    }
  }

  skip(n: number): void {
    while (n > 0) {
      if (this.runPos === this.runLen) this.nextRun();
      const k = Math.min(n, this.runLen - this.runPos);
      this.runPos += k; n -= k;
    }
  }

  /** positions[at] is the number of values to skip in the run that starts there. */
  seek(byteOffset: number, positions: number[], at: number): number {
    this.c.pos = byteOffset;
    this.runLen = this.runPos = 0;
    this.skip(positions[at]);
    return at + 1;
  }

  protected ensure(n: number): void {
    if (this.run.length < n) this.run = new Float64Array(n);
  }
}

/** Byte RLE: a control byte below 128 is a run of control+3 copies of the next byte; at
 *  or above 128 it is 256-control literal bytes. */
export class ByteRleDecoder extends RunDecoder {
  constructor(c: ByteCursor, private readonly signed = false) { super(c); }
  protected nextRun(): void {
    const ctl = this.c.byte();
    if (ctl < 128) {
      const n = ctl + 3;
      let v = this.c.byte();
      if (this.signed && v > 127) v -= 256;
      this.run.fill(v, 0, n);
      this.runLen = n;
    } else {
      const n = 256 - ctl;
      this.c.need(n);
      const b = this.c.bytes, p = this.c.pos;
      for (let i = 0; i < n; i++) { const v = b[p + i]; this.run[i] = this.signed && v > 127 ? v - 256 : v; }
      this.c.pos += n;
      this.runLen = n;
    }
    this.runPos = 0;
  }
}

/** Booleans: bits, most significant first, in bytes that are themselves byte-RLE encoded.
 *  The byte runs are decoded here rather than through ByteRleDecoder: PRESENT streams are
 *  booleans, and taking their bytes one call at a time was a fifth of a scan. */
export class BooleanDecoder implements ValueDecoder {
  /** Bytes left in the current byte run, and whether it repeats `repeated`. */
  private runLeft = 0;
  private repeat = false;
  private repeated = 0;
  private cur = 0;
  private bitsLeft = 0;
  constructor(private readonly c: ByteCursor) {}

  private nextByte(): number {
    if (this.runLeft === 0) {
      const ctl = this.c.byte();
      if (ctl < 128) { this.runLeft = ctl + 3; this.repeat = true; this.repeated = this.c.byte(); }
      else { this.runLeft = 256 - ctl; this.repeat = false; this.c.need(this.runLeft); }
    }
    this.runLeft--;
    return this.repeat ? this.repeated : this.c.bytes[this.c.pos++];
  }

  read(out: Int32Array | Float64Array | Uint8Array, off: number, n: number): void {
    this.bits(out, off, n, 0);
  }

  /** As read, but 1 where the bit is 0 (a PRESENT stream read as NULL flags) into a
   *  zeroed `out`; returns whether any flag is set. */
  readNulls(out: Uint8Array, n: number): boolean {
    return this.bits(out, 0, n, 1) === 1;
  }

  /** n bits into out[off..], each XORed with `flip`; returns 1 if any written bit is 1.
   *  A whole byte of eight rows at a time; with `flip` a byte of present rows leaves
   *  `out` as it is (zeroed), the common case. */
  private bits(out: Int32Array | Float64Array | Uint8Array, off: number, n: number, flip: 0 | 1): number {
    let i = 0, any = 0;
    while (i < n && this.bitsLeft > 0) any |= out[off + i++] = ((this.cur >>> --this.bitsLeft) & 1) ^ flip;
    const mask = flip * 255;
    for (; i + 8 <= n; i += 8) {
      const v = this.nextByte() ^ mask, o = off + i;
      if (v === 0 && flip === 1) continue;
      any |= v === 0 ? 0 : 1;
      out[o] = v >>> 7; out[o + 1] = (v >>> 6) & 1; out[o + 2] = (v >>> 5) & 1; out[o + 3] = (v >>> 4) & 1;
      out[o + 4] = (v >>> 3) & 1; out[o + 5] = (v >>> 2) & 1; out[o + 6] = (v >>> 1) & 1; out[o + 7] = v & 1;
    }
    if (i < n) {
      this.cur = this.nextByte(); this.bitsLeft = 8;
      while (i < n) any |= out[off + i++] = ((this.cur >>> --this.bitsLeft) & 1) ^ flip;
    }
    return any;
  }

  skip(n: number): void {
    const fromCur = Math.min(n, this.bitsLeft);
    this.bitsLeft -= fromCur; n -= fromCur;
    if (n === 0) return;
    for (let b = Math.floor(n / 8); b > 0;) {
      if (this.runLeft === 0) { this.nextByte(); b--; continue; }
      const k = Math.min(b, this.runLeft);
      if (!this.repeat) this.c.pos += k;
      this.runLeft -= k; b -= k;
    }
    n %= 8;
    this.bitsLeft = 0;
    if (n > 0) { this.cur = this.nextByte(); this.bitsLeft = 8 - n; }
  }

  seek(byteOffset: number, positions: number[], at: number): number {
    // The byte RLE position (skip that many bytes of the run there), then the bit position.
    this.c.pos = byteOffset;
    this.runLeft = 0;
    this.bitsLeft = 0;
    for (let k = positions[at]; k > 0; k--) this.nextByte();
    this.skip(positions[at + 1]);
    return at + 2;
  }
}

/** Integer RLE version 1: runs of 3..130 values with a fixed delta, or up to 128 literals. */
export class IntRleV1Decoder extends RunDecoder {
  constructor(c: ByteCursor, private readonly signed: boolean) { super(c); }
  private varint(): number { return this.signed ? readVarInt(this.c) : readVarUint(this.c); }
  protected nextRun(): void {
    const ctl = this.c.byte();
    if (ctl < 128) {
      const n = ctl + 3;
      const d = this.c.byte();
      const delta = d > 127 ? d - 256 : d;
      const base = this.varint();
      for (let i = 0; i < n; i++) this.run[i] = base + i * delta;
      this.runLen = n;
    } else {
      const n = 256 - ctl;
      for (let i = 0; i < n; i++) this.run[i] = this.varint();
      this.runLen = n;
    }
    this.runPos = 0;
  }
}

/** The bit widths a 5-bit code stands for in RLE v2 headers. */
const WIDTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 28, 30, 32, 40, 48, 56, 64];
export const decodeWidth = (code: number) => WIDTHS[code];

/** Integer RLE version 2. */
export class IntRleV2Decoder extends RunDecoder {
  private bitBuf = 0;
  private bitsLeft = 0;
  constructor(c: ByteCursor, private readonly signed: boolean) { super(c); }

  /** Reads w bits (big-endian bit order) as an unsigned number; w ≤ 53 exact. */
  private bits(w: number): number {
    let result = 0;
    while (w > 0) {
      if (this.bitsLeft === 0) { this.bitBuf = this.c.byte(); this.bitsLeft = 8; }
      const take = w < this.bitsLeft ? w : this.bitsLeft;
      const shift = this.bitsLeft - take;
      result = result * (1 << take) + ((this.bitBuf >>> shift) & ((1 << take) - 1));
      this.bitsLeft = shift;
      w -= take;
    }
    return result;
  }

  private bitsBig(w: number): bigint {
    let result = 0n;
    while (w > 0) {
      const take = Math.min(w, 32);
      result = (result << BigInt(take)) | BigInt(this.bits(take));
      w -= take;
    }
    return result;
  }

  /** Reads n bit-packed values of width w into run[at..]; signed values are zigzagged. */
  private unpack(n: number, w: number, at: number, zigzag: boolean): void {
    this.bitsLeft = 0;
    const run = this.run, c = this.c;
    if (w === 8 && !zigzag) {
      c.need(n);
      for (let i = 0; i < n; i++) run[at + i] = c.bytes[c.pos + i];
      c.pos += n;
      return;
    }
    if (w <= 24) {
      // Most widths (surrogate keys, counts, dates): bits gathered in one 32-bit int
      // straight from the bytes, instead of a call and a bounds check per byte.
      const bytes = c.bytes;
      let p = c.pos, buf = 0, have = 0;
      c.need(Math.ceil((n * w) / 8));
      const mask = (1 << w) - 1;
      for (let i = 0; i < n; i++) {
        while (have < w) { buf = (buf << 8) | bytes[p++]; have += 8; }
        have -= w;
        const v = (buf >>> have) & mask;
        buf &= (1 << have) - 1;
        run[at + i] = zigzag ? (v >>> 1) ^ -(v & 1) : v;
      }
      c.pos = p;
      return;
    }
    if (w <= 48) {
      for (let i = 0; i < n; i++) { const v = this.bits(w); run[at + i] = zigzag ? unZigZag(v) : v; }
    } else {
      for (let i = 0; i < n; i++) {
        const v = this.bitsBig(w);
        run[at + i] = Number(zigzag ? unZigZagBig(v) : v);
      }
    }
    this.bitsLeft = 0;
  }

  protected nextRun(): void {
    const h = this.c.byte();
    const enc = h >>> 6;
    switch (enc) {
      case 0: { // SHORT_REPEAT
        const width = ((h >>> 3) & 7) + 1;
        const n = (h & 7) + 3;
        let v = 0;
        if (width > 6) {
          let big = 0n;
          for (let i = 0; i < width; i++) big = (big << 8n) | BigInt(this.c.byte());
          v = Number(this.signed ? unZigZagBig(big) : big);
        } else {
          for (let i = 0; i < width; i++) v = v * 256 + this.c.byte();
          if (this.signed) v = unZigZag(v);
        }
        this.run.fill(v, 0, n);
        this.runLen = n;
        break;
      }
      case 1: { // DIRECT
        const w = WIDTHS[(h >>> 1) & 31];
        const n = (((h & 1) << 8) | this.c.byte()) + 1;
        this.ensure(n);
        this.unpack(n, w, 0, this.signed);
        this.runLen = n;
        break;
      }
      case 2: this.patchedBase(h); break;
      default: { // DELTA
        const code = (h >>> 1) & 31;
        const w = code === 0 ? 0 : WIDTHS[code];
        const n = (((h & 1) << 8) | this.c.byte()) + 1;
        this.ensure(n);
        const base = this.signed ? readVarInt(this.c) : readVarUint(this.c);
        const deltaBase = readVarInt(this.c);
        const run = this.run;
        run[0] = base;
        if (w === 0) {
          for (let i = 1; i < n; i++) run[i] = run[i - 1] + deltaBase;
        } else {
          if (n > 1) run[1] = base + deltaBase;
          if (n > 2) {
            this.unpack(n - 2, w, 2, false);
            const neg = deltaBase < 0;
            for (let i = 2; i < n; i++) run[i] = neg ? run[i - 1] - run[i] : run[i - 1] + run[i];
          }
        }
        this.runLen = n;
      }
    }
    this.runPos = 0;
  }

  private patchedBase(h: number): void {
    const w = WIDTHS[(h >>> 1) & 31];
    const n = (((h & 1) << 8) | this.c.byte()) + 1;
    const b3 = this.c.byte();
    const baseWidth = ((b3 >>> 5) & 7) + 1;
    const patchWidth = WIDTHS[b3 & 31];
    const b4 = this.c.byte();
    const gapWidth = ((b4 >>> 5) & 7) + 1;
    const patchCount = b4 & 31;
    // Base value: baseWidth bytes, big-endian, sign in the top bit.
    let base = 0;
    let first = this.c.byte();
    const negative = (first & 0x80) !== 0;
    first &= 0x7f;
    base = first;
    for (let i = 1; i < baseWidth; i++) base = base * 256 + this.c.byte();
    if (negative) base = -base;
    this.ensure(n);
    this.unpack(n, w, 0, false);
    const run = this.run;
    // Patch list: entries of (gap, patch) packed in the closest fixed width to their sum.
    const entryWidth = closestFixedBits(gapWidth + patchWidth);
    if (gapWidth + patchWidth > 64) throw new OrcFormatError(`corrupt PATCHED_BASE run in ${this.c.name} stream`);
    let pos = 0;
    const scale = 2 ** w;
    for (let i = 0; i < patchCount; i++) {
      const entry = this.bitsBig(entryWidth);
      const gap = Number(entry >> BigInt(patchWidth));
      const patch = Number(entry & ((1n << BigInt(patchWidth)) - 1n));
      pos += gap;
      if (pos >= n) throw new OrcFormatError(`corrupt patch position in ${this.c.name} stream`);
      if (patch !== 0 || gap !== 255) run[pos] += patch * scale;
    }
    this.bitsLeft = 0;
    for (let i = 0; i < n; i++) run[i] += base;
    this.runLen = n;
  }
}

function closestFixedBits(n: number): number {
  for (const w of WIDTHS) if (w >= n) return w;
  return 64;
}

export type IntDecoderVersion = 1 | 2;
export function intDecoder(c: ByteCursor, signed: boolean, version: IntDecoderVersion): ValueDecoder {
  return version === 2 ? new IntRleV2Decoder(c, signed) : new IntRleV1Decoder(c, signed);
}
