// Thrift's binary protocol (strict, version 1) written into one growing buffer. The
// `thrift` package's TBinaryProtocol over TBufferedTransport allocates a Buffer for every
// integer and string and collects them in small chunks; a 1,800-partition reply took
// ~150 ms to encode that way and takes a few here. Reading stays with the package.
import { Thrift } from './thriftRuntime.js';

const VERSION_1 = 0x80010000 | 0;

export class BinaryWriter {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private pos: number;

  /** framed: prefix each flushed message with its length (TFramedTransport). */
  constructor(private readonly onFlush: (b: Buffer) => void, private readonly framed = false) {
    this.pos = framed ? 4 : 0;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  writeMessageBegin(name: string, type: number, seqid: number): void {
    this.writeI32(VERSION_1 | type);
    this.writeString(name);
    this.writeI32(seqid);
  }
  writeMessageEnd(): void {}
  writeStructBegin(): void {}
  writeStructEnd(): void {}
  writeFieldBegin(_name: string, type: number, id: number): void { this.writeByte(type); this.writeI16(id); }
  writeFieldEnd(): void {}
  writeFieldStop(): void { this.writeByte(Thrift.Type.STOP); }
  writeMapBegin(ktype: number, vtype: number, size: number): void { this.writeByte(ktype); this.writeByte(vtype); this.writeI32(size); }
  writeMapEnd(): void {}
  writeListBegin(etype: number, size: number): void { this.writeByte(etype); this.writeI32(size); }
  writeListEnd(): void {}
  writeSetBegin(etype: number, size: number): void { this.writeByte(etype); this.writeI32(size); }
  writeSetEnd(): void {}
  writeBool(v: boolean): void { this.writeByte(v ? 1 : 0); }
  writeByte(v: number): void { this.ensure(1); this.buf.writeInt8(((v << 24) >> 24), this.pos); this.pos += 1; }
  writeI16(v: number): void { this.ensure(2); this.buf.writeInt16BE(((v << 16) >> 16), this.pos); this.pos += 2; }
  writeI32(v: number): void { this.ensure(4); this.buf.writeInt32BE(v | 0, this.pos); this.pos += 4; }
  writeI64(v: number | bigint | { toNumber(): number }): void {
    const n = typeof v === 'bigint' ? v : BigInt(Math.trunc(typeof v === 'number' ? v : v.toNumber()));
    this.ensure(8); this.buf.writeBigInt64BE(n, this.pos); this.pos += 8;
  }
  writeDouble(v: number): void { this.ensure(8); this.buf.writeDoubleBE(v, this.pos); this.pos += 8; }
  writeString(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.writeI32(n);
    this.ensure(n);
    this.buf.write(s, this.pos, n, 'utf8');
    this.pos += n;
  }
  writeBinary(b: Buffer | string): void {
    if (typeof b === 'string') { this.writeString(b); return; }
    this.writeI32(b.length);
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }

  flush(): void {
    if (this.framed) this.buf.writeInt32BE(this.pos - 4, 0);
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = this.framed ? 4 : 0;
    this.onFlush(out);
  }
}
