// Decoded ORC file tails, kept per thread by file identity (path, size, change times,
// inode). A query over a partitioned fact table opens every partition's small file
// (store_sales: 1,828), and each open inflated and decoded the footer and the stripe
// footers again. Hive keeps the same (hive.orc.cache.stripe.details.size, 10,000 files).
// A file rewritten in place changes its size or times, so it is decoded afresh.
import type { Stats } from 'node:fs';
import type { Metadata, PostScript, ReadFooter, StripeFooter } from './orcProto.js';
import type { OrcColumn } from './orcSchema.js';

export interface OrcTail {
  postscript: PostScript;
  footer: ReadFooter;
  metadataBytes: Uint8Array | null;
  /** Decoded on first use; null when absent or unreadable. */
  metadata?: Metadata | null;
  root: OrcColumn;
  fields: { name: string; column: OrcColumn }[];
  /** Decoded on first use, by stripe. */
  stripeFooters: (StripeFooter | undefined)[];
}

const MAX_FILES = 10_000;
/** In least recently used order (a hit moves its entry to the end). */
const tails = new Map<string, OrcTail>();

export function tailKey(path: string, st: Stats): string {
  return `${path}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0${st.ino}`;
}

export function cachedTail(key: string): OrcTail | undefined {
  const t = tails.get(key);
  if (t) { tails.delete(key); tails.set(key, t); }
  return t;
}

export function keepTail(key: string, tail: OrcTail): void {
  if (tails.size >= MAX_FILES) tails.delete(tails.keys().next().value!);
  tails.set(key, tail);
}
