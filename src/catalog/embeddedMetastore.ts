// The embedded default: when no metastore is configured, the client starts `sluice
// metastore` in a worker thread of its own process, on a loopback port, over the warehouse
// directory, and talks to it through the same Thrift protocol as to any other metastore.
import { startWorker } from '../runtime/workerScript.js';
import { catalogError } from '../errors.js';

export interface EmbeddedMetastore { uri: string; close(): void }

export function startEmbeddedMetastore(warehouse: string, timeoutMs = 30_000): EmbeddedMetastore {
  const signal = new SharedArrayBuffer(8);
  const flag = new Int32Array(signal);
  const worker = startWorker('catalog/hms/metastoreServerWorker', { workerData: { warehouse, signal }, execArgv: ['--no-deprecation'] /* thrift calls new Buffer() */ });
  worker.unref();
  if (Atomics.wait(flag, 0, 0, timeoutMs) === 'timed-out' || flag[0] !== 1) {
    void worker.terminate();
    throw catalogError(`the embedded metastore over ${warehouse} did not start${flag[0] === 2 ? '' : ` within ${timeoutMs} ms`}`);
  }
  return { uri: `thrift://127.0.0.1:${flag[1]}`, close: () => { void worker.terminate(); } };
}
