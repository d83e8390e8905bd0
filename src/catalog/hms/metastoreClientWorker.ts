// Worker thread that owns the metastore connection for a SyncMetastoreClient: it runs
// the asynchronous client and signals the waiting main thread when each reply is posted.
import { MessagePort, workerData } from 'node:worker_threads';
import { MetastoreCallError, MetastoreClient, MetastoreClientOptions } from './metastoreClient.js';

const { options, port, signal } = workerData as { options: MetastoreClientOptions; port: MessagePort; signal: SharedArrayBuffer };
const flag = new Int32Array(signal);
let client: MetastoreClient | null = null;
let setupError: string | null = null;
try { client = new MetastoreClient(options); } catch (e) { setupError = (e as Error).message; }

port.on('message', async (msg: { method: string; args: Record<string, unknown> } | 'close') => {
  if (msg === 'close') { client?.close(); port.close(); return; }
  let reply;
  try {
    if (!client) throw new MetastoreCallError('connection', setupError ?? 'no client');
    reply = { ok: await client.call(msg.method, msg.args) };
  } catch (e) {
    const err = e as MetastoreCallError;
    reply = { error: { kind: err.kind ?? 'protocol', message: err.message, exception: err.exception } };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
