// Hash join: the build input is read whole into one batch and indexed by key; probe
// batches stream through. With no key columns every build row is a candidate (cross
// join). A residual condition is checked on candidate pairs before deciding matches, so
// outer, semi and anti joins keep SQL's semantics for non-equi conditions too.
import { DataType } from '../../types/dataType.js';
import { BATCH_SIZE, Batch, allocFor, concatBatches, gather, gatherBatch, gatherColumns } from '../vector.js';
import { CompiledFilter } from '../exprCompiler.js';
import { Operator, drain } from './operator.js';
import { Key, KeyEncoder, RowKeys } from '../rowKeys.js';
import { IntHashMap } from '../intHashMap.js';

export type PhysicalJoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';

export interface HashJoinSpec {
  type: PhysicalJoinType;
  probeKeys: number[];
  buildKeys: number[];
  /** Evaluated over probe columns followed by build columns. */
  residual: CompiledFilter | null;
  /** The probe and build columns the join outputs, in this order (absent: all of them).
   *  Columns read only by the join itself, such as its keys, are then never gathered. */
  output?: JoinOutput;
}

export interface JoinOutput { probe: number[]; build: number[] }

/** The columns a join of these inputs outputs: spec.output's, else every probe column and
 *  (unless semi or anti) every build column. */
export function joinOutputTypes(spec: HashJoinSpec, probe: DataType[], build: DataType[]): DataType[] {
  const keepsBuild = spec.type !== 'semi' && spec.type !== 'anti';
  if (!spec.output) return keepsBuild ? [...probe, ...build] : probe;
  return [...spec.output.probe.map((c) => probe[c]), ...(keepsBuild ? spec.output.build.map((c) => build[c]) : [])];
}

class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) { const d = new Int32Array(this.data.length * 2); d.set(this.data); this.data = d; }
    this.data[this.length++] = v;
  }
  view(): Int32Array { return this.data.subarray(0, this.length); }
  reset(): void { this.length = 0; }
}

/** Chain heads by any key (strings, doubles), answering -1 for none as IntHashMap does. */
class MapHeads {
  private readonly map = new Map<Key, number>();
  get(k: Key): number { return this.map.get(k) ?? -1; }
  set(k: Key, row: number): void { this.map.set(k, row); }
}

/** Whether every non-NULL key is a 32-bit integer: bigint columns (doubles here) of
 *  surrogate keys then go in an IntHashMap, several times faster to probe than a Map. */
function allInt32(keys: ArrayLike<Key>, nulls: Uint8Array | null): boolean {
  if (!(keys instanceof Float64Array)) return false;
  for (let i = 0; i < keys.length; i++) if ((keys[i] | 0) !== keys[i] && (nulls === null || nulls[i] === 0)) return false;
  return true;
}

export class HashJoin implements Operator {
  readonly types: DataType[];
  private build: Batch | null = null;
  /** Where each key's chain of build rows starts: by tuple number for multi-column keys
   *  (KeyEncoder numbers them densely), in an IntHashMap for one integer column, in a Map
   *  otherwise (strings, doubles). Cross joins chain every row from `crossHead`. */
  private heads: Int32Array | IntHashMap | MapHeads = new MapHeads();
  private crossHead = -1;
  private chain = new Int32Array(0);
  private buildMatched: Uint8Array | null = null;
  private probeBatch: Batch | null = null;
  private probeKeys: RowKeys | null = null;
  private readonly encoder = new KeyEncoder();
  private probeRow = 0;
  private finished = false;
  private emittedUnmatched = false;
  private readonly pl = new IntList();
  private readonly bl = new IntList();
  private readonly probeOut: number[];
  private readonly buildOut: number[];

  constructor(private readonly probe: Operator, private readonly buildInput: Operator, private readonly spec: HashJoinSpec) {
    this.types = joinOutputTypes(spec, probe.types, buildInput.types);
    this.probeOut = spec.output?.probe ?? probe.types.map((_, i) => i);
    this.buildOut = spec.output?.build ?? buildInput.types.map((_, i) => i);
  }

