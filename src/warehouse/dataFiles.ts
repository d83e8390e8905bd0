// The data files of a table or partition directory, as Hive reads them: regular files not
// starting with '.' or '_', in name order.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A directory's files as last listed, with the change times they were listed at. */
interface Listing { mtimeNs: bigint; ctimeNs: bigint; files: readonly DataFile[] }

/** A data file and its size when its directory was listed. The size only weighs splits
 *  against each other (a file rewritten in place is still read whole). */
export interface DataFile { path: string; size: number }
const listings = new Map<string, Listing>();
/** A listing is kept only once its directory has not changed for this long: file times
 *  tick in steps of a few milliseconds, so a file added in the same tick as the listing
 *  would leave the times as they were (git's "racy" entries). */
const SETTLED_MS = 2000;
const MAX_LISTINGS = 100_000;

/** Files Hive would read in a directory (none if it does not exist). Listings are kept
 *  and reused while the directory's change times stay the same: planning a query over a
 *  partitioned table lists every partition (store_sales has 1,828), and one stat costs a
 *  fraction of a listing. */
export function listDataFiles(dir: string): string[] {
  return listDataFileSizes(dir).map((f) => f.path);
}

/** listDataFiles with each file's size, stated once per listing rather than per query. */
export function listDataFileSizes(dir: string): readonly DataFile[] {
  let st;
  try { st = statSync(dir, { bigint: true }); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
  const kept = listings.get(dir);
  if (kept && kept.mtimeNs === st.mtimeNs && kept.ctimeNs === st.ctimeNs) return kept.files;
  const files: DataFile[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name.startsWith('_') || !(e.isFile() || e.isSymbolicLink())) continue;
    const path = join(dir, e.name);
    const fst = statSync(path); // follows a symbolic link
    if (fst.isFile()) files.push({ path, size: fst.size });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  Object.freeze(files);
  const settled = Date.now() - Number(st.mtimeNs / 1_000_000n) > SETTLED_MS && Date.now() - Number(st.ctimeNs / 1_000_000n) > SETTLED_MS;
  if (settled) {
    if (listings.size >= MAX_LISTINGS) listings.clear();
    listings.set(dir, { mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, files });
  } else listings.delete(dir);
  return files;
}
