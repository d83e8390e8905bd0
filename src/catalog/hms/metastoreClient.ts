// An asynchronous Hive Metastore Thrift client over a TCP socket: binary protocol,
// buffered (default) or framed transport, one call at a time per connection, a timeout
// on every call, bounded reconnection. Calls that only read are retried on a new
// connection when the old one was lost; calls that change metadata are retried only when
// the request never left (the connection could not be made).
import net from 'node:net';
import { BinaryWriter } from './binaryWriter.js';
import { InputBufferUnderrunError, TBinaryProtocol, TBufferedTransport, TFramedTransport, Thrift, coalesced } from './thriftRuntime.js';
import { METHOD_BY_NAME, argsStruct, resultStruct } from './metastoreApi.js';
import { readStruct, writeStruct } from './thriftCodec.js';


export interface MetastoreClientOptions {
  /** thrift://host:port, tried in order. */
  uris: string[];
  framed?: boolean;
  /** Per call, and for connecting (hive.metastore.client.socket.timeout). */
  timeoutMs: number;
  /** Further connection attempts after the first (hive.metastore.failure.retries). */
  retries: number;
  /** hive.metastore.client.connect.retry.delay */
  retryDelayMs: number;
}

export type MetastoreErrorKind = 'exception' | 'connection' | 'timeout' | 'protocol';

export class MetastoreCallError extends Error {
  constructor(readonly kind: MetastoreErrorKind, message: string, readonly exception?: string) { super(message); }
}

const READ_ONLY = /^(get|getMetaConf|partition_name_to|set_ugi)/;

interface Pending { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }

