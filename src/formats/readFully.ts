// Reads exactly `length` bytes at `offset` of an open file (readSync may return fewer).
import { readSync } from 'node:fs';

export function readFully(fd: number, offset: number, length: number, into?: Uint8Array): Uint8Array {
  const buf = into ?? Buffer.allocUnsafeSlow(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, offset + got);
    if (n === 0) throw new Error(`unexpected end of file reading ${length} bytes at offset ${offset}`);
    got += n;
  }
  return buf;
}
