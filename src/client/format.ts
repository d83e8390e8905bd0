// How results look: a boxed table in the interactive client, tab-separated rows for -e/-f
// as the Hive CLI prints them.
import Table from 'cli-table3';
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

export function formatTable(r: StatementResult & { kind: 'rows' }, maxWidth: number): string {
  const t = new Table({
    head: r.columns.map((c) => c.name),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  const clip = (s: string) => (s.length > maxWidth ? s.slice(0, maxWidth - 1) + '…' : s);
  for (const row of resultRows(r)) t.push(row.map(clip));
  return t.toString();
}
