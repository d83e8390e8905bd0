// ORC timestamps count seconds from 2015-01-01 00:00:00 in the writer's time zone (the
// stripe footer names it). Hive's TIMESTAMP is a wall-clock value, so a reader turns
// that back into the writer's wall clock: instant = seconds + base(zone), wall =
// instant + offset(zone, instant). The engine holds wall clocks as if they were UTC.
import { OrcFormatError } from './compression.js';

/** 2015-01-01T00:00:00Z in epoch seconds. */
export const ORC_EPOCH_SECONDS = 1420070400;

const UTC_ZONES = new Set(['', 'UTC', 'GMT', 'Etc/UTC', 'Etc/GMT', 'Z', 'UCT', 'Universal', 'Zulu']);

export const isUtcZone = (zone: string) => UTC_ZONES.has(zone);

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

/** Seconds east of UTC in `zone` at the instant `epochSeconds`. */
export function zoneOffsetSeconds(zone: string, epochSeconds: number): number {
  if (isUtcZone(zone)) return 0;
  let cache = offsetCache.get(zone);
  if (!cache) { cache = new Map(); offsetCache.set(zone, cache); }
  // Offsets change on hour boundaries in every zone since 1970 (and on odd seconds in
  // local mean times before), so the cache key is the quarter hour.
  const key = Math.floor(epochSeconds / 900);
  let off = cache.get(key);
  if (off === undefined) {
    let f = formatters.get(zone);
    if (!f) {
      try {
        f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' });
      } catch {
        throw new OrcFormatError(`unknown writer time zone '${zone}'`);
      }
      formatters.set(zone, f);
    }
    const p = Object.fromEntries(f.formatToParts(new Date(epochSeconds * 1000)).map((x) => [x.type, x.value]));
    let year = Number(p.year);
    if (p.era === 'BC' || p.era === 'B') year = 1 - year;
    const local = Date.UTC(year, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second)) / 1000;
    off = Math.round(local - Math.floor(epochSeconds));
    if (cache.size > 100_000) cache.clear();
    cache.set(key, off);
  }
  return off;
}

/** Wall-clock epoch seconds (as if UTC) for ORC's stored seconds written in `zone`. */
export function wallClockSeconds(stored: number, zone: string): number {
  if (isUtcZone(zone)) return stored + ORC_EPOCH_SECONDS;
  const base = ORC_EPOCH_SECONDS - zoneOffsetSeconds(zone, ORC_EPOCH_SECONDS);
  const instant = stored + base;
  return instant + zoneOffsetSeconds(zone, instant);
}

/** The stored seconds for a wall clock (as if UTC) written in `zone` (the writer's side). */
export function storedSeconds(wall: number, zone: string): number {
  if (isUtcZone(zone)) return wall - ORC_EPOCH_SECONDS;
  const base = ORC_EPOCH_SECONDS - zoneOffsetSeconds(zone, ORC_EPOCH_SECONDS);
  const guess = wall - zoneOffsetSeconds(zone, wall);
  const instant = wall - zoneOffsetSeconds(zone, guess);
  return instant - base;
}
