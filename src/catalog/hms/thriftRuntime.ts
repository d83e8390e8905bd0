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
