// The data files of a table or partition directory, as Hive reads them: regular files not
// starting with '.' or '_', in name order.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A directory's files as last listed, with the change times they were listed at. */
interface Listing { mtimeNs: bigint; ctimeNs: bigint; files: readonly string[] }
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
export function listDataFiles(dir: string): readonly string[] {
  let st;
  try { st = statSync(dir, { bigint: true }); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
  const kept = listings.get(dir);
  if (kept && kept.mtimeNs === st.mtimeNs && kept.ctimeNs === st.ctimeNs) return kept.files;
  const files: readonly string[] = Object.freeze(readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && !e.name.startsWith('_') && (e.isFile() || (e.isSymbolicLink() && statSync(join(dir, e.name)).isFile())))
    .map((e) => join(dir, e.name))
    .sort());
  const settled = Date.now() - Number(st.mtimeNs / 1_000_000n) > SETTLED_MS && Date.now() - Number(st.ctimeNs / 1_000_000n) > SETTLED_MS;
  if (settled) {
    if (listings.size >= MAX_LISTINGS) listings.clear();
    listings.set(dir, { mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, files });
  } else listings.delete(dir);
  return files;
}
