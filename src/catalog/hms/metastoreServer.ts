// `sluice metastore`: a Hive Metastore Thrift server (binary protocol; buffered transport
// by default, framed as an option, as Hive's hive.metastore.thrift.framed.transport.enabled).
// Each request is decoded with the method table, run by the handler as one store
// transaction, and answered; the server runs requests one at a time, so concurrent
// clients never interleave inside a change.
import net from 'node:net';
import { join } from 'node:path';
import { BinaryWriter } from './binaryWriter.js';
import { InputBufferUnderrunError, TBinaryProtocol, TBufferedTransport, TFramedTransport, Thrift, coalesced } from './thriftRuntime.js';
import { METHOD_BY_NAME, MethodDef, argsStruct, resultStruct } from './metastoreApi.js';
import { readStruct, writeStruct, ThriftValueError } from './thriftCodec.js';
import { MetastoreError, MetastoreHandler } from './metastoreHandler.js';
import { MetastoreStore } from './metastoreStore.js';


export interface MetastoreServerOptions {
  warehouse: string;
  port: number;
  /** Loopback unless told otherwise. */
  host?: string;
  framed?: boolean;
  /** Connections idle this long are closed. */
  idleTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface RunningMetastore {
  host: string;
  port: number;
  uri: string;
  close(): Promise<void>;
}

function isUnderrun(e: unknown): boolean {
  return e instanceof InputBufferUnderrunError;
}

export function startMetastoreServer(opts: MetastoreServerOptions): Promise<RunningMetastore> {
  const store = new MetastoreStore(join(opts.warehouse, 'metastore.db'));
  const handler = new MetastoreHandler(store, opts.warehouse);
  const log = opts.log ?? (() => {});
  const Transport = opts.framed ? TFramedTransport : TBufferedTransport;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(opts.idleTimeoutMs ?? 600_000, () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const onData = Transport.receiver((trans: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      // strictRead: a message without the Thrift version header is not from a metastore client.
      const input = new TBinaryProtocol(trans, true, true);
      for (;;) {
        try {
          const reply = processOne(input, handler);
          trans.commitPosition();
          const out = new BinaryWriter((buf: Buffer) => { if (!socket.destroyed) socket.write(buf); }, !!opts.framed);
          reply(out);
          out.flush();
        } catch (e) {
          if (isUnderrun(e)) { trans.rollbackPosition(); return; }
          log(`metastore: malformed request from ${peer}, closing the connection: ${(e as Error).message}`);
          socket.destroy();
          return;
        }
      }
    }, undefined, 64 * 1024 * 1024);
    socket.on('data', coalesced((d: Buffer) => {
      try { onData(d); } catch (e) {
        log(`metastore: bad data from ${peer}, closing the connection: ${(e as Error).message}`);
        socket.destroy();
      }
    }));
  });

  return new Promise((resolvePromise, reject) => {
    server.once('error', (e) => { store.close(); reject(e); });
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      const addr = server.address() as net.AddressInfo;
      resolvePromise({
        host: addr.address, port: addr.port, uri: `thrift://${addr.address}:${addr.port}`,
        close: () => new Promise<void>((res) => {
          for (const s of sockets) s.destroy();
          server.close(() => { store.close(); res(); });
        }),
      });
    });
  });
}

/** Decodes one request and runs it; returns the writer of its reply. Throws on an
 *  incomplete message (underrun) before running anything. */
function processOne(input: any, handler: MetastoreHandler): (out: any) => void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const { fname, mtype, rseqid } = input.readMessageBegin();
  if (mtype !== Thrift.MessageType.CALL && mtype !== Thrift.MessageType.ONEWAY) {
    throw new ThriftValueError(`expected a CALL message, got message type ${mtype} for ${fname}`);
  }
  const m = METHOD_BY_NAME.get(fname);
  const impl = handler.methods[fname];
  if (!m || !impl) {
    input.skip(Thrift.Type.STRUCT);
    input.readMessageEnd();
    // Methods Sluice does not implement answer with a MetaException (the first declared
    // exception of almost every metastore method), naming the method.
    const unsupported: MethodDef = { name: fname, args: [], throws: [{ id: 1, name: 'o1', type: 'MetaException' }] };
    return (out) => reply(out, fname, rseqid, unsupported, { o1: { message: `The Sluice metastore does not support the method ${fname}` } });
  }
  const args = readStruct(input, argsStruct(m));
  input.readMessageEnd();
  let result: Record<string, unknown>;
  try {
    const value = impl(args);
    result = m.result ? { success: value } : {};
    if (m.result && value === undefined) throw new MetastoreError('MetaException', `${fname} returned no result`);
  } catch (e) {
    const type = e instanceof MetastoreError ? e.type : 'MetaException';
    const message = e instanceof MetastoreError ? e.message : `${fname} failed: ${(e as Error).message}`;
    const slot = m.throws.find((t) => t.type === type) ?? m.throws.find((t) => t.type === 'MetaException') ?? m.throws[0];
    if (!slot) {
      return (out) => {
        out.writeMessageBegin(fname, Thrift.MessageType.EXCEPTION, rseqid);
        new Thrift.TApplicationException(Thrift.TApplicationExceptionType.INTERNAL_ERROR, `${type}: ${message}`).write(out);
        out.writeMessageEnd();
      };
    }
    // An error of a type the method does not declare goes into its MetaException slot.
    result = { [slot.name]: { message } };
  }
  return (out) => reply(out, fname, rseqid, m, result);
}

function reply(out: any, fname: string, seqid: number, m: MethodDef, result: Record<string, unknown>): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  out.writeMessageBegin(fname, Thrift.MessageType.REPLY, seqid);
  writeStruct(out, resultStruct(m), result);
  out.writeMessageEnd();
}
