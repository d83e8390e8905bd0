// The TaskExecutors of this process: worker threads, one slot each, started on first use
// and kept for later jobs. The JobMaster runs on the session's (synchronous) thread, so
// it waits for their messages on a shared counter with Atomics.wait and takes them with
// receiveMessageOnPort, as the metastore client does. A thread that dies flags itself in
// the shared state; one terminated by the JobMaster is known dead at once.
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorker } from './workerScript.js';
import type { RemoveRequest, TaskDescriptor, TaskMessage } from './task.js';

const MAX_EXECUTORS = 256;
const START_TIMEOUT_MS = 60_000;

export class TaskExecutor {
  dead = false;
  /** Key of the attempt it runs, or null when idle. */
  running: string | null = null;
  constructor(readonly id: number, readonly index: number, private readonly worker: Worker, readonly port: MessagePort, readonly dir: string) {}
  run(task: TaskDescriptor): void { this.running = task.key; this.port.postMessage(task); }
  /** Has the thread delete files of its own results between its tasks: removing a task's
   *  files takes about a millisecond, which on the JobMaster's thread would hold up
   *  scheduling (1,566 released results per TPC-DS pass). Nothing waits for it. */
  remove(paths: string[]): void { if (paths.length > 0 && !this.dead) this.port.postMessage({ type: 'remove', paths } satisfies RemoveRequest); }
  kill(): void {
    this.dead = true;
    rmSync(this.dir, { recursive: true, force: true }); // its local result partitions go with it
    // A task still running there may write a file or two before the thread stops: remove
    // the directory once more when it has.
    void this.worker.terminate().then(() => rmSync(this.dir, { recursive: true, force: true }));
  }
}

export class TaskExecutorPool {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4 * (1 + MAX_EXECUTORS)));
  private executors: TaskExecutor[] = [];
  private nextId = 0;
  private readonly root: string;

  constructor(tmpRoot = tmpdir()) {
    this.root = join(tmpRoot, `sluice-${process.pid}-${Date.now().toString(36)}`);
  }

  get live(): TaskExecutor[] { return this.executors.filter((e) => !e.dead); }

  /** Makes sure `slots` live executors exist and returns them. */
  ensure(slots: number): TaskExecutor[] {
    this.executors = this.executors.filter((e) => !e.dead);
    while (this.executors.length < slots) this.executors.push(this.start());
    return this.executors.slice(0, slots);
  }

  private start(): TaskExecutor {
    const used = new Set(this.executors.map((e) => e.index));
    let index = 0;
    while (used.has(index)) index++;
    if (index >= MAX_EXECUTORS) throw new Error('too many TaskExecutors');
    Atomics.store(this.signal, 1 + index, 0);
    const { port1, port2 } = new MessageChannel();
    const worker = startWorker('runtime/taskExecutorWorker', { workerData: { signal: this.signal, index, port: port2 }, transferList: [port2] });
    worker.unref();
    port1.unref();
    const id = this.nextId++;
    const dir = join(this.root, `tm-${id}`);
    mkdirSync(dir, { recursive: true });
    const ex = new TaskExecutor(id, index, worker, port1, dir);
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const m = receiveMessageOnPort(port1)?.message as TaskMessage | undefined;
      if (m?.type === 'ready') return ex;
      if (Atomics.load(this.signal, 1 + index) === 2) throw new Error('a TaskExecutor thread ended while starting');
      if (Date.now() > deadline) { void worker.terminate(); throw new Error(`a TaskExecutor thread did not start within ${START_TIMEOUT_MS / 1000} s`); }
      Atomics.wait(this.signal, 0, seen, 200);
    }
  }

  /** Waits until some executor posts a message or dies, at most `ms`; returns what arrived. */
  poll(ms: number): { executor: TaskExecutor; message: TaskMessage }[] {
    const seen = Atomics.load(this.signal, 0);
    const out = this.drain();
    // Only look at the flags here: deaths() is the one place that marks an executor dead,
    // so its caller learns of every death exactly once.
    if (out.length > 0 || this.executors.some((e) => this.threadEnded(e))) return out;
    Atomics.wait(this.signal, 0, seen, ms);
    return this.drain();
  }

  private drain(): { executor: TaskExecutor; message: TaskMessage }[] {
    const out: { executor: TaskExecutor; message: TaskMessage }[] = [];
    for (const e of this.executors) {
      if (e.dead) continue;
      for (let m = receiveMessageOnPort(e.port); m; m = receiveMessageOnPort(e.port)) out.push({ executor: e, message: m.message as TaskMessage });
    }
    return out;
  }

  /** Executors whose thread ended since they were last seen alive (now marked dead). */
  deaths(): TaskExecutor[] {
    const dead: TaskExecutor[] = [];
    for (const e of this.executors) if (this.threadEnded(e)) { e.kill(); dead.push(e); }
    return dead;
  }

  /** The thread flagged its own end and the executor is not yet marked dead. */
  private threadEnded(e: TaskExecutor): boolean {
    return !e.dead && Atomics.load(this.signal, 1 + e.index) === 2;
  }

  shutdown(): void {
    for (const e of this.executors) e.kill();
    this.executors = [];
    rmSync(this.root, { recursive: true, force: true });
  }
}

let shared: TaskExecutorPool | null = null;
/** The process's pool (threads are costly to start, so sessions share them). */
export function sharedPool(): TaskExecutorPool {
  if (!shared) {
    shared = new TaskExecutorPool();
    process.once('exit', () => shared?.shutdown());
  }
  return shared;
}