  private buildTable(): void {
    const b = concatBatches(this.buildInput.types, drain(this.buildInput));
    this.build = b;
    this.chain = new Int32Array(b.length).fill(-1);
    if (this.spec.type === 'right' || this.spec.type === 'full') this.buildMatched = new Uint8Array(b.length);
    if (this.spec.buildKeys.length === 0) {
      for (let i = b.length - 1; i >= 0; i--) { this.chain[i] = this.crossHead; this.crossHead = i; }
      return;
    }
    const { keys, nulls } = this.encoder.encode(this.spec.buildKeys.map((k) => b.columns[k]), b.length);
    const chain = this.chain;
    if (this.spec.buildKeys.length > 1) {
      const heads = new Int32Array(this.encoder.size).fill(-1);
      for (let i = b.length - 1; i >= 0; i--) {
        if (nulls !== null && nulls[i] === 1) continue;
        const k = keys[i] as number;
        chain[i] = heads[k];
        heads[k] = i;
      }
      this.heads = heads;
    } else {
      const heads = keys instanceof Int32Array || keys instanceof Uint8Array || allInt32(keys, nulls) ? new IntHashMap(b.length) : new MapHeads();
      for (let i = b.length - 1; i >= 0; i--) {
        if (nulls !== null && nulls[i] === 1) continue;
        const k = keys[i] as number;
        chain[i] = heads.get(k);
        heads.set(k, i);
      }
      this.heads = heads;
    }
  }

  /** The first build row with row r's key, or -1. */
  private headOf(pk: RowKeys | null, r: number): number {
    if (pk === null) return this.crossHead;
    if (pk.nulls !== null && pk.nulls[r] === 1) return -1;
    const heads = this.heads, k = pk.keys[r];
    if (heads instanceof Int32Array) return (k as number) >= 0 ? heads[k as number] : -1;
    // A probe key of another type (a bigint or double column against an int one) matches
    // only where it is the same integer.
    if (heads instanceof IntHashMap) return ((k as number) | 0) === k ? heads.get(k as number) : -1;
    return heads.get(k);
  }

  next(): Batch | null {
    if (!this.build) this.buildTable();
    for (;;) {
      if (!this.probeBatch) {
        if (this.finished) return this.unmatchedBuildRows();
        const b = this.probe.next();
        if (!b) { this.finished = true; continue; }
        if (b.length === 0) continue;
        this.probeBatch = b;
        this.probeRow = 0;
        this.probeKeys = this.spec.probeKeys.length ? this.encoder.encode(this.spec.probeKeys.map((k) => b.columns[k]), b.length, false) : null;
      }
      const out = this.probeSome();
      if (out && out.length > 0) return out;
    }
  }

  /** Probes rows of the current batch until enough pairs for one output batch. */
  private probeSome(): Batch | null {
    const b = this.probeBatch!;
    const pk = this.probeKeys;
    const { pl, bl } = this;
    pl.reset(); bl.reset();
    const startRow = this.probeRow;
    let r = this.probeRow;
    const chain = this.chain, heads = this.heads, limit = BATCH_SIZE * 4;
    // One loop per kind of index, so the row loop does not dispatch on it.
    const keys = pk?.keys, nulls = pk?.nulls ?? null;
    if (pk === null) {
      for (; r < b.length && pl.length < limit; r++) for (let j = this.crossHead; j >= 0; j = chain[j]) { pl.push(r); bl.push(j); }
    } else if (heads instanceof Int32Array) {
      const ks = keys as Float64Array;
      for (; r < b.length && pl.length < limit; r++) {
        if (nulls !== null && nulls[r] === 1) continue;
        const k = ks[r];
        for (let j = k >= 0 ? heads[k] : -1; j >= 0; j = chain[j]) { pl.push(r); bl.push(j); }
      }
    } else if (heads instanceof IntHashMap && keys instanceof Int32Array) {
      for (; r < b.length && pl.length < limit; r++) {
        if (nulls !== null && nulls[r] === 1) continue;
        for (let j = heads.get(keys[r]); j >= 0; j = chain[j]) { pl.push(r); bl.push(j); }
      }
    } else if (heads instanceof IntHashMap && keys instanceof Float64Array) {
      // A bigint key column (surrogate keys are) whose build values all fit 32 bits.
      for (; r < b.length && pl.length < limit; r++) {
        if (nulls !== null && nulls[r] === 1) continue;
        const k = keys[r];
        if ((k | 0) !== k) continue;
        for (let j = heads.get(k); j >= 0; j = chain[j]) { pl.push(r); bl.push(j); }
      }
    } else {
      for (; r < b.length && pl.length < limit; r++) {
        for (let j = this.headOf(pk, r); j >= 0; j = chain[j]) { pl.push(r); bl.push(j); }
      }
    }
    this.probeRow = r;
    const endRow = r;
    if (r >= b.length) this.probeBatch = null;
    return this.emit(b, startRow, endRow);
  }

