// Time zone offsets for wall-clock timestamps (Hive's TIMESTAMP has no zone): Hive's
// from_utc_timestamp / to_utc_timestamp and ORC's writer-zone timestamps both convert
// between an instant and the wall clock of a named zone, with Intl's tz database.

/** Java's three-letter zone IDs (ZoneId.SHORT_IDS) that Hive users write. */
const SHORT_IDS: Record<string, string> = {
  PST: 'America/Los_Angeles', MST: 'America/Denver', CST: 'America/Chicago', EST: 'America/New_York', HST: 'Pacific/Honolulu',
  AST: 'America/Anchorage', IST: 'Asia/Kolkata', JST: 'Asia/Tokyo', CTT: 'Asia/Shanghai', ECT: 'Europe/Paris', GMT: 'UTC', UTC: 'UTC',
};

const UTC_ZONES = new Set(['', 'UTC', 'GMT', 'Etc/UTC', 'Etc/GMT', 'Z', 'UCT', 'Universal', 'Zulu']);
export const isUtcZone = (zone: string) => UTC_ZONES.has(zone);

const formats = new Map<string, Intl.DateTimeFormat | null>();
const offsetCache = new Map<string, Map<number, number>>();
const BUCKET_MS = 15 * 60_000;

function zoneFormat(zone: string): Intl.DateTimeFormat | null {
  let f = formats.get(zone);
  if (f === undefined) {
    const tz = SHORT_IDS[zone.toUpperCase()] ?? zone;
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', era: 'short', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      f = null;
    }
    formats.set(zone, f);
  }
  return f;
}

function computeOffset(f: Intl.DateTimeFormat, ms: number): number {
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  let year = Number(p.year);
  if (p.era === 'BC' || p.era === 'B') year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
  d.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
  return d.getTime() - Math.floor(ms / 1000) * 1000;
}

/** Offset of `zone` from UTC in ms at the instant `ms`; null for an unknown zone. */
export function zoneOffsetMs(zone: string, ms: number): number | null {
  if (isUtcZone(zone)) return 0;
  const f = zoneFormat(zone);
  if (!f) return null;
  let cache = offsetCache.get(zone);
  if (!cache) { cache = new Map(); offsetCache.set(zone, cache); }
  // A quarter hour shares one offset unless a transition falls inside it (local mean
  // times change on odd seconds): only buckets whose two ends agree are cached.
  const key = Math.floor(ms / BUCKET_MS);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const start = computeOffset(f, key * BUCKET_MS), end = computeOffset(f, key * BUCKET_MS + BUCKET_MS - 1000);
  if (start !== end) return computeOffset(f, ms);
  if (cache.size > 100_000) cache.clear();
  cache.set(key, start);
  return start;
}

/** The wall clock in `zone` (as if UTC) at the instant `ms`; null for an unknown zone. */
export function wallClockAt(ms: number, zone: string): number | null {
  const off = zoneOffsetMs(zone, ms);
  return off === null ? null : ms + off;
}

/** The instant at which `zone`'s wall clock shows `wallMs`; null for an unknown zone. */
export function instantOfWallClock(wallMs: number, zone: string): number | null {
  const guess = zoneOffsetMs(zone, wallMs);
  if (guess === null) return null;
  return wallMs - (zoneOffsetMs(zone, wallMs - guess) ?? guess);
}
