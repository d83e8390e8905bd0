// An ORC file's type tree (a flat list of types in pre-order, each column id its index)
// as engine DataTypes. Hive has no union type; a union column reads as
// struct<tag:tinyint,field0:…,field1:…> with only the chosen field set, as Trino maps it.
import { DataType } from '../../types/dataType.js';
import { OrcType, TypeKind } from './orcProto.js';
import { OrcFormatError } from './compression.js';

export const HIVE11_DECIMAL_SCALE = 6;

export interface OrcColumn {
  /** Column id: the index of this type in the footer's type list. */
  id: number;
  kind: number;
  type: DataType;
  children: OrcColumn[];
  /** Field names of a struct's children. */
  fieldNames: string[];
  /** Highest column id in this subtree (its own id when it has no children). */
  maxId: number;
}

export function orcSchema(types: OrcType[]): OrcColumn {
  if (types.length === 0) throw new OrcFormatError('the footer has no types');
  const seen = new Set<number>();
  const build = (id: number): OrcColumn => {
    const t = types[id];
    if (!t || seen.has(id)) throw new OrcFormatError(`bad type tree: column ${id}`);
    seen.add(id);
    const children = t.subtypes.map((s) => {
      if (s <= id) throw new OrcFormatError(`bad type tree: column ${id} has child ${s}`);
      return build(s);
    });
    const maxId = children.length ? children[children.length - 1].maxId : id;
    return { id, kind: t.kind, type: dataTypeOf(t, children), children, fieldNames: t.fieldNames, maxId };
  };
  return build(0);
}

function dataTypeOf(t: OrcType, children: OrcColumn[]): DataType {
  const child = (i: number) => {
    if (!children[i]) throw new OrcFormatError(`type ${kindName(t.kind)} is missing subtype ${i}`);
    return children[i].type;
  };
  switch (t.kind) {
    case TypeKind.BOOLEAN: return { id: 'boolean' };
    case TypeKind.BYTE: return { id: 'tinyint' };
    case TypeKind.SHORT: return { id: 'smallint' };
    case TypeKind.INT: return { id: 'int' };
    case TypeKind.LONG: return { id: 'bigint' };
    case TypeKind.FLOAT: return { id: 'float' };
    case TypeKind.DOUBLE: return { id: 'double' };
    case TypeKind.STRING: return { id: 'string' };
    case TypeKind.BINARY: return { id: 'binary' };
    case TypeKind.TIMESTAMP: case TypeKind.TIMESTAMP_INSTANT: return { id: 'timestamp' };
    case TypeKind.DATE: return { id: 'date' };
    case TypeKind.VARCHAR: return { id: 'varchar', length: t.maximumLength || 65535 };
    case TypeKind.CHAR: return { id: 'char', length: t.maximumLength || 255 };
    // Files from Hive 0.11 carry no precision or scale; like ORC's C++ reader (its
    // forcedScaleOnHive11Decimal) they read as decimal(38,6), extra digits truncated.
    case TypeKind.DECIMAL: return t.precision ? { id: 'decimal', precision: t.precision, scale: t.scale ?? 0 } : { id: 'decimal', precision: 38, scale: HIVE11_DECIMAL_SCALE };
    case TypeKind.LIST: return { id: 'array', element: child(0) };
    case TypeKind.MAP: return { id: 'map', key: child(0), value: child(1) };
    case TypeKind.STRUCT:
      return { id: 'struct', fields: children.map((c, i) => ({ name: t.fieldNames[i] ?? `_col${i}`, type: c.type })) };
    case TypeKind.UNION:
      return { id: 'struct', fields: [{ name: 'tag', type: { id: 'tinyint' } }, ...children.map((c, i) => ({ name: `field${i}`, type: c.type }))] };
    default: throw new OrcFormatError(`unknown type kind ${t.kind} for column`);
  }
}

const KIND_NAMES = Object.fromEntries(Object.entries(TypeKind).map(([k, v]) => [v, k]));
export const kindName = (k: number): string => KIND_NAMES[k] ?? String(k);

/** The file's top-level columns: a struct root's fields, or the root itself as _col0. */
export function topLevelColumns(root: OrcColumn): { name: string; column: OrcColumn }[] {
  if (root.kind !== TypeKind.STRUCT) return [{ name: '_col0', column: root }];
  return root.children.map((c, i) => ({ name: root.fieldNames[i] ?? `_col${i}`, column: c }));
}
