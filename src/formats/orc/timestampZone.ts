// ORC timestamps count seconds from 2015-01-01 00:00:00 in the writer's time zone (the
// stripe footer names it). Hive's TIMESTAMP is a wall-clock value, so a reader turns
// that back into the writer's wall clock: instant = seconds + base(zone), wall =
// instant + offset(zone, instant). The engine holds wall clocks as if they were UTC.
import { OrcFormatError } from './compression.js';
import { instantOfWallClock, isUtcZone, wallClockAt } from '../../types/timeZones.js';

/** 2015-01-01T00:00:00Z in epoch seconds. */
export const ORC_EPOCH_SECONDS = 1420070400;

function known<T>(v: T | null, zone: string): T {
  if (v === null) throw new OrcFormatError(`unknown writer time zone '${zone}'`);
  return v;
}

/** Epoch seconds of 2015-01-01 00:00:00 on `zone`'s wall clock. */
const base = (zone: string) => known(instantOfWallClock(ORC_EPOCH_SECONDS * 1000, zone), zone) / 1000;

/** Wall-clock epoch seconds (as if UTC) for ORC's stored seconds written in `zone`. */
export function wallClockSeconds(stored: number, zone: string): number {
  if (isUtcZone(zone)) return stored + ORC_EPOCH_SECONDS;
  return known(wallClockAt((stored + base(zone)) * 1000, zone), zone) / 1000;
}

