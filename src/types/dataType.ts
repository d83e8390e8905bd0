// Hive's types (primitive and complex), and how each is held in a column vector.

export type DataType =
  | { id: 'void' }
  | { id: 'boolean' }
  | { id: 'tinyint' }
  | { id: 'smallint' }
  | { id: 'int' }
  | { id: 'bigint' }
  | { id: 'float' }
  | { id: 'double' }
  | { id: 'decimal'; precision: number; scale: number }
  | { id: 'string' }
  | { id: 'varchar'; length: number }
  | { id: 'char'; length: number }
  | { id: 'date' }
  | { id: 'timestamp' }
  | { id: 'binary' }
  | { id: 'array'; element: DataType }
  | { id: 'map'; key: DataType; value: DataType }
  | { id: 'struct'; fields: StructField[] };

export interface StructField { name: string; type: DataType }

export type TypeId = DataType['id'];

/**
 * Physical layout of a vector of this type:
 * - i32: Int32Array (tinyint, smallint, int, date as days since 1970-01-01)
 * - f64: Float64Array (bigint, float, double, timestamp as ms since epoch, decimal as an
 *   integer scaled by 10^scale; exact while |value| < 2^53, see docs/architecture.md)
 * - bool: Uint8Array of 0/1
 * - str: JS string array (string, varchar, char, binary as latin1)
 * - obj: JS array of complex values: an array as a JS array, a map as a JS Map (insertion
 *   order, as Hive's LinkedHashMap), a struct as a JS array of its field values. Elements
 *   hold the physical value of their type (booleans as true/false), NULL as null.
 *   Complex values are per-row objects by nature; primitive columns never pay for them.
 */
export type Physical = 'i32' | 'f64' | 'bool' | 'str' | 'obj';

export const T = {
  void: { id: 'void' } as DataType,
  boolean: { id: 'boolean' } as DataType,
  tinyint: { id: 'tinyint' } as DataType,
  smallint: { id: 'smallint' } as DataType,
  int: { id: 'int' } as DataType,
  bigint: { id: 'bigint' } as DataType,
  float: { id: 'float' } as DataType,
  double: { id: 'double' } as DataType,
  string: { id: 'string' } as DataType,
  date: { id: 'date' } as DataType,
  timestamp: { id: 'timestamp' } as DataType,
  binary: { id: 'binary' } as DataType,
  decimal: (precision: number, scale: number): DataType => ({ id: 'decimal', precision, scale }),
};

export function physicalOf(t: DataType): Physical {
  switch (t.id) {
    case 'tinyint': case 'smallint': case 'int': case 'date': return 'i32';
    case 'bigint': case 'float': case 'double': case 'timestamp': case 'decimal': return 'f64';
    case 'boolean': case 'void': return 'bool';
    case 'array': case 'map': case 'struct': return 'obj';
    default: return 'str';
  }
}

export function typeToString(t: DataType): string {
  switch (t.id) {
    case 'decimal': return `decimal(${t.precision},${t.scale})`;
    case 'varchar': return `varchar(${t.length})`;
    case 'char': return `char(${t.length})`;
    case 'array': return `array<${typeToString(t.element)}>`;
    case 'map': return `map<${typeToString(t.key)},${typeToString(t.value)}>`;
    case 'struct': return `struct<${t.fields.map((f) => `${f.name}:${typeToString(f.type)}`).join(',')}>`;
    default: return t.id;
  }
}

export function typesEqual(a: DataType, b: DataType): boolean {
  return typeToString(a) === typeToString(b);
}

export const isIntegral = (t: DataType) => t.id === 'tinyint' || t.id === 'smallint' || t.id === 'int' || t.id === 'bigint';
export const isNumeric = (t: DataType) => isIntegral(t) || t.id === 'float' || t.id === 'double' || t.id === 'decimal';
export const isStringLike = (t: DataType) => t.id === 'string' || t.id === 'varchar' || t.id === 'char';
export const isComplex = (t: DataType) => t.id === 'array' || t.id === 'map' || t.id === 'struct';

const INTEGRAL_RANK: Record<string, number> = { tinyint: 1, smallint: 2, int: 3, bigint: 4 };
/** Digits needed to the left of the point for an integral type, as Hive counts them. */
const INTEGRAL_DIGITS: Record<string, number> = { tinyint: 3, smallint: 5, int: 10, bigint: 19 };

export function asDecimal(t: DataType): { precision: number; scale: number } | null {
  if (t.id === 'decimal') return t;
  if (isIntegral(t)) return { precision: INTEGRAL_DIGITS[t.id], scale: 0 };
  return null;
}

export const MAX_DECIMAL_PRECISION = 38;

export function decimalType(precision: number, scale: number): DataType {
  // Hive keeps at least min(scale, 6) digits of scale when precision overflows 38.
  if (precision > MAX_DECIMAL_PRECISION) {
    const intDigits = precision - scale;
    const minScale = Math.min(scale, 6);
    scale = Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale);
    precision = MAX_DECIMAL_PRECISION;
  }
  return { id: 'decimal', precision, scale };
}

