// ORC's bloom filters (as Hive's and ORC's BloomFilter classes): integers, dates and
// doubles hash with Thomas Wang's 64-bit integer hash (doubles by their IEEE bits),
// strings with Murmur3's 64-bit variant over their UTF-8 bytes (seed 104729); k probes
// at hash1 + i*hash2 in a bitset of 64-bit words. Lookups are rare (one per literal per
// row group), so BigInt arithmetic is fine; probing uses the two 32-bit halves.
import { BloomFilterProto } from './orcProto.js';

const M64 = (1n << 64n) - 1n;
const s64 = (x: bigint) => BigInt.asIntN(64, x);
const u64 = (x: bigint) => x & M64;
const rotl = (x: bigint, r: bigint) => u64((x << r) | (u64(x) >> (64n - r)));

/** Thomas Wang's 64-bit hash, with Java's arithmetic shift and wrapping. */
export function longHash(value: bigint): bigint {
  let key = s64(value);
  key = s64(~key + (key << 21n));
  key = key ^ (key >> 24n);
  key = s64(key + (key << 3n) + (key << 8n));
  key = key ^ (key >> 14n);
  key = s64(key + (key << 2n) + (key << 4n));
  key = key ^ (key >> 28n);
  key = s64(key + (key << 31n));
  return key;
}

const C1 = 0x87c37b91114253d5n, C2 = 0x4cf5ad432745937fn;
const N1 = 0x52dce729n;

function fmix64(h: bigint): bigint {
  h = u64(h);
  h ^= h >> 33n; h = u64(h * 0xff51afd7ed558ccdn);
  h ^= h >> 33n; h = u64(h * 0xc4ceb9fe1a85ec53n);
  h ^= h >> 33n;
  return h;
}

/** Murmur3 hash64 as Hive's Murmur3.hash64(byte[]) computes it. */
export function murmur3Hash64(data: Uint8Array, seed = 104729n): bigint {
  let hash = seed;
  const nblocks = data.length >> 3;
  for (let i = 0; i < nblocks; i++) {
    let k = 0n;
    for (let b = 7; b >= 0; b--) k = (k << 8n) | BigInt(data[i * 8 + b]);
    k = u64(k * C1); k = rotl(k, 31n); k = u64(k * C2);
    hash = u64(hash ^ k);
    hash = u64(rotl(hash, 27n) * 5n + N1);
  }
  const tail = nblocks << 3;
  const rest = data.length - tail;
  if (rest > 0) {
    let k1 = 0n;
    for (let b = rest - 1; b >= 0; b--) k1 = (k1 << 8n) | BigInt(data[tail + b]);
    k1 = u64(k1 * C1); k1 = rotl(k1, 31n); k1 = u64(k1 * C2);
    hash = u64(hash ^ k1);
  }
  hash = u64(hash ^ BigInt(data.length));
  return s64(fmix64(hash));
}

const f64 = new Float64Array(1);
const f64Bits = new BigInt64Array(f64.buffer);

/** The 64-bit hash of a value as ORC's bloom filter adds it; null when the kind of value
 *  has no bloom filter support here. */
export function bloomHash(value: number | string, family: 'long' | 'double' | 'string'): bigint | null {
  if (family === 'string') return typeof value === 'string' ? murmur3Hash64(Buffer.from(value, 'utf8')) : null;
  if (typeof value !== 'number') return null;
  if (family === 'long') return Number.isSafeInteger(value) ? longHash(BigInt(value)) : null;
  f64[0] = value;
  return longHash(f64Bits[0]);
}

/** Visits the filter's k probe positions for a hash (as 32-bit word and bit); stops and
 *  returns false when visit does. */
function probes(f: BloomFilterProto, hash64: bigint, visit: (word: number, bit: number) => boolean): boolean {
  const numBits = f.words.length * 32;
  const hash1 = Number(BigInt.asIntN(32, hash64));
  const hash2 = Number(BigInt.asIntN(32, hash64 >> 32n));
  for (let i = 1; i <= f.numHashFunctions; i++) {
    let combined = (hash1 + Math.imul(i, hash2)) | 0;
    if (combined < 0) combined = ~combined;
    const pos = combined % numBits;
    // Bit pos of the 64-bit word pos >>> 6, held as two 32-bit halves, low first.
    if (!visit(((pos >>> 6) << 1) + ((pos & 63) >= 32 ? 1 : 0), 1 << (pos & 31))) return false;
  }
  return true;
}

/** Whether the filter may contain the value whose hash is given. */
export function bloomMightContain(f: BloomFilterProto, hash64: bigint): boolean {
  if (f.words.length === 0 || f.numHashFunctions === 0) return true;
  return probes(f, hash64, (word, bit) => (f.words[word] & bit) !== 0);
}

/** Adds a hashed value to a filter (the writer's side). */
export function bloomAdd(f: BloomFilterProto, hash64: bigint): void {
  probes(f, hash64, (word, bit) => { f.words[word] |= bit; return true; });
}
