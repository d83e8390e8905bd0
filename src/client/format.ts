// How results look: a boxed table in the interactive client, tab-separated rows for -e/-f
// as the Hive CLI prints them.
import { getValue } from '../exec/vector.js';
import { formatValue } from '../types/values.js';
import { StatementResult } from '../session/result.js';

export function cellText(v: unknown, c: { type: Parameters<typeof formatValue>[1] }): string {
  return v === null ? 'NULL' : formatValue(v, c.type);
}

export function* resultRows(r: StatementResult & { kind: 'rows' }): Generator<string[]> {
  for (const b of r.batches) {
    for (let i = 0; i < b.length; i++) yield b.columns.map((c) => cellText(getValue(c, i), c));
  }
}

export function formatTsv(r: StatementResult & { kind: 'rows' }, header: boolean): string {
  const lines: string[] = [];
  if (header) lines.push(r.columns.map((c) => c.name).join('\t'));
  for (const row of resultRows(r)) lines.push(row.join('\t'));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Flink's tableau layout: +---+ rules around the header and the rows; numbers right-aligned. */
export function formatTable(r: StatementResult & { kind: 'rows' }, maxWidth: number): string {
  const clip = (x: string) => (x.length > maxWidth ? x.slice(0, maxWidth - 3) + '...' : x);
  const head = r.columns.map((c) => clip(c.name));
  const body = [...resultRows(r)].map((row) => row.map(clip));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const numeric = r.columns.map((c) => !['string', 'varchar', 'char', 'binary', 'date', 'timestamp', 'boolean'].includes(c.type.id));
  const rule = '+' + widths.map((w) => '-'.repeat(w + 2)).join('+') + '+';
  const line = (cells: string[], alignRight: boolean[]) =>
    '|' + cells.map((c, i) => ' ' + (alignRight[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])) + ' ').join('|') + '|';
  return [rule, line(head, head.map(() => false)), rule, ...body.map((row) => line(row, numeric)), rule].join('\n');
}
