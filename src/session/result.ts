// What executing one statement returns to the client.
import { DataType, T } from '../types/dataType.js';
import { Batch, VectorBuilder } from '../exec/vector.js';

export interface Column { name: string; type: DataType }

export type StatementResult =
  | { kind: 'rows'; columns: Column[]; batches: Batch[]; rowCount: number }
  | { kind: 'ok'; message?: string };

/** A small result made of string rows (SHOW, DESCRIBE, SET). */
export function textRows(names: string[], rows: (string | null)[][]): StatementResult {
  const builders = names.map(() => new VectorBuilder(T.string, Math.max(1, rows.length)));
  for (const r of rows) r.forEach((v, i) => builders[i].append(v));
  const batch: Batch = { columns: builders.map((b) => b.finish()), length: rows.length };
  return { kind: 'rows', columns: names.map((name) => ({ name, type: T.string })), batches: rows.length ? [batch] : [], rowCount: rows.length };
}

export const ok = (message?: string): StatementResult => ({ kind: 'ok', message });
