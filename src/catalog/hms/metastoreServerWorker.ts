// Worker thread running the embedded metastore server for a client process: the server
// must keep answering while the client's main thread blocks on its own metastore calls.
import { workerData } from 'node:worker_threads';
import { startMetastoreServer } from './metastoreServer.js';

const { warehouse, signal } = workerData as { warehouse: string; signal: SharedArrayBuffer };
const flag = new Int32Array(signal);
startMetastoreServer({ warehouse, port: 0 }).then(
  (s) => { Atomics.store(flag, 1, s.port); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); },
  (e) => { console.error(`embedded metastore: ${(e as Error).message}`); Atomics.store(flag, 0, 2); Atomics.notify(flag, 0); },
);
