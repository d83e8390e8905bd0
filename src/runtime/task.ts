// What the JobMaster sends a TaskExecutor to run one subtask attempt, and what comes back.
import type { DataType } from '../types/dataType.js';
import type { Distribution } from '../planner/logicalPlan.js';
import type { InputSplit } from '../formats/storageFormat.js';

/** The key of a producer output in TaskDescriptor.inputs. */
export const inputKey = (stage: number, output: number): string => `${stage}.${output}`;

export interface TaskDescriptor {
  /** `<stage>.<subtask>.<attempt>`: identifies the attempt in every message. */
  key: string;
  stage: number;
  subtask: number;
  /** Subtasks of the stage. */
  parallelism: number;
  attempt: number;
  stageName: string;
  /** The stage's plan, encoded by planCodec. */
  plan: unknown;
  types: DataType[];
  /** Splits this subtask scans, for a stage with a table scan. */
  scanSplits?: InputSplit[];
  /** For each producer output read (`<stage>.<output>`): the files this subtask reads, in
   *  producer subtask order. */
  inputs: Record<string, string[]>;
  /** Where the rows go: one result per consumer ('result': the job's result, one file). */
  outputs: {
    /** Its number among the stage's outputs: files are resultPath(results, output, part). */
    output: number;
    distribution: Distribution | 'result';
    parts: number;
    /** Hash keys (encoded bound expressions over the stage's output). */
    keys: unknown;
  }[];
  /** The attempt's result files are this path plus -<output>-<part>.arrow (resultPath): one
   *  directory per job and executor, none per task (making and removing a directory per
   *  task cost ~0.5 ms each on the TaskExecutor's thread). */
  results: string;
  /** This task's managed memory (its slot's share) and how many operators split it. */
  memoryBytes: number;
  memoryConsumers: number;
  spillDir: string;
  compress: boolean;
  inject?: TaskInjection;
}

/** Test hooks run inside the task: throw from the stage's last operator, or end the
 *  worker thread (as if the TaskExecutor crashed), after the first output batch. */
export interface TaskInjection { kind: 'throw' | 'exit' }

export interface TaskMetrics {
  rowsOut: number;
  /** Rows each operator produced and the time spent in it and below it in this task, root
   *  first; `node` is the plan node's number where the plan was numbered (EXPLAIN ANALYZE). */
  operatorRows: { operator: string; rows: number; ms: number; node?: number }[];
  shuffleBytesWritten: number;
  shuffleRawBytes: number;
  shuffleBytesRead: number;
  bytesSpilled: number;
  spillFiles: number;
  millis: number;
}

export type TaskMessage =
  | { type: 'ready'; executor: number }
  | { type: 'done'; key: string; metrics: TaskMetrics }
  | { type: 'failed'; key: string; message: string; operator: string; lostFile?: string; stack?: string };

/** JobMaster → TaskExecutor: delete these result files or directories (released results,
 *  an ended job's directory). */
export interface RemoveRequest { type: 'remove'; paths: string[] }

/** A result file: output `output`'s partition `part` of the attempt whose results are at `results`. */
export const resultPath = (results: string, output: number, part: number) => `${results}-o${output}-${part}.arrow`;
