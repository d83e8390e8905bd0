// Julian day numbers — dsdgen's date surrogate keys (d_date_sk 2415022 is 1900-01-02).
const UNIX_EPOCH_JULIAN = 2440588;
const DAY_MS = 86_400_000;

export const julian = (y: number, m: number, d: number): number => Math.floor(Date.UTC(y, m - 1, d) / DAY_MS) + UNIX_EPOCH_JULIAN;
export const dateOf = (jd: number): Date => new Date((jd - UNIX_EPOCH_JULIAN) * DAY_MS);
export const isoDate = (jd: number): string => dateOf(jd).toISOString().slice(0, 10);

export const FIRST_DATE = julian(1900, 1, 2);
export const LAST_DATE = julian(2100, 1, 1);
/** Sales happen between these days (TPC-DS: five years from 1998-01-02). */
export const FIRST_SALE = julian(1998, 1, 2);
export const LAST_SALE = julian(2003, 1, 2);
