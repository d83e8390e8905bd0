// Reads and writes Thrift values described by a declarative type table (see
// metastoreApi.ts) with the `thrift` package's protocol classes. The Thrift compiler is
// not part of a Node toolchain, so instead of generated classes one interpreter walks
// the field table: the same table drives the client, the server and the wire test.
import { Thrift } from './thriftRuntime.js';

const { Type } = Thrift;

export type TType =
  | 'bool' | 'byte' | 'i16' | 'i32' | 'i64' | 'double' | 'string' | 'binary'
  | { list: TType } | { set: TType } | { map: [TType, TType] } | { struct: StructDef };

export interface FieldDef { id: number; name: string; type: TType }

export interface StructDef { name: string; fields: FieldDef[]; union?: boolean }

/** A decoded Thrift struct: field names to values; i64 as number, binary as Buffer. */
export type TValue = any; // eslint-disable-line @typescript-eslint/no-explicit-any

// The protocol objects of the `thrift` package (TBinaryProtocol / TCompactProtocol).
export type TProtocol = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export function typeId(t: TType): number {
  if (typeof t === 'string') {
    switch (t) {
      case 'bool': return Type.BOOL;
      case 'byte': return Type.BYTE;
      case 'i16': return Type.I16;
      case 'i32': return Type.I32;
      case 'i64': return Type.I64;
      case 'double': return Type.DOUBLE;
      case 'string': case 'binary': return Type.STRING;
    }
  }
  if ('list' in t) return Type.LIST;
  if ('set' in t) return Type.SET;
  if ('map' in t) return Type.MAP;
  return Type.STRUCT;
}

export function typeName(t: TType): string {
  if (typeof t === 'string') return t;
  if ('list' in t) return `list<${typeName(t.list)}>`;
  if ('set' in t) return `set<${typeName(t.set)}>`;
  if ('map' in t) return `map<${typeName(t.map[0])},${typeName(t.map[1])}>`;
  return t.struct.name;
}

export class ThriftValueError extends Error {}

export function writeValue(out: TProtocol, t: TType, v: TValue, path: string): void {
  if (typeof t === 'string') {
    switch (t) {
      case 'bool': out.writeBool(Boolean(v)); return;
      case 'byte': out.writeByte(num(v, path)); return;
      case 'i16': out.writeI16(num(v, path)); return;
      case 'i32': out.writeI32(num(v, path)); return;
      case 'i64': out.writeI64(num(v, path)); return;
      case 'double': out.writeDouble(Number(v)); return;
      case 'string':
        if (typeof v !== 'string') throw new ThriftValueError(`${path}: expected a string, got ${typeof v}`);
        out.writeString(v); return;
      case 'binary': out.writeBinary(Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array)); return;
    }
  }
  if ('list' in t || 'set' in t) {
    const et = 'list' in t ? t.list : t.set;
    const arr = v as TValue[];
    if (!Array.isArray(arr)) throw new ThriftValueError(`${path}: expected a list`);
    if ('list' in t) out.writeListBegin(typeId(et), arr.length); else out.writeSetBegin(typeId(et), arr.length);
    arr.forEach((x, i) => writeValue(out, et, x, `${path}[${i}]`));
    if ('list' in t) out.writeListEnd(); else out.writeSetEnd();
    return;
  }
  if ('map' in t) {
    const [kt, vt] = t.map;
    const entries: [TValue, TValue][] = v instanceof Map ? [...v.entries()] : Object.entries(v as object);
    out.writeMapBegin(typeId(kt), typeId(vt), entries.length);
    for (const [k, x] of entries) { writeValue(out, kt, k, `${path}.key`); writeValue(out, vt, x, `${path}[${k}]`); }
    out.writeMapEnd();
    return;
  }
  writeStruct(out, t.struct, v, path);
}

function num(v: TValue, path: string): number {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new ThriftValueError(`${path}: expected a number, got ${String(v)}`);
  return n;
}

/** Writes the fields that are present (not undefined/null), in declaration order. */
export function writeStruct(out: TProtocol, s: StructDef, v: TValue, path = s.name): void {
  if (v === null || typeof v !== 'object') throw new ThriftValueError(`${path}: expected a ${s.name} struct`);
  out.writeStructBegin(s.name);
  for (const f of s.fields) {
    const x = v[f.name];
    if (x === undefined || x === null) continue;
    out.writeFieldBegin(f.name, typeId(f.type), f.id);
    writeValue(out, f.type, x, `${path}.${f.name}`);
    out.writeFieldEnd();
  }
  out.writeFieldStop();
  out.writeStructEnd();
}

export function readValue(inp: TProtocol, t: TType): TValue {
  if (typeof t === 'string') {
    switch (t) {
      case 'bool': return inp.readBool();
      case 'byte': return inp.readByte();
      case 'i16': return inp.readI16();
      case 'i32': return inp.readI32();
      case 'i64': return inp.readI64().toNumber();
      case 'double': return inp.readDouble();
      case 'string': return inp.readString();
      case 'binary': return Buffer.from(inp.readBinary());
    }
  }
  if ('list' in t || 'set' in t) {
    const et = 'list' in t ? t.list : t.set;
    const h = 'list' in t ? inp.readListBegin() : inp.readSetBegin();
    checkSize(h.size);
    const out: TValue[] = [];
    for (let i = 0; i < h.size; i++) out.push(readValue(inp, et));
    if ('list' in t) inp.readListEnd(); else inp.readSetEnd();
    return out;
  }
  if ('map' in t) {
    const h = inp.readMapBegin();
    checkSize(h.size);
    // Maps with string keys (all the metastore's but SkewedInfo's) decode to objects.
    const out: Record<string, TValue> | Map<TValue, TValue> = t.map[0] === 'string' ? {} : new Map();
    for (let i = 0; i < h.size; i++) {
      const k = readValue(inp, t.map[0]);
      const x = readValue(inp, t.map[1]);
      if (out instanceof Map) out.set(k, x); else out[k] = x;
    }
    inp.readMapEnd();
    return out;
  }
  return readStruct(inp, t.struct);
}

function checkSize(n: number): void {
  if (n < 0 || n > 100_000_000) throw new ThriftValueError(`invalid collection size ${n}`);
}

/** Reads a struct; fields unknown to the table, or of another wire type, are skipped
 *  (Thrift's rule for compatibility between versions). */
export function readStruct(inp: TProtocol, s: StructDef): TValue {
  const out: TValue = {};
  inp.readStructBegin();
  for (;;) {
    const { ftype, fid } = inp.readFieldBegin();
    if (ftype === Type.STOP) break;
    const f = s.fields.find((x) => x.id === fid);
    if (f && typeId(f.type) === ftype) out[f.name] = readValue(inp, f.type);
    else inp.skip(ftype);
    inp.readFieldEnd();
  }
  inp.readStructEnd();
  return out;
}
