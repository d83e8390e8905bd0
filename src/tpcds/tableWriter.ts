import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export type Field = string | number | null;

/** Writes one table in dsdgen's layout: `<out>/<table>/<table>.dat`, fields separated and
 *  terminated by `|`, NULL as an empty field. Lines are buffered and written in ~1 MB
 *  chunks. */
export class TableWriter {
  private fd: number;
  private lines: string[] = [];
  private bytes = 0;
  rows = 0;

  constructor(out: string, readonly table: string) {
    mkdirSync(join(out, table), { recursive: true });
    this.fd = openSync(join(out, table, `${table}.dat`), 'w');
  }

  row(fields: readonly Field[]): void {
    let line = '';
    for (const f of fields) line += (f === null ? '' : f) + '|';
    this.lines.push(line);
    this.bytes += line.length + 1;
    this.rows++;
    if (this.bytes > 1 << 20) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    writeSync(this.fd, this.lines.join('\n') + '\n');
    this.lines = [];
    this.bytes = 0;
  }
}

/** Cents as a decimal(·,2) literal. */
export const money = (cents: number): string => {
  const c = Math.round(cents);
  const sign = c < 0 ? '-' : '';
  const a = Math.abs(c);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
};

/** dsdgen's business keys: the surrogate key in base 16 with digits A–P, least significant
 *  first, behind eight As (1 → AAAAAAAABAAAAAAA). */
export function businessKey(n: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) { s += String.fromCharCode(65 + (n % 16)); n = Math.floor(n / 16); }
  return 'AAAAAAAA' + s;
}
