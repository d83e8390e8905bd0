// A blocking face on the metastore client. The catalog API is synchronous (as Flink's and
// Hive's are), while Node sockets are not: the connection lives in a worker thread and the
// caller waits on a shared flag (Atomics.wait, bounded) for each reply, which it takes
// with receiveMessageOnPort.
import { MessageChannel, MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';
import { startWorker } from '../../runtime/workerScript.js';
import { MetastoreCallError, MetastoreClientOptions, MetastoreErrorKind } from './metastoreClient.js';

export class SyncMetastoreClient {
  private worker!: Worker;
  private port!: MessagePort;
  private flag!: Int32Array;

  constructor(private readonly options: MetastoreClientOptions) {
    this.start();
  }

  private start(): void {
    const { port1, port2 } = new MessageChannel();
    const signal = new SharedArrayBuffer(4);
    this.flag = new Int32Array(signal);
    this.port = port1;
    this.worker = startWorker('catalog/hms/metastoreClientWorker', {
      workerData: { options: this.options, port: port2, signal }, transferList: [port2],
      execArgv: ['--no-deprecation'], // the thrift package still calls new Buffer()
    });
    this.worker.unref();
    // The worker raises the flag once it listens; a worker that cannot start would
    // otherwise only show as a timed-out first call.
    if (Atomics.wait(this.flag, 0, 0, 30_000) === 'timed-out') {
      void this.worker.terminate();
      throw new MetastoreCallError('connection', 'the metastore client thread did not start within 30 s');
    }
  }

  /** Longest a call can take in the worker: every attempt timing out, plus the delays. */
  private get deadlineMs(): number {
    const o = this.options;
    return (o.retries + 1) * (2 * o.timeoutMs + o.retryDelayMs) + 15_000;
  }

  call<T = unknown>(method: string, args: Record<string, unknown> = {}): T {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage({ method, args });
    if (Atomics.wait(this.flag, 0, 0, this.deadlineMs) === 'timed-out') {
      // The worker is stuck; replace it so the next call starts clean.
      void this.worker.terminate();
      this.start();
      throw new MetastoreCallError('timeout', `metastore call ${method} did not finish within ${this.deadlineMs} ms`);
    }
    const msg = receiveMessageOnPort(this.port)?.message as
      { ok?: unknown; error?: { kind: MetastoreErrorKind; message: string; exception?: string } } | undefined;
    if (!msg) throw new MetastoreCallError('protocol', `metastore call ${method}: no reply from the client thread`);
    if (msg.error) throw new MetastoreCallError(msg.error.kind, msg.error.message, msg.error.exception);
    return msg.ok as T;
  }

  close(): void {
    this.port.postMessage('close');
    this.port.close();
    void this.worker.terminate();
  }
}
