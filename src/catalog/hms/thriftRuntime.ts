// The `thrift` package's protocol and transport classes. Its published type definitions
// lag the library (receiver's maxLength, flush callbacks), so they are used untyped here.
import thrift from 'thrift';

/* eslint-disable @typescript-eslint/no-explicit-any */
const lib = thrift as any;
export const Thrift = lib.Thrift;
export const TBinaryProtocol = lib.TBinaryProtocol;
export const TBufferedTransport = lib.TBufferedTransport;
export const TFramedTransport = lib.TFramedTransport;
export const InputBufferUnderrunError = lib.InputBufferUnderrunError;

/** Hands socket data on once per turn of the event loop instead of once per chunk. The
 *  buffered transport has no length prefix, so its receiver re-parses the whole message on
 *  every chunk until it is complete: a 5 MB reply in 64 KB chunks was parsed ~80 times
 *  (quadratic). Chunks that arrive together are now joined and parsed once. */
export function coalesced(onData: (d: Buffer) => void): (d: Buffer) => void {
  let chunks: Buffer[] = [];
  let scheduled = false;
  return (d) => {
    chunks.push(d);
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      chunks = [];
      onData(all);
    });
  };
}