export class MetastoreClient {
  private socket: net.Socket | null = null;
  private uri = '';
  private pending: Pending | null = null;
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: MetastoreClientOptions) {
    if (!opts.uris.length) throw new MetastoreCallError('connection', 'no metastore URI configured (hive.metastore.uris)');
    for (const u of opts.uris) parseUri(u);
  }

  call(method: string, args: Record<string, unknown>): Promise<unknown> {
    const run = () => this.callWithRetry(method, args);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private async callWithRetry(method: string, args: Record<string, unknown>): Promise<unknown> {
    let last: Error | null = null;
    for (let attempt = 0; attempt <= this.opts.retries; attempt++) {
      if (attempt > 0) await sleep(this.opts.retryDelayMs);
      let sent = false;
      try {
        if (!this.socket) await this.connect();
        sent = true;
        return await this.send(method, args);
      } catch (e) {
        last = e as Error;
        const retryable = e instanceof MetastoreCallError && e.kind === 'connection' && (!sent || READ_ONLY.test(method));
        if (!retryable) throw e;
      }
    }
    throw last!;
  }

  private async connect(): Promise<void> {
    const errors: string[] = [];
    for (const uri of this.opts.uris) {
      const { host, port } = parseUri(uri);
      try {
        this.socket = await openSocket(host, port, this.opts.timeoutMs);
        this.uri = uri;
        this.listen(this.socket);
        return;
      } catch (e) {
        errors.push(`${uri}: ${(e as Error).message}`);
      }
    }
    throw new MetastoreCallError('connection', `cannot connect to the metastore (${errors.join('; ')})`);
  }

  private listen(socket: net.Socket): void {
    const Transport = this.opts.framed ? TFramedTransport : TBufferedTransport;
    const onData = Transport.receiver((trans: any) => this.onResponse(trans, socket), undefined, 256 * 1024 * 1024); // eslint-disable-line @typescript-eslint/no-explicit-any
    socket.on('data', coalesced((d: Buffer) => {
      try { onData(d); } catch (e) { this.fail(socket, new MetastoreCallError('protocol', `bad reply from ${this.uri}: ${(e as Error).message}`)); }
    }));
    socket.on('error', (e) => this.fail(socket, new MetastoreCallError('connection', `connection to ${this.uri} failed: ${e.message}`)));
    socket.on('close', () => this.fail(socket, new MetastoreCallError('connection', `connection to ${this.uri} was closed by the metastore`)));
  }

  private fail(socket: net.Socket, e: MetastoreCallError): void {
    if (this.socket === socket) this.socket = null;
    socket.destroy();
    const p = this.pending;
    if (p) {
      this.pending = null;
      clearTimeout(p.timer);
      p.reject(e.kind === 'connection' ? new MetastoreCallError('connection', `${e.message} during ${p.method}`) : e);
    }
  }

  private onResponse(trans: any, socket: net.Socket): void { // eslint-disable-line @typescript-eslint/no-explicit-any
    const p = this.pending;
    try {
      const input = new TBinaryProtocol(trans, true, true);
      const { fname, mtype, rseqid } = input.readMessageBegin();
      if (!p) throw new Error(`unexpected reply ${fname} with no call outstanding`);
      if (fname !== p.method || rseqid !== this.seq) throw new Error(`reply ${fname}#${rseqid} does not match call ${p.method}#${this.seq}`);
      let outcome: { ok: unknown } | { err: MetastoreCallError };
      if (mtype === Thrift.MessageType.EXCEPTION) {
        const x = new Thrift.TApplicationException();
        x.read(input);
        outcome = { err: new MetastoreCallError('exception', `${p.method}: ${x.message}`, 'TApplicationException') };
      } else {
        const m = METHOD_BY_NAME.get(fname)!;
        const r = readStruct(input, resultStruct(m));
        const thrown = m.throws.find((t) => r[t.name]);
        if (thrown) outcome = { err: new MetastoreCallError('exception', r[thrown.name].message ?? thrown.type, thrown.type) };
        else if (m.result && r.success === undefined) outcome = { err: new MetastoreCallError('protocol', `${fname} returned no result`) };
        else outcome = { ok: r.success };
      }
      input.readMessageEnd();
      trans.commitPosition();
      this.pending = null;
      clearTimeout(p.timer);
      if ('ok' in outcome) p.resolve(outcome.ok); else p.reject(outcome.err);
    } catch (e) {
      if (e instanceof InputBufferUnderrunError) { trans.rollbackPosition(); return; }
      this.fail(socket, new MetastoreCallError('protocol',
        `${this.uri} did not answer with a Hive metastore Thrift reply (${(e as Error).message}); is it a metastore?`));
    }
  }

  private send(method: string, args: Record<string, unknown>): Promise<unknown> {
    const m = METHOD_BY_NAME.get(method);
    if (!m) return Promise.reject(new MetastoreCallError('protocol', `unknown metastore method ${method}`));
    const socket = this.socket!;
    return new Promise((resolve, reject) => {
      const out = new BinaryWriter((buf: Buffer) => socket.write(buf), !!this.opts.framed);
      this.seq = (this.seq + 1) | 0;
      try {
        out.writeMessageBegin(method, Thrift.MessageType.CALL, this.seq);
        writeStruct(out, argsStruct(m), args);
        out.writeMessageEnd();
      } catch (e) {
        reject(new MetastoreCallError('protocol', `cannot encode ${method}: ${(e as Error).message}`));
        return;
      }
      const timer = setTimeout(() => {
        this.pending = null;
        if (this.socket === socket) this.socket = null;
        socket.destroy();
        reject(new MetastoreCallError('timeout', `metastore call ${method} to ${this.uri} timed out after ${this.opts.timeoutMs} ms`));
      }, this.opts.timeoutMs);
      this.pending = { method, resolve, reject, timer };
      out.flush();
    });
  }
}

export function parseUri(uri: string): { host: string; port: number } {
  const m = /^thrift:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(uri.trim());
  if (!m) throw new MetastoreCallError('connection', `invalid metastore URI '${uri}': expected thrift://host:port`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

function openSocket(host: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`no connection within ${timeoutMs} ms`)); }, timeoutMs);
    s.once('connect', () => { clearTimeout(timer); s.setNoDelay(true); resolve(s); });
    s.once('error', (e) => { clearTimeout(timer); s.destroy(); reject(e); });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