  private emit(b: Batch, startRow: number, endRow: number): Batch | null {
    const build = this.build!;
    let probeIdx = this.pl.view();
    let buildIdx = this.bl.view();
    if (this.spec.residual && probeIdx.length > 0) {
      const cand: Batch = { columns: [...gatherBatch(b, probeIdx).columns, ...gatherBatch(build, buildIdx).columns], length: probeIdx.length };
      const { sel, count } = this.spec.residual(cand);
      const p2 = new Int32Array(count), b2 = new Int32Array(count);
      for (let i = 0; i < count; i++) { p2[i] = probeIdx[sel[i]]; b2[i] = buildIdx[sel[i]]; }
      probeIdx = p2; buildIdx = b2;
    }
    if (this.buildMatched) for (let i = 0; i < buildIdx.length; i++) this.buildMatched[buildIdx[i]] = 1;
    const type = this.spec.type;
    if (type === 'semi' || type === 'anti') {
      const matched = new Uint8Array(endRow - startRow);
      for (let i = 0; i < probeIdx.length; i++) matched[probeIdx[i] - startRow] = 1;
      const keep: number[] = [];
      for (let r = startRow; r < endRow; r++) if ((matched[r - startRow] === 1) === (type === 'semi')) keep.push(r);
      const idx = Int32Array.from(keep);
      return { columns: gatherColumns(b, this.probeOut, idx), length: idx.length };
    }
    if (type === 'left' || type === 'full') {
      const matched = new Uint8Array(endRow - startRow);
      for (let i = 0; i < probeIdx.length; i++) matched[probeIdx[i] - startRow] = 1;
      const p: number[] = [], q: number[] = [];
      let k = 0;
      // Keep probe order: interleave unmatched rows with matched pairs.
      for (let r = startRow; r < endRow; r++) {
        if (matched[r - startRow] === 0) { p.push(r); q.push(-1); continue; }
        while (k < probeIdx.length && probeIdx[k] === r) { p.push(r); q.push(buildIdx[k]); k++; }
      }
      probeIdx = Int32Array.from(p); buildIdx = Int32Array.from(q);
    }
    return { columns: [...gatherColumns(b, this.probeOut, probeIdx), ...gatherColumns(build, this.buildOut, buildIdx)], length: probeIdx.length };
  }

  private unmatchedBuildRows(): Batch | null {
    if (this.emittedUnmatched || !this.buildMatched) return null;
    this.emittedUnmatched = true;
    const rows: number[] = [];
    for (let i = 0; i < this.buildMatched.length; i++) if (this.buildMatched[i] === 0) rows.push(i);
    const bi = Int32Array.from(rows);
    const pi = new Int32Array(rows.length).fill(-1);
    const build = this.build!;
    const probeCols = this.probeOut.map((c) => { const t = this.probe.types[c]; return gather({ type: t, values: allocFor(t, 0), nulls: null }, pi); });
    return { columns: [...probeCols, ...gatherColumns(build, this.buildOut, bi)], length: rows.length };
  }

  close(): void {
    this.probe.close();
    this.buildInput.close();
    this.build = null;
    this.heads = new MapHeads();
  }
}
