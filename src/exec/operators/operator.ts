// The contract between operators: pull a batch at a time. Operators do not know who
// schedules them or where their input comes from, so the runtime can later put a chain
// of them in a task and feed it from a shuffle instead of a child operator.
import { DataType } from '../../types/dataType.js';
import { Batch } from '../vector.js';

export interface Operator {
  /** Types of the output columns, in order. */
  readonly types: DataType[];
  /** The next batch, or null when the input is exhausted. Batches may be empty. */
  next(): Batch | null;
  /** Releases files and memory; safe to call more than once. */
  close(): void;
}

/** Drains an operator into a list of batches. */
export function drain(op: Operator): Batch[] {
  const out: Batch[] = [];
  try {
    for (let b = op.next(); b; b = op.next()) if (b.length > 0) out.push(b);
  } finally {
    op.close();
  }
  return out;
}
