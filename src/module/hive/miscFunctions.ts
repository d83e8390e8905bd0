// Hive's hashing, encryption, conversion and session functions.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { DataType, T } from '../../types/dataType.js';
import type { BuiltinForm, FunctionDefinition, ScalarFunction } from '../functionDefinition.js';
import { scalarWith } from '../signatures.js';

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const textBytes = (s: string, t: DataType) => (t.id === 'binary' ? latin1(s) : Buffer.from(s, 'utf8'));

const doubleBits = new DataView(new ArrayBuffer(8));

/** Java hashCode of a value as Hive's ObjectInspectorUtils.hashCode computes it. */
export function hiveHash(v: unknown, t: DataType): number {
  if (v === null || v === undefined) return 0;
  switch (t.id) {
    case 'boolean': return v ? 1 : 0;
    case 'tinyint': case 'smallint': case 'int': case 'date': return v as number;
    case 'bigint': {
      const b = BigInt.asUintN(64, BigInt(v as number));
      return Number(BigInt.asIntN(32, b ^ (b >> 32n)));
    }
    case 'float': doubleBits.setFloat32(0, v as number); return doubleBits.getInt32(0);
    case 'double': {
      doubleBits.setFloat64(0, (v as number) === 0 ? 0 : (v as number));
      return doubleBits.getInt32(0) ^ doubleBits.getInt32(4);
    }
    case 'array': case 'struct': {
      const elems = v as unknown[];
      let r = 0;
      elems.forEach((e, i) => { r = (Math.imul(31, r) + hiveHash(e, t.id === 'array' ? t.element : t.fields[i].type)) | 0; });
      return r;
    }
    case 'map': {
      let r = 0;
      for (const [k, x] of v as Map<unknown, unknown>) r = (r + (hiveHash(k, t.key) ^ hiveHash(x, t.value))) | 0;
      return r;
    }
    default: {
      const bytes = t.id === 'binary' ? latin1(v as string) : Buffer.from(typeof v === 'string' ? v : String(v), 'utf8');
      let h = 0;
      for (const b of bytes) h = (Math.imul(31, h) + ((b << 24) >> 24)) | 0;
      return h;
    }
  }
}

const hash: ScalarFunction = {
  kind: 'scalar', name: 'hash', nullSafe: true, usage: 'hash(a1, a2, …) - Java-style hash code of the arguments (as Hive buckets rows)',
  resolve: (args) => ({ args: args.map((a) => (a.id === 'void' ? T.int : a)), result: T.int }),
  make: (types) => (...xs: unknown[]) => {
    let r = 0;
    xs.forEach((x, i) => { r = (Math.imul(31, r) + hiveHash(x, types[i])) | 0; });
    return r;
  },
};

const digest = (name: string, algo: string) => scalarWith(name, 'string -> string | binary -> string', (types) => (s: string) => createHash(algo).update(textBytes(s, types[0])).digest('hex'), {
  usage: `${name}(str | bin) - ${algo.toUpperCase()} digest as hex`,
});

function aes(encrypt: boolean) {
  return scalarWith(encrypt ? 'aes_encrypt' : 'aes_decrypt', 'binary, binary -> binary', () => (input: string, key: string) => {
    const k = latin1(key);
    if (![16, 24, 32].includes(k.length)) return null;
    try {
      const c = encrypt ? createCipheriv(`aes-${k.length * 8}-ecb`, k, null) : createDecipheriv(`aes-${k.length * 8}-ecb`, k, null);
      return Buffer.concat([c.update(latin1(input)), c.final()]).toString('latin1');
    } catch {
      return null;
    }
  }, { usage: `${encrypt ? 'aes_encrypt(input, key) - input encrypted' : 'aes_decrypt(input, key) - input decrypted'} with AES/ECB/PKCS5 (key of 16, 24 or 32 bytes)` });
}

/** Type conversion functions (UDFToInteger and friends): the binder binds them as CAST. */
export const CONVERSION_FUNCTIONS: BuiltinForm[] = [
  'boolean', 'tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'string', 'binary', 'date', 'timestamp',
].map((name) => ({ kind: 'special', name, usage: `${name}(x) - x converted to ${name}, as CAST(x AS ${name.toUpperCase()})` }));

/** Session functions, answered by the binder from the session. */
export const SESSION_FUNCTIONS: BuiltinForm[] = [
  { kind: 'special', name: 'current_database', usage: 'current_database() - the current database' },
  { kind: 'special', name: 'current_user', usage: 'current_user() - the user running the session' },
  { kind: 'special', name: 'logged_in_user', usage: 'logged_in_user() - the user running the session' },
  { kind: 'special', name: 'version', usage: 'version() - the Hive version the hive module follows, and Sluice' },
];

const truth = (name: string, f: (b: boolean | null) => boolean, usage: string): ScalarFunction => ({
  kind: 'scalar', name, nullSafe: true, usage,
  resolve: (args) => (args.length === 1 ? { args: [T.boolean], result: T.boolean } : null),
  make: () => f,
});

export const HIVE_MISC_FUNCTIONS: FunctionDefinition[] = [
  hash,
  digest('md5', 'md5'), digest('sha1', 'sha1'), digest('sha', 'sha1'),
  scalarWith('sha2', 'string, int -> string | binary, int -> string', (types) => (s: string, bits: number) => {
    const algo = bits === 0 || bits === 256 ? 'sha256' : bits === 224 ? 'sha224' : bits === 384 ? 'sha384' : bits === 512 ? 'sha512' : null;
    return algo ? createHash(algo).update(textBytes(s, types[0])).digest('hex') : null;
  }, { usage: 'sha2(str, bits) - SHA-2 digest (224, 256 (or 0), 384, 512 bits) as hex; NULL for other lengths' }),
  scalarWith('crc32', 'string -> bigint | binary -> bigint', (types) => (s: string) => zlib.crc32(textBytes(s, types[0])), { usage: 'crc32(str | bin) - the CRC-32 checksum' }),
  aes(true), aes(false),
  truth('istrue', (b) => b === true, 'istrue(b) - b IS TRUE'),
  truth('isfalse', (b) => b === false, 'isfalse(b) - b IS FALSE'),
  truth('isnottrue', (b) => b !== true, 'isnottrue(b) - b IS NOT TRUE'),
  truth('isnotfalse', (b) => b !== false, 'isnotfalse(b) - b IS NOT FALSE'),
  ...CONVERSION_FUNCTIONS,
  ...SESSION_FUNCTIONS,
];