/** The type both sides of a comparison or arithmetic are converted to, as Hive's
 *  FunctionRegistry.getCommonClassForComparison does; null when there is none. */
export function commonType(a: DataType, b: DataType): DataType | null {
  if (a.id === 'void') return b;
  if (b.id === 'void') return a;
  if (typesEqual(a, b)) return a;
  if (isStringLike(a) && isStringLike(b)) return T.string;
  if (isIntegral(a) && isIntegral(b)) return INTEGRAL_RANK[a.id] >= INTEGRAL_RANK[b.id] ? a : b;
  if (isNumeric(a) && isNumeric(b)) {
    if (a.id === 'double' || b.id === 'double' || a.id === 'float' || b.id === 'float') return T.double;
    const da = asDecimal(a)!, db = asDecimal(b)!;
    const scale = Math.max(da.scale, db.scale);
    const intDigits = Math.max(da.precision - da.scale, db.precision - db.scale);
    return decimalType(intDigits + scale, scale);
  }
  // Hive compares strings with numbers as doubles.
  if ((isStringLike(a) && isNumeric(b)) || (isNumeric(a) && isStringLike(b))) return T.double;
  if ((a.id === 'date' && isStringLike(b)) || (isStringLike(a) && b.id === 'date')) return T.date;
  if ((a.id === 'timestamp' && (isStringLike(b) || b.id === 'date')) || (b.id === 'timestamp' && (isStringLike(a) || a.id === 'date'))) return T.timestamp;
  if (a.id === 'boolean' && b.id === 'boolean') return T.boolean;
  return null;
}

/** Parses a Hive type string as the metastore stores it ("decimal(7,2)", "varchar(10)",
 *  "array<struct<a:int,b:map<string,double>>>"). */
export function parseTypeString(text: string): DataType {
  const p = new TypeStringParser(text);
  const t = p.type();
  p.end();
  return t;
}

class TypeStringParser {
  private i = 0;
  constructor(private readonly text: string) {}
  private fail(what: string): never {
    throw new Error(`unsupported type '${this.text}': ${what} at character ${this.i + 1}`);
  }
  private skip(): void { while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++; }
  private word(): string {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*|^`[^`]*`/.exec(this.text.slice(this.i));
    if (!m) this.fail('expected a name');
    this.i += m[0].length;
    return m[0].replace(/^`|`$/g, '');
  }
  private eat(c: string): boolean {
    this.skip();
    if (this.text[this.i] === c) { this.i++; return true; }
    return false;
  }
  private expect(c: string): void { if (!this.eat(c)) this.fail(`expected '${c}'`); }
  end(): void { this.skip(); if (this.i < this.text.length) this.fail('unexpected text'); }
  private number(): number {
    this.skip();
    const m = /^\d+/.exec(this.text.slice(this.i));
    if (!m) this.fail('expected a number');
    this.i += m[0].length;
    return Number(m[0]);
  }
  type(): DataType {
    const name = this.word().toLowerCase();
    switch (name) {
      case 'array': { this.expect('<'); const element = this.type(); this.expect('>'); return { id: 'array', element }; }
      case 'map': {
        this.expect('<'); const key = this.type(); this.expect(','); const value = this.type(); this.expect('>');
        if (isComplex(key)) throw new Error(`invalid type '${this.text}': a map key must be a primitive type`);
        return { id: 'map', key, value };
      }
      case 'struct': {
        this.expect('<');
        const fields: StructField[] = [];
        if (!this.eat('>')) {
          do { const fname = this.word().toLowerCase(); this.expect(':'); fields.push({ name: fname, type: this.type() }); } while (this.eat(','));
          this.expect('>');
        }
        return { id: 'struct', fields };
      }
      case 'uniontype': this.fail('uniontype is not supported');
    }
    let a: number | undefined, b: number | undefined;
    if (this.eat('(')) { a = this.number(); if (this.eat(',')) b = this.number(); this.expect(')'); }
    return primitiveType(name, a, b, this.text);
  }
}

function primitiveType(name: string, a: number | undefined, b: number | undefined, text: string): DataType {
  switch (name) {
    case 'boolean': case 'tinyint': case 'smallint': case 'int': case 'bigint': case 'float':
    case 'double': case 'string': case 'date': case 'timestamp': case 'binary': case 'void':
      return { id: name } as DataType;
    case 'integer': return T.int;
    case 'real': return T.float;
    case 'decimal': case 'numeric': case 'dec': {
      const precision = a === undefined ? 10 : a;
      const scale = b === undefined ? 0 : b;
      if (precision < 1 || precision > 38 || scale > precision) throw new Error(`invalid decimal type '${text}': precision must be 1..38 and scale at most precision`);
      return { id: 'decimal', precision, scale };
    }
    case 'varchar': case 'char': {
      if (a === undefined) throw new Error(`type '${text}' needs a length`);
      const max = name === 'char' ? 255 : 65535;
      if (a < 1 || a > max) throw new Error(`invalid ${name} length in '${text}': must be 1..${max}`);
      return { id: name, length: a };
    }
    default:
      throw new Error(`unsupported type '${text}'`);
  }
}
