// The LZ4 frames shuffle files use: what they encode, an independent frame decoder
// (lz4-napi's, lz4_flex's frame format) decodes back to the same bytes, and frames other
// writers made decode too.
import { describe, expect, it } from 'vitest';
import lz4napi from 'lz4-napi';
import { compressFrame, decompressFrame, xxh32 } from '../src/shuffle/lz4Frame.js';

const random = (n: number, seed = 1) => { const b = new Uint8Array(n); let x = seed; for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) | 0; b[i] = x >>> 24; } return b; };
const repetitive = (n: number) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = (i % 7) * 3 + (i % 1000 === 0 ? 1 : 0); return b; };
const viaNapi = (f: Uint8Array) => new Uint8Array(lz4napi.decompressFrameSync(Buffer.from(f)));
/** Byte equality without a deep comparison per element (megabytes). */
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
const concat = (a: Uint8Array, b: Uint8Array) => { const c = new Uint8Array(a.length + b.length); c.set(a); c.set(b, a.length); return c; };

describe('LZ4 frames', () => {
  it('xxh32 matches the reference values', () => {
    expect(xxh32(new Uint8Array(0))).toBe(0x02cc5d05);
    expect(xxh32(new TextEncoder().encode('a'))).toBe(0x550d7456);
    expect(xxh32(new TextEncoder().encode('abc'))).toBe(0x32d153ff);
    expect(xxh32(new TextEncoder().encode('Nobody inspects the spammish repetition'))).toBe(0xe2293b2f);
  });

  for (const [name, data] of [['empty', new Uint8Array(0)], ['one byte', Uint8Array.of(42)], ['random 100 KB', random(100_000)],
    ['repetitive 1 MB', repetitive(1 << 20)], ['9 MB over three blocks', concat(repetitive(5 << 20), random(4 << 20, 7))]] as const) {
    it(`${name}: round trip, and an independent decoder reads the frame`, () => {
      const frame = compressFrame(data);
      expect(same(decompressFrame(frame), data)).toBe(true);
      expect(same(viaNapi(frame), data)).toBe(true);
      if (name.startsWith('repetitive')) expect(frame.length).toBeLessThan(data.length / 10);
      if (name.startsWith('random')) expect(frame.length).toBeLessThanOrEqual(data.length + 32); // stored raw
    });
  }

  it('reads frames another writer made (lz4-napi: checksums, no content size)', () => {
    for (const data of [random(50_000), repetitive(300_000)]) expect(same(decompressFrame(new Uint8Array(lz4napi.compressFrameSync(Buffer.from(data)))), data)).toBe(true);
  });

  it('a truncated or inconsistent frame fails with an error instead of wrong bytes', () => {
    const frame = compressFrame(repetitive(200_000));
    expect(() => decompressFrame(frame.subarray(0, frame.length - 10))).toThrow(/LZ4 frame|truncated|past the end/);
    const lying = frame.slice();
    new DataView(lying.buffer).setBigUint64(6, 123n, true); // content size no longer matches
    expect(() => decompressFrame(lying)).toThrow();
  });
});
