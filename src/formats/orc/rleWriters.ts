// The encoders matching rleReaders.ts: byte RLE, boolean bit streams and integer RLE v2.
// The integer encoder uses SHORT_REPEAT and fixed DELTA for runs of one value and DIRECT
// for the rest (the specification's minimal valid choice; zlib squeezes what PATCHED_BASE
// would). flush() ends the current run so a row group can start at a stream offset.

/** A growable byte buffer. */
export class ByteSink {
  bytes = new Uint8Array(1024);
  length = 0;
  private grow(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  byte(b: number): void { this.grow(1); this.bytes[this.length++] = b; }
  write(src: Uint8Array): void { this.grow(src.length); this.bytes.set(src, this.length); this.length += src.length; }
  varUint(v: number): void {
    if (v > Number.MAX_SAFE_INTEGER) { this.varUintBig(BigInt(v)); return; }
    while (v >= 128) { this.byte((v % 128) | 0x80); v = Math.floor(v / 128); }
    this.byte(v);
  }
  varUintBig(v: bigint): void {
    while (v >= 128n) { this.byte(Number(v & 0x7fn) | 0x80); v >>= 7n; }
    this.byte(Number(v));
  }
  varInt(v: number): void {
    if (Math.abs(v) < 2 ** 52) this.varUint(zigZag(v)); else this.varUintBig(zigZagBig(BigInt(v)));
  }
  view(): Uint8Array { return this.bytes.subarray(0, this.length); }
}

export const zigZag = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1);
export const zigZagBig = (v: bigint): bigint => (v >= 0n ? v << 1n : (-v << 1n) - 1n);

export interface Encoder {
  /** Ends the current run (row group boundary); the next value starts a new one. */
  flush(): void;
}

/** Splits buf[0..n) into runs of at least 3 equal values (at most maxRun long) and the
 *  literal stretches between them (at most maxLiteral long), in order. */
function forEachRun(
  buf: ArrayLike<number>, n: number, maxRun: number, maxLiteral: number,
  run: (at: number, count: number) => void, literals: (from: number, to: number) => void,
): void {
  let i = 0;
  while (i < n) {
    let len = 1;
    while (i + len < n && len < maxRun && buf[i + len] === buf[i]) len++;
    if (len >= 3) { run(i, len); i += len; continue; }
    let j = i;
    while (j < n && j - i < maxLiteral && !(j + 2 < n && buf[j] === buf[j + 1] && buf[j] === buf[j + 2])) j++;
    literals(i, j);
    i = j;
  }
}

export class ByteRleEncoder implements Encoder {
  private buf = new Uint8Array(128);
  private n = 0;
  constructor(readonly out: ByteSink) {}
  add(b: number): void {
    this.buf[this.n++] = b & 0xff;
    if (this.n === 128) this.flush();
  }
  flush(): void {
    const buf = this.buf;
    forEachRun(buf, this.n, 130, 128,
      (at, count) => { this.out.byte(count - 3); this.out.byte(buf[at]); },
      (from, to) => { this.out.byte(256 - (to - from)); this.out.write(buf.subarray(from, to)); });
    this.n = 0;
  }
}

export class BooleanEncoder implements Encoder {
  private readonly bytes: ByteRleEncoder;
  private cur = 0;
  /** Bits in the current, unwritten byte. */
  bits = 0;
  constructor(readonly out: ByteSink) { this.bytes = new ByteRleEncoder(out); }
  add(v: boolean | number): void {
    if (v) this.cur |= 0x80 >>> this.bits;
    if (++this.bits === 8) { this.bytes.add(this.cur); this.cur = 0; this.bits = 0; }
  }
  /** Flushes whole bytes only: a partial byte keeps filling and is written later, so its
   *  row index position is (this offset, 0 values, `bits` bits to skip). */
  flush(): void { this.bytes.flush(); }
  finish(): void {
    if (this.bits > 0) { this.bytes.add(this.cur); this.cur = 0; this.bits = 0; }
    this.bytes.flush();
  }
}

const FIXED_WIDTHS = [1, 2, 4, 8, 16, 24, 32, 40, 48, 56, 64];
const WIDTH_CODES: Record<number, number> = {};
[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 26, 28, 30, 32, 40, 48, 56, 64].forEach((w, i) => { WIDTH_CODES[w] = i; });

function bitsNeeded(v: number): number {
  if (v === 0) return 1;
  return v < 2 ** 32 ? 32 - Math.clz32(v) : Math.ceil(Math.log2(v + 1));
}

export class IntRleV2Encoder implements Encoder {
  private buf = new Float64Array(512);
  private n = 0;
  constructor(readonly out: ByteSink, private readonly signed: boolean) {}

  add(v: number): void {
    this.buf[this.n++] = v;
    if (this.n === 512) this.flush();
  }

  flush(): void {
    forEachRun(this.buf, this.n, 512, 512, (at, count) => this.repeat(this.buf[at], count), (from, to) => this.direct(from, to));
    this.n = 0;
  }

  private encoded(v: number): number { return this.signed ? zigZag(v) : v; }

  private repeat(v: number, count: number): void {
    const u = this.encoded(v);
    const bytes = Math.max(1, Math.ceil(bitsNeeded(u) / 8));
    if (count <= 10 && bytes <= 6) {
      this.out.byte(((bytes - 1) << 3) | (count - 3));
      for (let b = bytes - 1; b >= 0; b--) this.out.byte(Math.floor(u / 2 ** (8 * b)) & 0xff);
      return;
    }
    // A fixed-delta run (delta 0) of up to 512 values.
    this.out.byte(0xc0 | (((count - 1) >>> 8) & 1));
    this.out.byte((count - 1) & 0xff);
    if (this.signed) this.out.varInt(v); else this.out.varUint(v);
    this.out.varInt(0);
  }

  private direct(from: number, to: number): void {
    const count = to - from;
    let max = 0;
    for (let i = from; i < to; i++) { const u = this.encoded(this.buf[i]); if (u > max) max = u; }
    let width = bitsNeeded(max);
    width = width > 24 ? FIXED_WIDTHS.find((w) => w >= width)! : width;
    if (width === 0) width = 1;
    this.out.byte(0x40 | (WIDTH_CODES[width] << 1) | (((count - 1) >>> 8) & 1));
    this.out.byte((count - 1) & 0xff);
    let acc = 0, accBits = 0;
    for (let i = from; i < to; i++) {
      const u = this.encoded(this.buf[i]);
      if (width <= 24) {
        acc = acc * (1 << width) + u;
        accBits += width;
        while (accBits >= 8) { accBits -= 8; const d = 2 ** accBits; this.out.byte(Math.floor(acc / d) & 0xff); acc %= d; }
      } else {
        // Widths above 24 are whole bytes: write them big-endian.
        const big = width > 48 || u > Number.MAX_SAFE_INTEGER ? BigInt.asUintN(64, BigInt(this.signed ? zigZagBig(BigInt(this.buf[i])) : BigInt(u))) : null;
        for (let b = width / 8 - 1; b >= 0; b--) this.out.byte(big !== null ? Number((big >> BigInt(8 * b)) & 0xffn) : Math.floor(u / 2 ** (8 * b)) & 0xff);
      }
    }
    if (accBits > 0) this.out.byte((acc * (1 << (8 - accBits))) & 0xff);
  }
}
